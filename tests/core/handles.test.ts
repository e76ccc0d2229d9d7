import { describe, expect, it } from 'vitest';
import { closeRefusal, findHandles, isProtected, snapshotNamed, toHandleRow } from '../../core/handles';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const current = (typeName: string, name: string, attributes = 0) => ({ typeName, name, attributes });

describe('isProtected', () => {
  it('reads OBJ_PROTECT_CLOSE (0x1) among the other attribute bits', () => {
    expect(isProtected({ attributes: 0x1 })).toBe(true);
    expect(isProtected({ attributes: 0x3 })).toBe(true);
    expect(isProtected({ attributes: 0x0 })).toBe(false);
    // OBJ_INHERIT alone does not protect.
    expect(isProtected({ attributes: 0x2 })).toBe(false);
  });
});

describe('closeRefusal', () => {
  const full = bno(WECHAT_MUTEX);

  it('lets the object the caller saw be closed, by full name or by the part after the last backslash', () => {
    expect(closeRefusal({ typeName: 'Mutant', name: full }, current('Mutant', full))).toBeNull();
    expect(closeRefusal({ typeName: 'Mutant', name: WECHAT_MUTEX }, current('Mutant', full))).toBeNull();
    expect(closeRefusal({}, current('Event', bno('Anything')))).toBeNull();
  });

  it('refuses a protected handle even when it is the object the caller saw', () => {
    expect(closeRefusal({ typeName: 'Mutant', name: full }, current('Mutant', full, 0x1))).toEqual({ kind: 'protected' });
    expect(closeRefusal({}, current('Mutant', full, 0x3))).toEqual({ kind: 'protected' });
  });

  it('refuses when only the type changed (a reused value now names an object of another kind with the same name)', () => {
    expect(closeRefusal({ typeName: 'Mutant', name: full }, current('Event', full))).toEqual({ kind: 'changed', actualType: 'Event', actualName: full });
    expect(closeRefusal({ typeName: 'Mutant' }, current('Event', full))).toMatchObject({ kind: 'changed' });
  });

  it('refuses when only the name changed', () => {
    expect(closeRefusal({ typeName: 'Mutant', name: full }, current('Mutant', bno('Other')))).toEqual({ kind: 'changed', actualType: 'Mutant', actualName: bno('Other') });
    expect(closeRefusal({ name: WECHAT_MUTEX }, current('Mutant', bno('Other')))).toMatchObject({ kind: 'changed' });
    // An unnamed object never matches a name.
    expect(closeRefusal({ name: WECHAT_MUTEX }, current('Mutant', ''))).toMatchObject({ kind: 'changed', actualName: '' });
  });

  it('compares a full name whole: another session or directory with the same last part is another object', () => {
    expect(closeRefusal({ name: full }, current('Mutant', `\\Sessions\\2\\BaseNamedObjects\\${WECHAT_MUTEX}`))).toMatchObject({ kind: 'changed' });
    // A short name matches only the whole last part, not a suffix of it.
    expect(closeRefusal({ name: 'Mutex_Name' }, current('Mutant', full))).toMatchObject({ kind: 'changed' });
  });

  it('is case-sensitive like the object namespace', () => {
    expect(closeRefusal({ typeName: 'Mutant', name: WECHAT_MUTEX.toLowerCase() }, current('Mutant', full))).toMatchObject({ kind: 'changed' });
    expect(closeRefusal({ typeName: 'mutant', name: full }, current('Mutant', full))).toMatchObject({ kind: 'changed' });
  });
});

