// closeGuardsIn and missingGuards: which tables are read (and which are not), whose refusals count, and
// how failures are reported.
import { describe, expect, it } from 'vitest';
import { closeGuardsIn, missingGuards, unlockApp } from '../../core/unlock';
import type { GuardSpec } from '../../core/model';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const mutex: GuardSpec = { type: 'Mutant', name: WECHAT_MUTEX };
const lockFile: GuardSpec = { type: 'File', name: 'xwechat\\lock\\lock.ini' };
const LOCK = '\\Device\\HarddiskVolume3\\Users\\a\\Tencent\\xwechat\\lock\\lock.ini';
const snapshots = (calls: string[]) => calls.filter((c) => c.startsWith('snapshotHandles'));

describe('closeGuardsIn', () => {
  it('reads no table at all without guards, and no object table without processes', async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    expect(await closeGuardsIn(os, [app.pid], [])).toMatchObject({ ok: true, value: { closed: [], failed: [] } });
    expect(await closeGuardsIn(os, [], [mutex])).toMatchObject({ ok: true, value: { closed: [], failed: [] } });
    expect(snapshots(os.calls)).toEqual([]);
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(true);
  });

  it('reads the File table only for File guards: in the given processes, everywhere when none are given, nowhere when the list is empty', async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }, { typeName: 'File', name: LOCK }] });
    await closeGuardsIn(os, [app.pid], [mutex]);
    expect(snapshots(os.calls)).toEqual([`snapshotHandles ${app.pid} Mutant`]);
    os.calls.length = 0;
    await closeGuardsIn(os, [app.pid], [lockFile], []);
    expect(snapshots(os.calls)).toEqual([]);
    expect(os.objectExists('File', LOCK)).toBe(true);
    const everywhere = await closeGuardsIn(os, [app.pid], [lockFile]);
    expect(snapshots(os.calls)).toEqual(['snapshotHandles * File']);
    expect(everywhere.ok && [...everywhere.value.found]).toEqual([0]);
    expect(os.objectExists('File', LOCK)).toBe(false);
  });

  it('counts refusals of the app\'s own processes only, not of the other programs a File search reads', async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('Other') }] });
    const stranger = os.addProcess({ ppid: 500, name: 'Antivirus.exe', path: null });
    os.deniedPids.add(stranger.pid);
    const result = await closeGuardsIn(os, [app.pid], [mutex, lockFile], [app.pid, stranger.pid]);
    expect(result.ok && result.value.denied).toEqual([]);
    os.deniedPids.add(app.pid);
    const denied = await closeGuardsIn(os, [app.pid], [mutex, lockFile], [app.pid, stranger.pid]);
    expect(denied.ok && denied.value.denied).toEqual([app.pid]);
  });

  it('skips handles whose name cannot be read, and reports a table that cannot be read', async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX), nameFailure: { kind: 'win32', code: 6, call: 'DuplicateHandle' } }] });
    const result = await closeGuardsIn(os, [app.pid], [mutex]);
    expect(result.ok && result.value).toMatchObject({ closed: [], failed: [] });
    expect(result.ok && result.value.found.size).toBe(0);
    expect(os.calls.some((c) => c.startsWith('closeRemoteHandle'))).toBe(false);
    os.snapshotHandles = async () => ({ ok: false, failure: { kind: 'ntstatus', code: 0xc0000017, call: 'NtQuerySystemInformation' } });
    expect(await closeGuardsIn(os, [app.pid], [mutex])).toMatchObject({ ok: false, error: { code: 'OS_ERROR', message: expect.stringContaining('reading the handle table') } });
    expect(await unlockApp(os, 'WeChat.exe', [mutex])).toMatchObject({ ok: false, error: { code: 'OS_ERROR' } });
  });
});

describe('missingGuards', () => {
  const guards: GuardSpec[] = [mutex, { type: 'Event', name: 'Second' }, { type: 'Event', name: 'Maybe', optional: true }];

  it('names each required guard not found, and nothing when all were found', () => {
    expect(missingGuards(guards, new Set([0, 1]), 'WeChat.exe')).toEqual([]);
    const missing = missingGuards(guards, new Set([0]), 'WeChat.exe');
    expect(missing).toEqual([{ pid: null, handle: null, code: 'GUARD_NOT_FOUND', message: expect.stringContaining('no running WeChat.exe holds Event:Second') }]);
  });

  it('says ACCESS_DENIED once, naming the unreadable processes and the guards, when the app could not be read', () => {
    const denied = missingGuards(guards, new Set(), 'WeChat.exe', [41, 42]);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ pid: 41, handle: null, code: 'ACCESS_DENIED' });
    expect(denied[0]?.message).toContain('PID 41, 42');
    expect(denied[0]?.message).toContain(`Mutant:${WECHAT_MUTEX}, Event:Second`);
    expect(denied[0]?.message).not.toContain('Maybe');
  });
});

describe('unlockApp', () => {
  it('reports a process list that cannot be read', async () => {
    const { os } = fakeWorld();
    os.listProcesses = async () => ({ ok: false, failure: { kind: 'ntstatus', code: 0xc0000022, call: 'NtQuerySystemInformation' } });
    expect(await unlockApp(os, 'WeChat.exe', [mutex])).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
  });
});
