/**
 * Kernel objects behind handles (like phlib's hndlinfo.c): names and types read on a duplicate that is
 * closed at once, the checked remote close, and the named objects this process creates and holds.
 */
import type { CloseAttempt, CloseTarget, HandleEntry, HandleIdentity, HeldObject, HoldableType, NamedHandle, NameQueryOptions, OsResult } from '../os-api';
import type { FileNameHelper } from './file-name-helper';
import type { HandleTables } from './handles';
import { DUPLICATE_CLOSE_SOURCE, DUPLICATE_SAME_ACCESS, INVALID_HANDLE_VALUE, kernel32, PAGE_READWRITE, PROCESS_DUP_HANDLE, PROCESS_SUSPEND_RESUME } from './kernel32';
import { kernel32Kinds } from './kernel32-kinds';
import { addressOf } from './lib';
import { ntdll, ObjectNameInformation, ObjectTypeInformation } from './ntdll';
import { parseObjectNameInformation, parseObjectTypeInformation } from './parse';
import { exceptionFailure, fail, ntFailure, openProcess, queryGrowing, STATUS, WIN32, win32Failure } from './status';

/** Handle types whose names are only queried in the killable helper. */
export const FILE_TYPE_NAME = 'File';

/** Duplicates a remote handle, runs `use` on the duplicate and closes it at once: a leaked duplicate keeps a named object alive. */
export function withDuplicate<T>(process: number, handle: number, use: (dup: number) => OsResult<T>): OsResult<T> {
  const k = kernel32();
  const dup: [number] = [0];
  if (!k.DuplicateHandle(process, handle, k.GetCurrentProcess(), dup, 0, 0, DUPLICATE_SAME_ACCESS)) return fail(win32Failure('DuplicateHandle'));
  try {
    return use(dup[0]);
  } finally {
    k.CloseHandle(dup[0]);
  }
}

/** The full object name of one of our handles ("" when unnamed). */
export function objectName(handle: number): OsResult<string> {
  const r = queryGrowing('NtQueryObject(ObjectNameInformation)', 1024, (buf, ret) => ntdll().NtQueryObject(handle, ObjectNameInformation, buf, buf.length, ret), new Map());
  if (!r.ok) return r;
  return { ok: true, value: parseObjectNameInformation(r.value.buf, r.value.length, addressOf(r.value.buf)) };
}

/** The object type name of one of our handles ("Mutant", "File"). */
export function objectType(handle: number): OsResult<string> {
  const r = queryGrowing('NtQueryObject(ObjectTypeInformation)', 1024, (buf, ret) => ntdll().NtQueryObject(handle, ObjectTypeInformation, buf, buf.length, ret), new Map());
  if (!r.ok) return r;
  return { ok: true, value: parseObjectTypeInformation(r.value.buf, r.value.length) };
}

/** Names of the given handles; File names come from the killable helper, every other type is read here. */
export async function queryHandleNames(
  handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[],
  fileNames: FileNameHelper,
  options: NameQueryOptions = {},
): Promise<NamedHandle[]> {
  const results = new Map<string, OsResult<string>>();
  const key = (pid: number, handle: number) => `${pid}:${handle}`;
  const files = handles.filter((h) => h.typeName === FILE_TYPE_NAME);
  const byPid = new Map<number, number[]>();
  for (const h of handles) {
    if (h.typeName === FILE_TYPE_NAME) continue;
    const list = byPid.get(h.pid) ?? [];
    list.push(h.handle);
    byPid.set(h.pid, list);
  }
  for (const [pid, list] of byPid) {
    try {
      const proc = openProcess(pid, PROCESS_DUP_HANDLE);
      if (!proc.ok) {
        for (const h of list) results.set(key(pid, h), proc);
        continue;
      }
      try {
        for (const h of list) results.set(key(pid, h), withDuplicate(proc.value, h, (dup) => objectName(dup)));
      } finally {
        kernel32().CloseHandle(proc.value);
      }
    } catch (e) {
      for (const h of list) if (!results.has(key(pid, h))) results.set(key(pid, h), fail(exceptionFailure('queryHandleNames', e)));
    }
  }
  if (files.length > 0) {
    const named = await fileNames.queryAll(
      files.map((f) => ({ pid: f.pid, handle: f.handle })),
      options.firstPids,
    );
    files.forEach((f, i) => results.set(key(f.pid, f.handle), named[i] ?? fail({ kind: 'unsupported', what: 'no answer' })));
  }
  return handles.map((h) => ({ pid: h.pid, handle: h.handle, name: results.get(key(h.pid, h.handle)) ?? fail({ kind: 'unsupported', what: 'no answer' }) }));
}

/** Opens a process to close one of its handles: with the right to suspend it when granted, else without. */
function openProcessToClose(pid: number): OsResult<number> {
  const full = openProcess(pid, PROCESS_DUP_HANDLE | PROCESS_SUSPEND_RESUME);
  return full.ok ? full : openProcess(pid, PROCESS_DUP_HANDLE);
}

/**
 * Suspends the process for the re-check and the close, and returns what resumes it. While its threads
 * run, the app may close the checked handle and get the same value for another object between our check
 * and DUPLICATE_CLOSE_SOURCE (the race run under Wine saw it: a Mutant checked, an Event closed); held
 * still, its handle table cannot change. Without the right (another user's process) it stays running and
 * that window stays open, as it is for every handle tool.
 */
