/**
 * Handle tables (like phlib's handle enumeration): per process with ProcessHandleInformation (class 51,
 * Windows 8+) when the caller names the processes, else the system table (class 64), filtered by PID and
 * type index on the raw buffer. Type indices are mapped to names once, calibrated on handles of known type.
 */
import type { HandleEntry, HandleFilter, HandleSnapshot, OsResult, SnapshotSource } from '../os-api';
import { kernel32, PROCESS_DUP_HANDLE, PROCESS_QUERY_INFORMATION, PROCESS_QUERY_LIMITED_INFORMATION } from './kernel32';
import { ntdll, ObjectTypesInformation, ProcessHandleInformation, SystemExtendedHandleInformation } from './ntdll';
import {
  buildTypeIndexMap,
  calibrateTypeIndexRule,
  defaultTypeIndexRule,
  parseObjectTypesInformation,
  parseProcessHandleSnapshot,
  parseSystemHandleInformationEx,
  type RawHandleEntry,
  type RawHandleFilter,
  type TypeIndexRule,
} from './parse';
import { exceptionFailure, fail, ntFailure, openProcess, queryGrowing, STATUS, WIN32 } from './status';

/** Raw entries of a snapshot and where they came from. */
export interface RawSnapshot {
  source: SnapshotSource;
  entries: RawHandleEntry[];
  unreadable: HandleSnapshot['unreadable'];
}

/** The type index <-> name map and the rule it was built with. */
export interface TypeMap {
  byIndex: Map<number, string>;
  byName: Map<string, number>;
  rule: TypeIndexRule;
}

/** Reads handle tables; remembers the type map and whether class 51 exists on this OS. */
export class HandleTables {
  private typeMap: TypeMap | null = null;
  /** Set once NtQueryInformationProcess(ProcessHandleInformation) reports STATUS_INVALID_INFO_CLASS (Wine, Windows 7). */
  private processHandleClassUnsupported = false;

  constructor(private readonly sizes: Map<string, number>) {}

  /** How type indices were mapped to names (null before the first snapshot). */
  typeIndexRule(): TypeIndexRule | null {
    return this.typeMap?.rule ?? null;
  }

  /** Handle tables, filtered by PID and type on the raw buffer. */
  snapshot(filter: HandleFilter): OsResult<HandleSnapshot> {
    try {
      const types = this.types();
      if (!types.ok) return types;
      const raw: RawHandleFilter = {};
      if (filter.types) raw.typeIndices = new Set(filter.types.flatMap((t) => (types.value.byName.has(t) ? [types.value.byName.get(t) as number] : [])));
      if (filter.pids) raw.pids = new Set(filter.pids);
      const r = this.raw(raw);
      if (!r.ok) return r;
      const handles: HandleEntry[] = r.value.entries.map((e) => ({ ...e, typeName: types.value.byIndex.get(e.typeIndex) ?? `#${e.typeIndex}` }));
      return { ok: true, value: { source: r.value.source, handles, unreadable: r.value.unreadable } };
    } catch (e) {
      return fail(exceptionFailure('snapshotHandles', e));
    }
  }

  /** Raw entries, per process (class 51) when PIDs are given and supported, else from the system table (class 64). */
  raw(filter: RawHandleFilter): OsResult<RawSnapshot> {
    if (filter.pids && !this.processHandleClassUnsupported) {
      const entries: RawHandleEntry[] = [];
      const unreadable: HandleSnapshot['unreadable'] = [];
      let unsupported = false;
      for (const pid of filter.pids) {
        const r = this.processHandleTable(pid, filter);
        if (r.ok) entries.push(...r.value);
        else if (r.failure.kind === 'ntstatus' && r.failure.code === STATUS.INVALID_INFO_CLASS) {
          unsupported = true;
          break;
        } else unreadable.push({ pid, failure: r.failure });
      }
      if (!unsupported) return { ok: true, value: { source: 'process-handle-information', entries, unreadable } };
      this.processHandleClassUnsupported = true;
    }
    // Wine returns length 0 for a too-small buffer, so start with room for a busy desktop's table.
    const r = queryGrowing('NtQuerySystemInformation(SystemExtendedHandleInformation)', 4 * 1024 * 1024, (buf, ret) => ntdll().NtQuerySystemInformation(SystemExtendedHandleInformation, buf, buf.length, ret), this.sizes);
    if (!r.ok) return r;
    return { ok: true, value: { source: 'system-extended-handle-information', entries: parseSystemHandleInformationEx(r.value.buf, r.value.length, filter), unreadable: [] } };
  }

