/** Readiness instead of fixed waits: the next copy starts only once the previous one is ready as the preset says. */
import { describe, expect, it } from 'vitest';
import { launchInstances, type LaunchPlan } from '../../core/launch';
import type { ReadySpec } from '../../core/model';
import { bno, fakeWorld } from './fake-world';

const timing = { pollMs: 2, guardTimeoutMs: 200, settleMs: 10 };
const D2R = 'C:\\Games\\Diablo II Resurrected\\D2R.exe';
const EVENT = 'DiabloII Check For Other Instances';
const plan = (ready: ReadySpec, count = 2): LaunchPlan => ({ exePath: D2R, exe: 'D2R.exe', guards: [{ type: 'Event', name: EVENT }], args: [], count, ready });

describe('a preset\'s readiness', () => {
  it('starts the next copy only once the previous one shows a window of the class', async () => {
    const { os } = fakeWorld();
    // The game window appears 40 ms after the copy started (its guard comes at once).
    os.installProgram(D2R, { guards: [['Event', bno(EVENT)]] });
    const spawn = os.spawnDetached.bind(os);
    const windowsAtSpawn: number[] = [];
    os.spawnDetached = async (...args) => {
      windowsAtSpawn.push(os.windows.size);
      const started = await spawn(...args);
      if (started.ok) setTimeout(() => os.windows.set(started.value.pid, [{ handle: 1, title: 'Diablo II: Resurrected', className: 'OsWindow' }]), 40);
      return started;
    };
    const result = await launchInstances(os, plan({ windowClass: 'OsWindow', timeoutMs: 2_000 }), undefined, timing);
    expect(result.ok && result.value.failed).toEqual([]);
    // When the second copy was started, the first one's window was there.
    expect(windowsAtSpawn).toEqual([0, 1]);
  });

  it('stops with TIMEOUT, starting no next copy, when the window never comes', async () => {
    const { os } = fakeWorld();
    os.installProgram(D2R, { guards: [['Event', bno(EVENT)]], window: { className: 'SomethingElse' } });
    const result = await launchInstances(os, plan({ windowClass: 'OsWindow', timeoutMs: 1_000 }, 3), undefined, { ...timing, pollMs: 50 });
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['TIMEOUT']);
    expect(result.ok && result.value.failed[0]?.message).toMatch(/did not show a window of class "OsWindow"/);
    expect(os.spawns).toHaveLength(1);
  });

  it('waits for a file (placeholders and %VARS% filled in) and ignores readiness for the last copy', async () => {
    const { os } = fakeWorld();
    os.installProgram(D2R, { guards: [['Event', bno(EVENT)]] });
    const spawn = os.spawnDetached.bind(os);
    const firstReadyAtSpawn: boolean[] = [];
    os.spawnDetached = async (...args) => {
      firstReadyAtSpawn.push(os.files.has('c:\\users\\me\\ready-1.txt'));
      const started = await spawn(...args);
      setTimeout(() => os.files.add(`c:\\users\\me\\ready-${os.spawns.length}.txt`), 20);
      return started;
    };
    const result = await launchInstances(os, { ...plan({ file: '%USERPROFILE%\\ready-{index}.txt' }, 2), processEnv: { USERPROFILE: 'C:\\Users\\me' } }, undefined, timing);
    expect(result.ok && result.value).toMatchObject({ failed: [], running: 2 });
    expect(firstReadyAtSpawn).toEqual([false, true]);
  });

  it('reports INSTANCE_EXITED when the copy quits while it is awaited', async () => {
    const { os } = fakeWorld();
    os.installProgram(D2R, { guards: [['Event', bno(EVENT)]] });
    const spawn = os.spawnDetached.bind(os);
    os.spawnDetached = async (...args) => {
      const started = await spawn(...args);
      if (started.ok) setTimeout(() => os.kill(started.value.pid), 30);
      return started;
    };
    const result = await launchInstances(os, plan({ windowClass: 'OsWindow' }), undefined, timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['INSTANCE_EXITED']);
  });
});