function holdStill(proc: number): () => void {
  const nt = ntdll();
  let suspended = false;
  try {
    suspended = nt.NtSuspendProcess(proc) >= 0;
  } catch {
    suspended = false;
  }
  return () => {
    if (suspended) nt.NtResumeProcess(proc);
  };
}

/** Closes a handle in another process after re-reading what it names; `approve` decides. */
export async function closeRemoteHandle(
  target: CloseTarget,
  approve: (current: HandleIdentity) => boolean,
  tables: HandleTables,
  fileNames: FileNameHelper,
): Promise<OsResult<CloseAttempt>> {
  try {
    // Opened first so that a gone process reports as such (87), not as a missing handle. With the right to
    // suspend it where we have it (our own user's processes): see holdStill.
    const proc = openProcessToClose(target.pid);
    if (!proc.ok) return proc;
    // Never our own process: suspended, its own thread would never get to resume it.
    const resume = target.pid === process.pid ? () => {} : holdStill(proc.value);
    try {
      // A fresh table entry tells whether the handle still exists and carries OBJ_PROTECT_CLOSE
      // (a duplicate does not inherit that attribute, so asking the duplicate would not do).
      const snap = tables.raw({ pids: new Set([target.pid]) });
      if (!snap.ok) return snap;
      const unreadable = snap.value.unreadable.find((u) => u.pid === target.pid);
      if (unreadable) return fail(unreadable.failure);
      const entry = snap.value.entries.find((e) => e.handle === target.handle);
      if (!entry) return fail(ntFailure(STATUS.INVALID_HANDLE, 'snapshot: handle not in table'));

      const actualType = withDuplicate(proc.value, target.handle, (dup) => objectType(dup));
      if (!actualType.ok) return actualType;
      const actualName =
        actualType.value === FILE_TYPE_NAME
          ? ((await fileNames.queryAll([{ pid: target.pid, handle: target.handle }]))[0] ?? fail<string>({ kind: 'unsupported', what: 'no answer' }))
          : withDuplicate(proc.value, target.handle, (dup) => objectName(dup));
      // A name we cannot read cannot be checked: refuse rather than close blind.
      if (!actualName.ok) return actualName;
      const current: HandleIdentity = { typeName: actualType.value, name: actualName.value, attributes: entry.attributes };
      if (!approve(current)) return { ok: true, value: { closed: false, current } };
      const dup: [number] = [0];
      const k = kernel32();
      // A NULL target process is the documented way to just close, but Wine reports failure for it.
      if (!k.DuplicateHandle(proc.value, target.handle, k.GetCurrentProcess(), dup, 0, 0, DUPLICATE_CLOSE_SOURCE)) {
        const failure = win32Failure('DuplicateHandle(DUPLICATE_CLOSE_SOURCE)');
        // DUPLICATE_CLOSE_SOURCE closes the source even when the duplicate fails: a handle gone from the table was closed.
        const after = tables.raw({ pids: new Set([target.pid]) });
        if (after.ok && !after.value.unreadable.some((u) => u.pid === target.pid) && !after.value.entries.some((e) => e.handle === target.handle)) {
          return { ok: true, value: { closed: true, current } };
        }
        return fail(failure);
      }
      k.CloseHandle(dup[0]);
      return { ok: true, value: { closed: true, current } };
    } finally {
      resume();
      kernel32().CloseHandle(proc.value);
    }
  } catch (e) {
    return fail(exceptionFailure('closeRemoteHandle', e));
  }
}

/** Creates or opens a named object and holds it until release(); `held` tracks what dispose() must free. */
export function holdNamedObject(typeName: HoldableType, name: string, held: Set<HeldObject>): OsResult<HeldObject> {
  try {
    const k = kernel32();
    let h: number;
    switch (typeName) {
      case 'Mutant':
        h = k.CreateMutexW(null, 0, name);
        break;
      case 'Event':
        h = k.CreateEventW(null, 1, 0, name);
        break;
      case 'Semaphore':
        h = k.CreateSemaphoreW(null, 0, 1, name);
        break;
      case 'Section':
        h = k.CreateFileMappingW(INVALID_HANDLE_VALUE, null, PAGE_READWRITE, 0, 4096, name);
        break;
      case 'Timer':
        h = kernel32Kinds().CreateWaitableTimerW(null, 1, name);
        break;
      case 'Job':
        h = kernel32Kinds().CreateJobObjectW(null, name);
        break;
    }
    // Read at once: any later call may overwrite the thread's last error.
    const lastError = k.GetLastError();
    if (!h) return fail({ kind: 'win32', code: lastError, call: `Create(${typeName})` });
    let open = true;
    const object: HeldObject = {
      typeName,
      name,
      alreadyExisted: lastError === WIN32.ALREADY_EXISTS,
      release: () => {
        if (!open) return;
        open = false;
        held.delete(object);
        kernel32().CloseHandle(h);
      },
    };
    held.add(object);
    return { ok: true, value: object };
  } catch (e) {
    return fail(exceptionFailure('holdNamedObject', e));
  }
}