describe('snapshotNamed', () => {
  it('names only the filtered handles and lists the processes that refused to be read', async () => {
    const { os } = fakeWorld();
    const a = os.addProcess({ ppid: 500, name: 'A.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('M') }, { typeName: 'Event', name: bno('E') }] });
    const b = os.addProcess({ ppid: 500, name: 'B.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('Hidden'), nameFailure: { kind: 'win32', code: 5, call: 'OpenProcess' } }] });
    const c = os.addProcess({ ppid: 500, name: 'C.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('C') }] });
    os.deniedPids.add(c.pid);
    const gone = os.addProcess({ ppid: 500, name: 'D.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('D'), nameFailure: { kind: 'win32', code: 6, call: 'DuplicateHandle' } }] });
    const named = await snapshotNamed(os, [a.pid, b.pid, c.pid, gone.pid], ['Mutant']);
    expect(named.ok).toBe(true);
    if (!named.ok) return;
    expect(named.value.entries.map((e) => [e.pid, e.typeName, e.name])).toEqual([
      [a.pid, 'Mutant', bno('M')],
      [b.pid, 'Mutant', null],
      [gone.pid, 'Mutant', null],
    ]);
    // Access denied on the table or on a name: an elevated app. A handle that went away is not.
    expect(named.value.denied.sort()).toEqual([b.pid, c.pid].sort());
    expect(os.calls).toContain('queryHandleNames 3');
  });

  it('passes no filter at all when none is given', async () => {
    const { os } = fakeWorld();
    await snapshotNamed(os, undefined, undefined);
    expect(os.calls).toContain('snapshotHandles * *');
  });

  it('words a failed snapshot', async () => {
    const { os } = fakeWorld();
    os.snapshotHandles = async () => ({ ok: false, failure: { kind: 'ntstatus', code: 0xc0000022, call: 'NtQuerySystemInformation' } });
    const named = await snapshotNamed(os, undefined, ['Mutant']);
    expect(!named.ok && named.error).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('reading the handle table') });
  });
});

describe('toHandleRow', () => {
  it('prints handle values and access masks in hex and marks protected handles', () => {
    const entry = { pid: 7, handle: 0x1c4, typeName: 'Mutant', typeIndex: 17, access: 0x1f0001, attributes: 0x1, name: bno('X') };
    expect(toHandleRow(entry, 'A.exe')).toEqual({ pid: 7, process: 'A.exe', handle: '0x1c4', type: 'Mutant', name: bno('X'), access: '0x1f0001', protected: true });
    expect(toHandleRow({ ...entry, attributes: 0x2 }, 'A.exe').protected).toBe(false);
  });
});

describe('findHandles', () => {
  it('filters by PID, exe, type (aliases too) and name; sorts by PID then handle value', async () => {
    const { os } = fakeWorld();
    const a = os.addProcess({ pid: 900, ppid: 500, name: 'WeChat.exe', path: null, handles: [{ typeName: 'Event', name: bno('Ready') }, { typeName: 'Mutant', name: bno(WECHAT_MUTEX) }, { typeName: 'Mutant', name: '' }] });
    const b = os.addProcess({ pid: 800, ppid: 500, name: 'wechat.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('Second_Mutex') }] });
    os.addProcess({ pid: 700, ppid: 500, name: 'Other.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('Third_Mutex') }] });
    const byExe = await findHandles(os, { exes: ['WECHAT.EXE'], types: ['mutex'] });
    expect(byExe.ok && byExe.value.map((r) => [r.pid, r.process, r.name])).toEqual([
      [b.pid, 'wechat.exe', bno('Second_Mutex')],
      [a.pid, 'WeChat.exe', bno(WECHAT_MUTEX)],
      [a.pid, 'WeChat.exe', ''],
    ]);
    const named = await findHandles(os, { pids: [a.pid], namedOnly: true });
    expect(named.ok && named.value.map((r) => r.name)).toEqual([bno('Ready'), bno(WECHAT_MUTEX)]);
    const handles = named.ok ? named.value.map((r) => Number.parseInt(r.handle, 16)) : [];
    expect(handles).toEqual([...handles].sort((x, y) => x - y));
    const match = await findHandles(os, { match: 'MUTEX' });
    expect(match.ok && match.value.map((r) => r.pid)).toEqual([700, 800, 900]);
  });

  it('answers PROCESS_GONE for an unknown PID and nothing for an exe that is not running', async () => {
    const { os } = fakeWorld();
    expect(await findHandles(os, { pids: [4242] })).toMatchObject({ ok: false, error: { code: 'PROCESS_GONE' } });
    expect(await findHandles(os, { exes: ['Nope.exe'] })).toEqual({ ok: true, value: [] });
    expect(os.calls.some((c) => c.startsWith('snapshotHandles'))).toBe(false);
  });
});