  /**
   * The type index -> name map, built once. The handle tables' index scheme differs between Windows
   * builds and Wine, so it is calibrated against handles of known type this process creates.
   */
  private types(): OsResult<TypeMap> {
    if (this.typeMap) return { ok: true, value: this.typeMap };
    const r = queryGrowing('NtQueryObject(ObjectTypesInformation)', 64 * 1024, (buf, ret) => ntdll().NtQueryObject(0, ObjectTypesInformation, buf, buf.length, ret), this.sizes);
    if (!r.ok) return r;
    const types = parseObjectTypesInformation(r.value.buf, r.value.length);
    const rule = this.calibrate(types) ?? defaultTypeIndexRule(types);
    const byIndex = buildTypeIndexMap(types, rule);
    const byName = new Map<string, number>();
    for (const [index, name] of byIndex) byName.set(name, index);
    this.typeMap = { byIndex, byName, rule };
    return { ok: true, value: this.typeMap };
  }

  private calibrate(types: ReturnType<typeof parseObjectTypesInformation>): TypeIndexRule | null {
    const k = kernel32();
    const mutant = k.CreateMutexW(null, 0, null);
    const event = k.CreateEventW(null, 1, 0, null);
    try {
      if (!mutant || !event) return null;
      const own = this.raw({ pids: new Set([k.GetCurrentProcessId()]) });
      if (!own.ok) return null;
      const observed: { typeName: string; typeIndex: number }[] = [];
      for (const e of own.value.entries) {
        if (e.handle === mutant) observed.push({ typeName: 'Mutant', typeIndex: e.typeIndex });
        if (e.handle === event) observed.push({ typeName: 'Event', typeIndex: e.typeIndex });
      }
      return observed.length === 2 ? calibrateTypeIndexRule(types, observed) : null;
    } finally {
      if (mutant) k.CloseHandle(mutant);
      if (event) k.CloseHandle(event);
    }
  }

  private processHandleTable(pid: number, filter: RawHandleFilter): OsResult<RawHandleEntry[]> {
    const call = 'NtQueryInformationProcess(ProcessHandleInformation)';
    // Least rights first; older builds insist on PROCESS_QUERY_INFORMATION for this class.
    for (const access of [PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_DUP_HANDLE, PROCESS_QUERY_INFORMATION | PROCESS_DUP_HANDLE]) {
      const proc = openProcess(pid, access);
      if (!proc.ok) {
        if (proc.failure.kind === 'win32' && proc.failure.code === WIN32.ACCESS_DENIED && access !== (PROCESS_QUERY_INFORMATION | PROCESS_DUP_HANDLE)) continue;
        return proc;
      }
      try {
        const r = queryGrowing(call, 16 * 1024, (buf, ret) => ntdll().NtQueryInformationProcess(proc.value, ProcessHandleInformation, buf, buf.length, ret), new Map());
        if (!r.ok) {
          if (r.failure.kind === 'ntstatus' && r.failure.code === STATUS.ACCESS_DENIED && access !== (PROCESS_QUERY_INFORMATION | PROCESS_DUP_HANDLE)) continue;
          return r;
        }
        return { ok: true, value: parseProcessHandleSnapshot(r.value.buf, r.value.length, pid, filter) };
      } finally {
        kernel32().CloseHandle(proc.value);
      }
    }
    return fail(ntFailure(STATUS.ACCESS_DENIED, call));
  }
}
