// The watcher under churn: 200 copies of the app are started and ended while auto-unlock runs (real core
// over the fake OS, real timers). Every copy's guard is closed, and the watcher's timers do not grow.
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../core/model';
import { GuardWatcher } from '../../core/watch';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const guards = [{ type: 'Mutant' as const, name: WECHAT_MUTEX }];
const COPIES = 200;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GuardWatcher under churn', () => {
  it(`closes the guard of each of ${COPIES} copies started and ended while it runs, with no timer left over`, async () => {
    const { os, wechatPath } = fakeWorld();
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const events: WatchEvent[] = [];
    const baseline = timers();
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, (e) => events.push(e), { intervalMs: 1, retryAfterFailureMs: 1_000, launch: { pollMs: 1, guardTimeoutMs: 100, settleMs: 5 } });
    watcher.start();
    const running: number[] = [];
    const refused: number[] = [];
    const timerSamples: number[] = [];
    for (let i = 0; i < COPIES; i++) {
      // The user starts a copy; like the real app it exits at once if the guard is still held anywhere.
      const spawned = await os.spawnDetached(wechatPath);
      if (!spawned.ok) throw new Error('spawn failed');
      const pid = spawned.value.pid;
      if (!os.processes.has(pid)) refused.push(pid);
      else running.push(pid);
      const end = Date.now() + 2_000;
      while (os.objectExists('Mutant', bno(WECHAT_MUTEX)) && Date.now() < end) await sleep(1);
      // Some copies end again, in random order, some at once, some later.
      while (running.length > 0 && random() < 0.45) os.kill(running.splice(Math.floor(random() * running.length), 1)[0] as number);
      if (i % 50 === 49) timerSamples.push(timers() - baseline);
    }
    await watcher.stop();
    const closed = events.filter((e) => e.kind === 'closed');
    expect(refused).toEqual([]);
    expect(closed).toHaveLength(COPIES);
    expect(new Set(closed.map((e) => (e.kind === 'closed' ? e.handle.pid : 0))).size).toBe(COPIES);
    expect(watcher.snapshot).toMatchObject({ closedCount: COPIES, lastFailure: null });
    expect(events.filter((e) => e.kind === 'failed')).toEqual([]);
    // At most the watcher's own next look, the test's sleep and the fake's nothing: flat from the first sample to the last.
    expect(Math.max(...timerSamples)).toBeLessThanOrEqual(2);
    expect(timers()).toBeLessThanOrEqual(baseline);
    // Stopped means stopped: no look after it.
    const calls = os.calls.length;
    await sleep(20);
    expect(os.calls.length).toBe(calls);
  }, 30_000);
});
