import type { HandleIdentity, OsApi, OsFailure } from '../native-bindings/os-api';
import { describeFailure, engineError } from './errors';
import { formatGuardSpec, guardKernelType, guardMatches } from './guards';
import { closeRefusal, snapshotNamed, type ExpectedHandle, type NamedEntry } from './handles';
import { parseHex, toHex } from './hex';
import { handleKind } from './object-types';
import type { CloseHandleTarget, CloseReport, FailedItem, GuardSpec, Outcome } from './model';
import { instancePids, listProcesses, lockHolderPids } from './processes';

/**
 * Closes one handle, checked (closeRefusal) on what it refers to right before the close, and records the
 * outcome. Returns the identity closed, or null.
 */
async function closeChecked(os: OsApi, pid: number, handle: number, expected: ExpectedHandle, report: CloseReport): Promise<HandleIdentity | null> {
  const context = `PID ${pid} handle ${toHex(handle)}`;
  let refusal: OsFailure | null = null;
  const result = await os.closeRemoteHandle({ pid, handle }, (current) => (refusal = closeRefusal(expected, current)) === null);
  if (!result.ok || !result.value.closed) {
    const failure: OsFailure = result.ok ? (refusal ?? { kind: 'changed', actualType: result.value.current.typeName, actualName: result.value.current.name }) : result.failure;
    report.failed.push({ pid, handle: toHex(handle), ...describeFailure(failure, context) });
    return null;
  }
  // Reported as listed: a named pipe is a "Pipe", not the File object the kernel calls it.
  report.closed.push({ pid, handle: toHex(handle), type: handleKind(result.value.current.typeName, result.value.current.name), name: result.value.current.name });
  return result.value.current;
}

/** Closes one matched guard handle: it must still be the object that matched. */
async function closeEntry(os: OsApi, entry: NamedEntry & { name: string }, report: CloseReport): Promise<boolean> {
  return (await closeChecked(os, entry.pid, entry.handle, { typeName: entry.typeName, name: entry.name }, report)) !== null;
}

/** Closes one handle in one process: the handle must exist, and, when the caller says what it saw, still be that object. */
export async function closeHandle(os: OsApi, target: CloseHandleTarget): Promise<Outcome<CloseReport>> {
  const value = parseHex(target.handle);
  if (value === null) return { ok: false, error: engineError('USAGE', `"${target.handle}" is not a hex handle value such as 0x1c4`) };
  if (!(await os.isProcessAlive(target.pid))) {
    return { ok: true, value: { closed: [], failed: [{ pid: target.pid, handle: toHex(value), ...engineError('PROCESS_GONE', `no process with PID ${target.pid} is running`) }] } };
  }
  const report: CloseReport = { closed: [], failed: [] };
  await closeChecked(os, target.pid, value, { typeName: target.type, name: target.name }, report);
  return { ok: true, value: report };
}

/** The result of closing guards inside a set of processes. */
export interface GuardCloseResult extends CloseReport {
  /** Guards (by index into the list) found at least once. */
  found: Set<number>;
  /** The app's processes whose handles could not be read for lack of rights (elevated or protected). */
  denied: number[];
  /** File handles of the app's own processes whose names stayed unknown (the query timed out): a File or Pipe guard may be among them. */
  unnamedFiles: number;
}

/**
 * Closes every handle in these processes that matches one of the guards. File guards (locked files) are
 * looked for in `filePids`, because the lock may be held by a helper that is not the app's child.
 */
