import type { OsApi } from '../native-bindings/os-api';
import { describeFailure, engineError } from './errors';
import { formatGuardSpec, guardMatches } from './guards';
import { isProtected, snapshotNamed, type NamedEntry } from './handles';
import { parseHex, toHex } from './hex';
import type { CloseHandleTarget, CloseReport, FailedItem, GuardSpec, Outcome } from './model';
import { instancePids, listProcesses, lockHolderPids } from './processes';

/** Closes one matched handle after the native layer re-checks it, recording the outcome. */
async function closeEntry(os: OsApi, entry: NamedEntry & { name: string }, report: CloseReport): Promise<boolean> {
  const context = `PID ${entry.pid} handle ${toHex(entry.handle)}`;
  if (isProtected(entry)) {
    const error = describeFailure({ kind: 'protected' }, context);
    report.failed.push({ pid: entry.pid, handle: toHex(entry.handle), ...error });
    return false;
  }
  const result = await os.closeRemoteHandle({ pid: entry.pid, handle: entry.handle, typeName: entry.typeName, name: entry.name });
  if (result.ok) {
    report.closed.push({ pid: entry.pid, handle: toHex(entry.handle), type: entry.typeName, name: entry.name });
    return true;
  }
  const error = describeFailure(result.failure, context);
  report.failed.push({ pid: entry.pid, handle: toHex(entry.handle), ...error });
  return false;
}

/** Closes one handle in one process: the handle must exist, and, when the caller says what it saw, still be that object. */
export async function closeHandle(os: OsApi, target: CloseHandleTarget): Promise<Outcome<CloseReport>> {
  const value = parseHex(target.handle);
  if (value === null) return { ok: false, error: engineError('USAGE', `"${target.handle}" is not a hex handle value such as 0x1c4`) };
  if (!(await os.isProcessAlive(target.pid))) {
    return { ok: true, value: { closed: [], failed: [{ pid: target.pid, handle: toHex(value), ...engineError('PROCESS_GONE', `no process with PID ${target.pid} is running`) }] } };
  }
  // Only the one entry is named: naming every handle of the process would be wasted work (and File names cost a helper process).
  const snapshot = await os.snapshotHandles({ pids: [target.pid] });
  if (!snapshot.ok) return { ok: true, value: { closed: [], failed: [{ pid: target.pid, handle: toHex(value), ...describeFailure(snapshot.failure, `reading the handles of PID ${target.pid}`) }] } };
  const raw = snapshot.value.handles.find((e) => e.handle === value);
  const report: CloseReport = { closed: [], failed: [] };
  if (!raw) {
    report.failed.push({ pid: target.pid, handle: toHex(value), ...engineError('HANDLE_GONE', `PID ${target.pid} has no handle ${toHex(value)}`) });
    return { ok: true, value: report };
  }
  const [named] = await os.queryHandleNames([raw]);
  const entry: NamedEntry = { ...raw, name: named?.name.ok ? named.name.value : null };
  if (entry.name === null) {
    report.failed.push({ pid: target.pid, handle: toHex(value), ...engineError('HANDLE_GONE', `the object of handle ${toHex(value)} in PID ${target.pid} could not be identified; not closed`) });
    return { ok: true, value: report };
  }
  if ((target.type !== undefined && target.type !== entry.typeName) || (target.name !== undefined && target.name !== entry.name)) {
    const error = describeFailure({ kind: 'changed', actualType: entry.typeName, actualName: entry.name }, `PID ${target.pid} handle ${toHex(value)}`);
    report.failed.push({ pid: target.pid, handle: toHex(value), ...error });
    return { ok: true, value: report };
  }
  await closeEntry(os, { ...entry, name: entry.name }, report);
  return { ok: true, value: report };
}

/** The result of closing guards inside a set of processes. */
export interface GuardCloseResult extends CloseReport {
  /** Guards (by index into the list) found at least once. */
  found: Set<number>;
  /** The app's processes whose handles could not be read for lack of rights (elevated or protected). */
  denied: number[];
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
  const result: GuardCloseResult = { closed: [], failed: [], found: new Set(), denied: [] };
  if (guards.length === 0) return { ok: true, value: result };
  const objectTypes = [...new Set(guards.filter((g) => g.type !== 'File').map((g) => g.type))];
  const searches: [readonly number[] | undefined, string[]][] = [];
  if (objectTypes.length > 0 && pids.length > 0) searches.push([pids, objectTypes]);
  if (guards.some((g) => g.type === 'File') && (filePids === undefined || filePids.length > 0)) searches.push([filePids, ['File']]);
  for (const [where, types] of searches) {
    const named = await snapshotNamed(os, where, types);
    if (!named.ok) return named;
    // Only the app's own processes count: a File search also reads unrelated programs, which may refuse.
    if (where === pids) result.denied.push(...named.value.denied);
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
 * not be read (it runs elevated: the next step is restarting Multiopen as administrator), else GUARD_NOT_FOUND.
 */
export function missingGuards(guards: readonly GuardSpec[], found: ReadonlySet<number>, exe: string, denied: readonly number[] = []): FailedItem[] {
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
  return missing.map((g) => ({
    pid: null,
    handle: null,
    ...engineError('GUARD_NOT_FOUND', `no running ${exe} holds ${formatGuardSpec(g)} (already closed, or the app changed its guard after an update)`),
  }));
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
  const { found, denied, ...report } = closed.value;
  report.failed.push(...missingGuards(guards, found, exe, denied));
  return { ok: true, value: report };
}
