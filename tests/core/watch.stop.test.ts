// Stopping a watcher: it ends its own launch early, starts nothing after, and leaves no timer behind.
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../core/model';
import { GuardWatcher } from '../../core/watch';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const guards = [{ type: 'Mutant' as const, name: WECHAT_MUTEX }];
const until = async (check: () => boolean, ms = 2_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
  return check();
};

describe('GuardWatcher.stop', () => {
  it('ends the launch it is waiting on instead of waiting for the guard timeout, and starts nothing afterwards', async () => {
    const { os, wechatPath } = fakeWorld();
    // Each copy takes 10 s to create its guard; the launch would wait for it up to 10 s.
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], startDelayMs: 10_000 });
    const plan = { exePath: wechatPath, exe: 'WeChat.exe', guards, args: [], count: 0 };
    const timing = { intervalMs: 5, retryAfterFailureMs: 60_000, launch: { pollMs: 5, guardTimeoutMs: 10_000, settleMs: 10 } };
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards, plan, keep: 3 }, undefined, timing);
    watcher.start();
    expect(await until(() => os.spawns.length === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const stopping = Date.now();
    await watcher.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    const calls = os.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(os.spawns).toHaveLength(1);
    expect(os.calls.length).toBe(calls);
  });

  it('while paused it closes and launches nothing, and after stop() no look happens again', async () => {
    const { os } = fakeWorld();
    const timing = { intervalMs: 2, retryAfterFailureMs: 1_000, launch: { pollMs: 2, guardTimeoutMs: 100, settleMs: 10 } };
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, undefined, timing);
    watcher.setPaused(true);
    watcher.start();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    await new Promise((r) => setTimeout(r, 30));
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(true);
    expect(os.calls.filter((c) => c === 'listProcesses')).toEqual([]);
    await watcher.stop();
  });
});

describe('GuardWatcher.start', () => {
  it('announces its state at once, so a front end knows of a watcher even while nothing runs', async () => {
    const { os } = fakeWorld();
    const events: WatchEvent[] = [];
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, (e) => events.push(e));
    watcher.start();
    expect(events).toEqual([{ kind: 'state', presetId: 'wechat', state: expect.objectContaining({ presetId: 'wechat', paused: false, running: 0 }) }]);
    await watcher.stop();
  });
});