export async function closeGuardsIn(
  os: OsApi,
  pids: readonly number[],
  guards: readonly GuardSpec[],
  /** Where File guards are looked for (see lockHolderPids); every process when absent. */
  filePids?: readonly number[],
): Promise<Outcome<GuardCloseResult>> {
  const result: GuardCloseResult = { closed: [], failed: [], found: new Set(), denied: [], unnamedFiles: 0 };
  if (guards.length === 0) return { ok: true, value: result };
  // A Pipe guard is a File object held by the app itself (not a lock a helper may hold): searched with the objects.
  const objectTypes = [...new Set(guards.filter((g) => g.type !== 'File').map(guardKernelType))];
  const searches: [readonly number[] | undefined, string[]][] = [];
  if (objectTypes.length > 0 && pids.length > 0) searches.push([pids, objectTypes]);
  if (guards.some((g) => g.type === 'File') && (filePids === undefined || filePids.length > 0)) searches.push([filePids, ['File']]);
  for (const [where, types] of searches) {
    // The app's own File handles are named first: a stuck query elsewhere must not use up the time for them.
    const named = await snapshotNamed(os, where, types, types.includes('File') ? { firstPids: pids } : {});
    if (!named.ok) return named;
    // Only the app's own processes count: a File search also reads unrelated programs, which may refuse.
    if (where === pids) result.denied.push(...named.value.denied);
    if (types.includes('File')) result.unnamedFiles += named.value.unnamed.filter((u) => pids.includes(u.pid)).length;
    for (const entry of named.value.entries) {
      if (!entry.name) continue;
      const index = guards.findIndex((g) => guardMatches(g, entry.typeName, entry.name as string));
      if (index < 0) continue;
      result.found.add(index);
      await closeEntry(os, { ...entry, name: entry.name }, result);
    }
  }
  return { ok: true, value: result };
}

/**
 * Failures for required guards that were not found: ACCESS_DENIED when some of the app's processes could
 * not be read (it runs elevated: the next step is restarting Multiopen as administrator), else GUARD_NOT_FOUND;
 * for a File or Pipe guard with `unnamed` set when File handles of the app stayed unnamed (it may be one of them).
 */
export function missingGuards(guards: readonly GuardSpec[], found: ReadonlySet<number>, exe: string, denied: readonly number[] = [], unnamedFiles = 0): FailedItem[] {
  const missing = guards.filter((g, i) => !g.optional && !found.has(i));
  if (missing.length === 0) return [];
  if (denied.length > 0) {
    return [
      {
        pid: denied[0] ?? null,
        handle: null,
        ...engineError(
          'ACCESS_DENIED',
          `cannot read the handles of ${exe} (PID ${denied.join(', ')}): it runs with higher rights than Multiopen (as administrator?); restart Multiopen as administrator to close ${missing.map(formatGuardSpec).join(', ')}`,
        ),
      },
    ];
  }
  return missing.map((g) =>
    unnamedFiles > 0 && (g.type === 'File' || g.type === 'Pipe')
      ? {
          pid: null,
          handle: null,
          ...engineError(
            'GUARD_NOT_FOUND',
            `${formatGuardSpec(g)} was not found among the named handles of ${exe}, but ${unnamedFiles} of its File handle(s) could not be named in time; it may be one of them (try again)`,
          ),
          unnamed: unnamedFiles,
        }
      : { pid: null, handle: null, ...engineError('GUARD_NOT_FOUND', `no running ${exe} holds ${formatGuardSpec(g)} (already closed, or the app changed its guard after an update)`) },
  );
}

/** Closes every guard handle in every running instance of an app, child processes included. */
export async function unlockApp(os: OsApi, exe: string, guards: readonly GuardSpec[]): Promise<Outcome<CloseReport>> {
  const listed = await listProcesses(os);
  if (!listed.ok) return listed;
  const procs = listed.value;
  const pids = [...instancePids(procs, exe)];
  if (pids.length === 0) {
    return { ok: true, value: { closed: [], failed: [{ pid: null, handle: null, ...engineError('NOT_RUNNING', `${exe} is not running`) }] } };
  }
  const closed = await closeGuardsIn(os, pids, guards, lockHolderPids(procs, exe));
  if (!closed.ok) return closed;
  const { found, denied, unnamedFiles, ...report } = closed.value;
  report.failed.push(...missingGuards(guards, found, exe, denied, unnamedFiles));
  return { ok: true, value: report };
}
