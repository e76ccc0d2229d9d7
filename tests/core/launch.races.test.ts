// Race runs of launch N over the fake OS with injected timing: the new copy or a running one exits midway,
// handle values are reused, the copy's PID goes to another program. Seeded, so a failure replays.
// The check: every handle the OS really closed named the guard at that moment, was not protected, and
// belonged to the app (never to the program that took a PID); no call threw.
import { describe, expect, it } from 'vitest';
import { launchInstances, type LaunchPlan } from '../../core/launch';
import { GuardWatcher } from '../../core/watch';
import { bno, WECHAT_MUTEX } from './fake-world';
import { RacyOs, seeded, type RacePoint } from './racy-os';

const guard = { type: 'Mutant' as const, name: WECHAT_MUTEX };
const exePath = 'C:\\WeChat\\WeChat.exe';
const timing = { pollMs: 1, guardTimeoutMs: 30, settleMs: 5 };

function world(random: () => number) {
  const os = new RacyOs();
  os.addProcess({ pid: 4, ppid: 0, name: 'System', path: null });
  os.addProcess({ pid: 500, ppid: 4, name: 'explorer.exe', path: null });
  os.installProgram(exePath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], ...(random() < 0.3 ? { guardsInChild: 'WeChatHelper.exe' } : {}) });
  for (let i = Math.floor(random() * 3); i > 0; i--) os.addProcess({ ppid: 500, name: 'WeChat.exe', path: exePath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
  const events: string[] = [];
  os.chaos = (point: RacePoint) => {
    if (random() > 0.2) return;
    const procs = [...os.processes.values()].filter((p) => p.pid > 500 && p.name !== 'Victim.exe');
    const victim = procs[Math.floor(random() * procs.length)];
    if (!victim) return;
    const handle = victim.handles[Math.floor(random() * victim.handles.length)];
    const roll = random();
    if (roll < 0.35) {
      events.push(`${point}: ${victim.pid} exits`);
      os.kill(victim.pid);
    } else if (roll < 0.55 && handle) {
      events.push(`${point}: ${victim.pid} ${handle.handle} reused by an Event of the same name`);
      os.reuseHandle(victim.pid, handle.handle, { typeName: 'Event', name: handle.name });
    } else if (roll < 0.65 && handle) {
      events.push(`${point}: ${victim.pid} ${handle.handle} protected`);
      handle.attributes = 1;
    } else {
      // Another program takes the PID (seen from the next process list on): it holds a same-named mutex
      // only when the list is taken after the swap, which is where launch can tell it apart by start time.
      events.push(`${point}: PID ${victim.pid} reused by Victim.exe`);
      os.reusePid(victim.pid, 'Victim.exe', point === 'list' ? [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] : [{ typeName: 'Event', name: bno('Victim') }]);
    }
  };
  return { os, events };
}

const wrong = (os: RacyOs) => os.closed.filter((c) => c.current.typeName !== 'Mutant' || c.current.name !== bno(WECHAT_MUTEX) || (c.current.attributes & 1) !== 0 || c.process === 'Victim.exe');

describe('launch under races', () => {
  it('closes only the app\'s own guards, over 200 seeded launches', async () => {
    const random = seeded(99);
    let launched = 0;
    let closes = 0;
    for (let run = 0; run < 200; run++) {
      const { os, events } = world(random);
      const plan: LaunchPlan = { exePath, exe: 'WeChat.exe', guards: [guard], args: [], count: 1 + Math.floor(random() * 3) };
      const result = await launchInstances(os, plan, undefined, timing);
      expect(result.ok, `run ${run}`).toBe(true);
      expect(wrong(os), `run ${run}: ${events.join('; ')}`).toEqual([]);
      if (result.ok) launched += result.value.launched.length;
      closes += os.closed.length;
    }
    expect(launched).toBeGreaterThan(50);
    expect(closes).toBeGreaterThan(100);
  }, 60_000);

  it('keeps a watcher looking, closing only the app\'s own guards, over 200 seeded looks', async () => {
    const random = seeded(5);
    let closes = 0;
    for (let run = 0; run < 200; run++) {
      const { os, events } = world(random);
      const plan: LaunchPlan = { exePath, exe: 'WeChat.exe', guards: [guard], args: [], count: 0 };
      const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards: [guard], plan, keep: 2 }, undefined, { intervalMs: 1, retryAfterFailureMs: 0, launch: timing });
      await watcher.tick();
      await watcher.tick();
      await watcher.stop();
      expect(wrong(os), `run ${run}: ${events.join('; ')}`).toEqual([]);
      closes += os.closed.length;
    }
    expect(closes).toBeGreaterThan(100);
  }, 60_000);
});
