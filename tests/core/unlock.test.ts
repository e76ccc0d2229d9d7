import { describe, expect, it } from 'vitest';
import { closeHandle, unlockApp } from '../../core/unlock';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const guard = { type: 'Mutant' as const, name: WECHAT_MUTEX };

describe('unlockApp', () => {
  it('closes the guard in every running instance and in their child processes', async () => {
    const { os } = fakeWorld();
    const a = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: 'C:\\W\\WeChat.exe', handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }, { typeName: 'Event', name: bno('other') }] });
    const b = os.addProcess({ ppid: 500, name: 'wechat.EXE', path: 'C:\\W\\WeChat.exe' });
    const child = os.addProcess({ ppid: b.pid, name: 'WeChatAppEx.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const result = await unlockApp(os, 'WeChat.exe', [guard]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.failed).toEqual([]);
    expect(result.value.closed.map((c) => c.pid).sort()).toEqual([a.pid, child.pid].sort());
    expect(result.value.closed[0]).toMatchObject({ type: 'Mutant', name: bno(WECHAT_MUTEX) });
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(false);
    expect(os.objectExists('Event', bno('other'))).toBe(true);
  });

  it('filters the snapshot by PID and type before naming handles', async () => {
    const { os } = fakeWorld();
    const a = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    await unlockApp(os, 'WeChat.exe', [guard]);
    expect(os.calls).toContain(`snapshotHandles ${a.pid} Mutant`);
    expect(os.calls).toContain('queryHandleNames 1');
  });

  it('does not touch processes of other apps holding an object of the same name', async () => {
    const { os } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const other = os.addProcess({ ppid: 500, name: 'Spy.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    await unlockApp(os, 'WeChat.exe', [guard]);
    expect(os.processes.get(other.pid)?.handles).toHaveLength(1);
  });

  it('reports NOT_RUNNING and GUARD_NOT_FOUND, but not for optional guards', async () => {
    const { os } = fakeWorld();
    const none = await unlockApp(os, 'WeChat.exe', [guard]);
    expect(none.ok && none.value.failed[0]?.code).toBe('NOT_RUNNING');
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const partly = await unlockApp(os, 'WeChat.exe', [guard, { type: 'Event', name: 'Gone' }, { type: 'Event', name: 'Maybe', optional: true }]);
    expect(partly.ok && partly.value.closed).toHaveLength(1);
    expect(partly.ok && partly.value.failed.map((f) => f.code)).toEqual(['GUARD_NOT_FOUND']);
    expect(partly.ok && partly.value.failed[0]?.message).toContain('Event:Gone');
  });

  it('refuses protected handles and reports access denied per handle', async () => {
    const { os } = fakeWorld();
    const p = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX), attributes: 1 }] });
    const q = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const qHandle = q.handles[0]?.handle as number;
    os.closeFailures.set(`${q.pid}:${qHandle}`, { kind: 'ntstatus', code: 0xc0000022, call: 'NtDuplicateObject' });
    const result = await unlockApp(os, 'WeChat.exe', [guard]);
    expect(result.ok && result.value.failed.map((f) => [f.pid, f.code])).toEqual([
      [p.pid, 'PROTECTED_HANDLE'],
      [q.pid, 'ACCESS_DENIED'],
    ]);
    expect(result.ok && result.value.failed[1]?.status).toBe('0xC0000022');
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(true);
  });
});

describe('an app running with higher rights', () => {
  it('reports ACCESS_DENIED with the next step, not GUARD_NOT_FOUND, when its handles cannot be read', async () => {
    const { os } = fakeWorld();
    const elevated = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    os.deniedPids.add(elevated.pid);
    const result = await unlockApp(os, 'WeChat.exe', [guard]);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['ACCESS_DENIED']);
    expect(result.ok && result.value.failed[0]?.message).toContain('restart Multiopen as administrator');
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(true);
  });

  it('also when the table is readable but the names are not', async () => {
    const { os } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX), nameFailure: { kind: 'win32', code: 5, call: 'OpenProcess' } }] });
    const result = await unlockApp(os, 'WeChat.exe', [guard]);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['ACCESS_DENIED']);
  });
});

describe('file guards', () => {
  it('finds a locked file held by another process than the app, and closes only that handle', async () => {
    const { os } = fakeWorld();
    // A backup tool that had the same file open before Weixin started must keep its handle.
    const older = os.addProcess({ ppid: 500, name: 'Backup.exe', path: null, handles: [{ typeName: 'File', name: '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\lock\\lock.ini' }] });
    const app = os.addProcess({ ppid: 500, name: 'Weixin.exe', path: null, handles: [{ typeName: 'File', name: '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\config.ini' }] });
    const holder = os.addProcess({ ppid: 77, name: 'rundll32.exe', path: null, handles: [{ typeName: 'File', name: '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\lock\\lock.ini' }] });
    const result = await unlockApp(os, 'Weixin.exe', [{ type: 'File', name: 'Tencent\\xwechat\\lock\\lock.ini' }]);
    expect(result.ok && result.value.failed).toEqual([]);
    expect(result.ok && result.value.closed.map((c) => c.pid)).toEqual([holder.pid]);
    expect(os.calls).toContain(`snapshotHandles ${app.pid},${holder.pid} File`);
    expect(os.processes.get(older.pid)?.handles).toHaveLength(1);
  });
});

describe('closeHandle', () => {
  it('closes a handle by PID and hex value', async () => {
    const { os } = fakeWorld();
    const p = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const h = p.handles[0]?.handle as number;
    const result = await closeHandle(os, { pid: p.pid, handle: `0x${h.toString(16)}` });
    expect(result.ok && result.value.closed).toEqual([{ pid: p.pid, handle: `0x${h.toString(16)}`, type: 'Mutant', name: bno(WECHAT_MUTEX) }]);
  });

  it('reports a missing handle, an exited process and a changed object without closing anything', async () => {
    const { os } = fakeWorld();
    const p = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Event', name: bno('NewObject') }] });
    const h = `0x${(p.handles[0]?.handle as number).toString(16)}`;
    const gone = await closeHandle(os, { pid: p.pid, handle: '0xfffc' });
    expect(gone.ok && gone.value.failed[0]?.code).toBe('HANDLE_GONE');
    const exited = await closeHandle(os, { pid: 99999, handle: h });
    expect(exited.ok && exited.value.failed[0]?.code).toBe('PROCESS_GONE');
    const changed = await closeHandle(os, { pid: p.pid, handle: h, type: 'Mutant', name: bno(WECHAT_MUTEX) });
    expect(changed.ok && changed.value.failed[0]?.code).toBe('HANDLE_CHANGED');
    expect(os.processes.get(p.pid)?.handles).toHaveLength(1);
  });

  it('rejects a value that is not hex', async () => {
    const { os } = fakeWorld();
    const result = await closeHandle(os, { pid: 500, handle: 'zz' });
    expect(!result.ok && result.error.code).toBe('USAGE');
  });
});
