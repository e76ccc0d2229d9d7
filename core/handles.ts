import type { HandleEntry, HandleIdentity, NameQueryOptions, OsApi, OsFailure } from '../native-bindings/os-api';
import { describeFailure, engineError, isAccessDenied } from './errors';
import { normalizeTypeName } from './guards';
import { handleKind, kernelTypeOf } from './object-types';
import { toHex } from './hex';
import type { HandleQuery, HandleRow, Outcome } from './model';
import { listProcesses, sameExe } from './processes';

/** A handle entry with its object name resolved. */
export interface NamedEntry extends HandleEntry {
  /** Full object name, "" when unnamed, null when it could not be read. */
  name: string | null;
}

// OBJ_PROTECT_CLOSE in HANDLE_TABLE_ENTRY attributes.
const OBJ_PROTECT_CLOSE = 0x1;

/** True when the handle is protected from closing. */
export function isProtected(entry: Pick<HandleEntry, 'attributes'>): boolean {
  return (entry.attributes & OBJ_PROTECT_CLOSE) !== 0;
}

/** What the caller saw of a handle it is about to close; absent fields are not compared. */
export interface ExpectedHandle {
  typeName?: string | undefined;
  /** The full object name, or the part after its last backslash. */
  name?: string | undefined;
}

/** True when `expected` is the full name, or (without a backslash) the part after the last backslash, of `actual`. */
function sameObjectName(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  return !expected.includes('\\') && actual.slice(actual.lastIndexOf('\\') + 1) === expected;
}

/**
 * Why a handle must not be closed now, or null when it may: protected from closing, or no longer the
 * object the caller saw (handle values are reused as soon as they are freed). Asked of what the handle
 * refers to right before the close.
 */
export function closeRefusal(expected: ExpectedHandle, current: HandleIdentity): OsFailure | null {
  if (isProtected(current)) return { kind: 'protected' };
  // A pipe is listed as "Pipe" but is a File object to the kernel: either name is the type the caller saw.
  const sameType = expected.typeName === undefined || expected.typeName === current.typeName || expected.typeName === handleKind(current.typeName, current.name);
  if (!sameType || (expected.name !== undefined && !sameObjectName(expected.name, current.name))) {
    return { kind: 'changed', actualType: current.typeName, actualName: current.name };
  }
  return null;
}

/** A named snapshot, and the processes whose handles could not be read for lack of rights. */
export interface NamedSnapshot {
  entries: NamedEntry[];
  /** PIDs whose table or handle names were refused (access denied): an elevated or protected process. */
  denied: number[];
  /** Handles whose name stayed unknown for another reason than rights or being gone (a File name query that timed out, a helper that could not run). */
  unnamed: { pid: number; handle: number }[];
}

/** True when a failed name query leaves the object unknown: not refused (that is `denied`) and not gone with its handle or process. */
function leftUnnamed(failure: OsFailure): boolean {
  if (isAccessDenied(failure)) return false;
  const code = describeFailure(failure, '').code;
  return code !== 'HANDLE_GONE' && code !== 'PROCESS_GONE';
}

/** Takes a filtered snapshot and resolves the names of only the handles it kept. */
export async function snapshotNamed(
  os: OsApi,
  pids: readonly number[] | undefined,
  types: readonly string[] | undefined,
  /** `firstPids`: whose handles are named first (the app's own, where its guard is). */
  options: NameQueryOptions = {},
): Promise<Outcome<NamedSnapshot>> {
  const snapshot = await os.snapshotHandles({ ...(pids ? { pids } : {}), ...(types ? { types } : {}) });
  if (!snapshot.ok) return { ok: false, error: describeFailure(snapshot.failure, 'reading the handle table') };
  const names = options.firstPids?.length ? await os.queryHandleNames(snapshot.value.handles, { firstPids: options.firstPids }) : await os.queryHandleNames(snapshot.value.handles);
  const nameOf = new Map(names.map((n) => [`${n.pid}:${n.handle}`, n.name.ok ? n.name.value : null]));
  const denied = new Set<number>();
  for (const u of snapshot.value.unreadable) if (isAccessDenied(u.failure)) denied.add(u.pid);
  for (const n of names) if (!n.name.ok && isAccessDenied(n.name.failure)) denied.add(n.pid);
  return {
    ok: true,
    value: {
      entries: snapshot.value.handles.map((h) => ({ ...h, name: nameOf.get(`${h.pid}:${h.handle}`) ?? null })),
      denied: [...denied],
      unnamed: names.filter((n) => !n.name.ok && leftUnnamed(n.name.failure)).map((n) => ({ pid: n.pid, handle: n.handle })),
    },
  };
}

/** Converts a named entry into the row the CLI and UI show. */
export function toHandleRow(entry: NamedEntry, processName: string): HandleRow {
  return {
    pid: entry.pid,
    process: processName,
    handle: toHex(entry.handle),
    type: handleKind(entry.typeName, entry.name),
    name: entry.name,
    access: toHex(entry.access),
    protected: isProtected(entry),
  };
}

/** Finds handles across processes: PID and type filters go to the snapshot, name filters apply after. */
export async function findHandles(os: OsApi, query: HandleQuery): Promise<Outcome<HandleRow[]>> {
  const listed = await listProcesses(os);
  if (!listed.ok) return listed;
  const procs = listed.value;
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  let pids: number[] | undefined;
  if (query.pids?.length || query.exes?.length) {
    const wanted = new Set<number>();
    for (const pid of query.pids ?? []) {
      if (!byPid.has(pid)) return { ok: false, error: engineError('PROCESS_GONE', `no process with PID ${pid} is running`) };
      wanted.add(pid);
    }
    for (const exe of query.exes ?? []) for (const p of procs) if (sameExe(p.name, exe)) wanted.add(p.pid);
    if (wanted.size === 0) return { ok: true, value: [] };
    pids = [...wanted];
  }
  const kinds = query.types?.length ? new Set(query.types.map(normalizeTypeName)) : undefined;
  // "Pipe" asks the table for File handles, then keeps the pipes; "File" keeps every File handle, pipes included.
  const types = kinds ? [...new Set([...kinds].map(kernelTypeOf))] : undefined;
  const named = await snapshotNamed(os, pids, types);
  if (!named.ok) return named;
  const needle = query.match?.toLowerCase();
  const rows = named.value.entries
    .filter((e) => !kinds || kinds.has(e.typeName) || kinds.has(handleKind(e.typeName, e.name)))
    .filter((e) => (!query.namedOnly || (e.name !== null && e.name !== '')) && (!needle || (e.name ?? '').toLowerCase().includes(needle)))
    .map((e) => toHandleRow(e, byPid.get(e.pid)?.name ?? '?'));
  rows.sort((a, b) => a.pid - b.pid || Number.parseInt(a.handle, 16) - Number.parseInt(b.handle, 16));
  return { ok: true, value: rows };
}
