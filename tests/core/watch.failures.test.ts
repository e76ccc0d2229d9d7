// What a watcher does when something fails: it says so (event and lastFailure), does not retry a failing
// launch in a loop, clears the failure once a close succeeds again, and survives an exception.
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../core/model';
import { GuardWatcher } from '../../core/watch';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const guards = [{ type: 'Mutant' as const, name: WECHAT_MUTEX }];
const timing = { intervalMs: 2, retryAfterFailureMs: 60_000, launch: { pollMs: 2, guardTimeoutMs: 50, settleMs: 5 } };
const failures = (events: WatchEvent[]) => events.flatMap((e) => (e.kind === 'failed' ? [e.failure.code] : []));

describe('GuardWatcher failures', () => {
  it('reports its keep count, or null without one', () => {
    const { os, wechatPath } = fakeWorld();
    const plan = { exePath: wechatPath, exe: 'WeChat.exe', guards, args: [], count: 0 };
    expect(new GuardWatcher(os, { presetId: 'a', exe: 'WeChat.exe', guards, plan, keep: 2 }).snapshot.keep).toBe(2);
    expect(new GuardWatcher(os, { presetId: 'b', exe: 'WeChat.exe', guards }).snapshot).toMatchObject({ keep: null, paused: false, running: 0, lastFailure: null });
  });

  it('waits before retrying a failed launch, and retries at once after a resume', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { exitsAtOnce: true });
    const events: WatchEvent[] = [];
    const plan = { exePath: wechatPath, exe: 'WeChat.exe', guards, args: [], count: 0 };
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards, plan, keep: 1 }, (e) => events.push(e), timing);
    await watcher.tick();
    expect(os.spawns).toHaveLength(1);
    expect(failures(events)).toEqual(['INSTANCE_EXITED']);
    expect(watcher.snapshot.lastFailure?.code).toBe('INSTANCE_EXITED');
    await watcher.tick();
    await watcher.tick();
    expect(os.spawns).toHaveLength(1);
    // Paused and resumed: the user asks for another try now.
    watcher.setPaused(true);
    watcher.setPaused(false);
    await watcher.tick();
    expect(os.spawns).toHaveLength(2);
    expect(events.filter((e) => e.kind === 'state' && e.state.paused).length).toBe(1);
  });

  it('reports a failed pre-claim, and holds a claim once however often it looks', async () => {
    const { os } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'Other.exe', path: null, handles: [{ typeName: 'Event', name: bno('Taken') }] });
    const events: WatchEvent[] = [];
    const preclaim = [
      { type: 'Mutant' as const, name: 'Taken' },
      { type: 'Mutant' as const, name: 'Free' },
    ];
    const watcher = new GuardWatcher(os, { presetId: 'roblox', exe: 'RobloxPlayerBeta.exe', guards: [], preclaim }, (e) => events.push(e), timing);
    let holds = 0;
    const original = os.holdNamedObject.bind(os);
    os.holdNamedObject = (type, name) => (holds++, original(type, name));
    await watcher.tick();
    await watcher.tick();
    expect(failures(events)).toEqual(['PRECLAIM_FAILED', 'PRECLAIM_FAILED']);
    expect(!!events.find((e) => e.kind === 'failed' && e.failure.message.includes('pre-claiming Mutant "Taken"'))).toBe(true);
    // "Free" is held after the first look and not asked for again; "Taken" is retried.
    expect(holds).toBe(3);
    await watcher.stop();
    expect(os.objectExists('Mutant', bno('Free'))).toBe(false);
  });

  it('reports a process list or handle table that cannot be read', async () => {
    const { os } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const events: WatchEvent[] = [];
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, (e) => events.push(e), timing);
    const snapshot = os.snapshotHandles.bind(os);
    os.snapshotHandles = async () => ({ ok: false, failure: { kind: 'ntstatus', code: 0xc0000022, call: 'NtQuerySystemInformation' } });
    await watcher.tick();
    const list = os.listProcesses.bind(os);
    os.listProcesses = async () => ({ ok: false, failure: { kind: 'ntstatus', code: 0xc0000001, call: 'NtQuerySystemInformation' } });
    await watcher.tick();
    expect(failures(events)).toEqual(['ACCESS_DENIED', 'OS_ERROR']);
    expect(watcher.snapshot.lastFailure?.message).toContain('listing processes');
    // Once a close works again, the failure is cleared.
    os.listProcesses = list;
    os.snapshotHandles = snapshot;
    await watcher.tick();
    expect(watcher.snapshot).toMatchObject({ lastFailure: null, closedCount: 1 });
    expect(events.at(-1)).toMatchObject({ kind: 'state', state: { lastFailure: null } });
  });

  it('keeps the failure while some closes still fail', async () => {
    const { os } = fakeWorld();
    const a = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    os.closeFailures.set(`${a.pid}:${a.handles[0]!.handle}`, { kind: 'ntstatus', code: 0xc0000022, call: 'NtDuplicateObject' });
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, undefined, timing);
    await watcher.tick();
    expect(watcher.snapshot).toMatchObject({ closedCount: 1, lastFailure: { code: 'ACCESS_DENIED', pid: a.pid } });
  });

  it('turns an exception in a look into a failure and goes on looking', async () => {
    const { os } = fakeWorld();
    const events: WatchEvent[] = [];
    const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards }, (e) => events.push(e), timing);
    let calls = 0;
    const list = os.listProcesses.bind(os);
    os.listProcesses = async () => {
      if (++calls === 1) throw new Error('boom');
      return list();
    };
    watcher.start();
    const end = Date.now() + 2_000;
    while (calls < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    await watcher.stop();
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(events.find((e) => e.kind === 'failed')).toMatchObject({ failure: { code: 'OS_ERROR', message: 'watcher error: Error: boom' } });
  });

  it('looks for a File guard only while the app runs, never in other programs with a file of that name', async () => {
    const { os } = fakeWorld();
    const other = os.addProcess({ ppid: 500, name: 'Backup.exe', path: null, handles: [{ typeName: 'File', name: '\\Device\\HarddiskVolume3\\Backup\\xwechat\\lock\\lock.ini' }] });
    const watcher = new GuardWatcher(os, { presetId: 'weixin', exe: 'Weixin.exe', guards: [{ type: 'File', name: 'xwechat\\lock\\lock.ini' }] }, undefined, timing);
    await watcher.tick();
    expect(os.processes.get(other.pid)?.handles).toHaveLength(1);
    expect(os.calls.some((c) => c.startsWith('snapshotHandles'))).toBe(false);
  });

  it('closes a running copy\'s File guard only in the app and programs started since it, never in an older program with a file of that name', async () => {
    const { os } = fakeWorld();
    const lock = '\\Device\\HarddiskVolume3\\Users\\me\\xwechat\\lock\\lock.ini';
    const older = os.addProcess({ ppid: 500, name: 'Backup.exe', path: null, handles: [{ typeName: 'File', name: lock }] });
    const app = os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'File', name: lock }] });
    const watcher = new GuardWatcher(os, { presetId: 'weixin', exe: 'Weixin.exe', guards: [{ type: 'File', name: 'xwechat\\lock\\lock.ini' }] }, undefined, timing);
    await watcher.tick();
    expect(os.processes.get(app.pid)?.handles).toHaveLength(0);
    expect(os.processes.get(older.pid)?.handles).toHaveLength(1);
  });
});
