import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../core/model';
import { instanceRoots } from '../../core/processes';
import { GuardWatcher } from '../../core/watch';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const guards = [{ type: 'Mutant' as const, name: WECHAT_MUTEX }];
const timing = { intervalMs: 5, retryAfterFailureMs: 1_000, launch: { pollMs: 2, guardTimeoutMs: 100, settleMs: 10 } };

describe('GuardWatcher', () => {
  it('closes the guard of each instance the user starts, and does nothing while paused', async () => {
    const { os } = fakeWorld();
    const events: WatchEvent[] = [];
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, (e) => events.push(e), timing);
    const a = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    await watcher.tick();
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(false);
    expect(events.filter((e) => e.kind === 'closed').map((e) => e.kind === 'closed' && e.handle.pid)).toEqual([a.pid]);
    watcher.setPaused(true);
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    await watcher.tick();
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(true);
    watcher.setPaused(false);
    await watcher.tick();
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(false);
    expect(watcher.snapshot).toMatchObject({ closedCount: 2, running: 2, paused: false });
    await watcher.stop();
  });

  it('keeps N instances running, restarting one that exits', async () => {
    const { os, wechatPath } = fakeWorld();
    const plan = { exePath: wechatPath, exe: 'WeChat.exe', guards, args: [], count: 0 };
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards, plan, keep: 2 }, undefined, timing);
    await watcher.tick();
    const roots = async () => {
      const l = await os.listProcesses();
      return l.ok ? instanceRoots(l.value, 'WeChat.exe') : [];
    };
    expect(await roots()).toHaveLength(2);
    os.kill((await roots())[0]?.pid as number);
    expect(await roots()).toHaveLength(1);
    await watcher.tick();
    expect(await roots()).toHaveLength(2);
    expect(watcher.snapshot.launchedCount).toBe(3);
    // The guards the watcher's own launches closed are counted and reported too.
    expect(watcher.snapshot.closedCount).toBe(3);
    await watcher.stop();
  });

  it('runs on its own timer once started and stops cleanly', async () => {
    const { os } = fakeWorld();
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, undefined, timing);
    watcher.start();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const until = Date.now() + 2_000;
    while (os.objectExists('Mutant', bno(WECHAT_MUTEX)) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(false);
    await watcher.stop();
    const calls = os.calls.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(os.calls.length).toBe(calls);
  });

  it('holds pre-claimed objects while it runs and releases them when stopped', async () => {
    const { os } = fakeWorld();
    const watcher = new GuardWatcher(os, { presetId: 'roblox', exe: 'RobloxPlayerBeta.exe', guards: [], preclaim: [{ type: 'Mutant', name: 'ROBLOX_singletonEvent' }] }, undefined, timing);
    await watcher.tick();
    expect(os.objectExists('Mutant', bno('ROBLOX_singletonEvent'))).toBe(true);
    await watcher.stop();
    expect(os.objectExists('Mutant', bno('ROBLOX_singletonEvent'))).toBe(false);
  });
});
