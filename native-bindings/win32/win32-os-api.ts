/**
 * `OsApi` over the real Windows API (ntdll, kernel32, advapi32 through koffi). Runs on Windows and
 * under Wine. Every public method returns status codes as data; koffi exceptions are caught here.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type {
  CloseAttempt,
  CloseTarget,
  HandleIdentity,
  HandleEntry,
  HandleFilter,
  HandleSnapshot,
  HeldObject,
  HoldableType,
  NamedHandle,
  OsApi,
  OsFailure,
  OsResult,
  ProcessInfo,
  RegistryHive,
  RegistryView,
  SnapshotSource,
  SpawnOptions,
} from '../os-api';
import {
  advapi32,
  HKEY_CURRENT_USER,
  HKEY_LOCAL_MACHINE,
  KEY_QUERY_VALUE,
  KEY_WOW64_32KEY,
  KEY_WOW64_64KEY,
  REG_EXPAND_SZ,
  REG_SZ,
} from './advapi32';
import { FileNameHelper } from './file-name-helper';
import {
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  INVALID_HANDLE_VALUE,
  kernel32,
  PAGE_READWRITE,
  PROCESS_DUP_HANDLE,
  PROCESS_QUERY_INFORMATION,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_TERMINATE,
  STILL_ACTIVE,
} from './kernel32';
import { addressOf } from './lib';
import {
  ntdll,
  ObjectNameInformation,
  ObjectTypeInformation,
  ObjectTypesInformation,
  ProcessHandleInformation,
  SystemExtendedHandleInformation,
  SystemProcessInformation,
} from './ntdll';
import {
  buildTypeIndexMap,
  fileTimeToMs,
  calibrateTypeIndexRule,
  defaultTypeIndexRule,
  parseObjectNameInformation,
  parseObjectTypeInformation,
  parseObjectTypesInformation,
  parseProcessHandleSnapshot,
  parseSystemHandleInformationEx,
  parseSystemProcessInformation,
  type RawHandleEntry,
  type RawHandleFilter,
  type TypeIndexRule,
} from './parse';

/** NTSTATUS values we act on. */
export const STATUS = {
  SUCCESS: 0,
  BUFFER_OVERFLOW: 0x80000005,
  INVALID_INFO_CLASS: 0xc0000003,
  INFO_LENGTH_MISMATCH: 0xc0000004,
  INVALID_HANDLE: 0xc0000008,
  INVALID_CID: 0xc000000b,
  ACCESS_DENIED: 0xc0000022,
  BUFFER_TOO_SMALL: 0xc0000023,
} as const;

/** Win32 error codes we act on. */
export const WIN32 = {
  FILE_NOT_FOUND: 2,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  BAD_EXE_FORMAT: 193,
  INVALID_PARAMETER: 87,
  ALREADY_EXISTS: 183,
  MORE_DATA: 234,
} as const;

/** Tunables; the defaults suit both Windows and Wine. */
export interface Win32OsApiOptions {
  /** Deadline of one File name query in the helper process. */
  fileNameDeadlineMs?: number;
  /** Absolute path of koffi's entry point for the File-name helper process (found automatically when omitted). */
  koffiPath?: string;
}

/** A buffer ntdll filled and the length it reported. */
interface Filled {
  buf: Buffer;
  length: number;
}

/** Largest buffer a growth loop may allocate (a 1M-handle table is 40 MB). */
const BUFFER_CAP = 256 * 1024 * 1024;
const GROWTH_RETRIES = 8;

/** Unsigned view of an NTSTATUS as koffi returns it (signed 32-bit). */
function u32(status: number): number {
  return status >>> 0;
}

function ntFailure(status: number, call: string): OsFailure {
  return { kind: 'ntstatus', code: u32(status), call };
}

function fail<T>(failure: OsFailure): OsResult<T> {
  return { ok: false, failure };
}

function exceptionFailure(call: string, e: unknown): OsFailure {
  return { kind: 'unsupported', what: `${call} threw: ${e instanceof Error ? e.message : String(e)}` };
}

/** The last Win32 error, read right after the failing call (koffi preserves it across its own work). */
function win32Failure(call: string): OsFailure {
  return { kind: 'win32', code: kernel32().GetLastError(), call };
}

/**
 * Calls an ntdll query until the buffer is large enough: bounded retries and a size cap, because a
 * handle table grows while we read it. Starts from the last size that worked for this call.
 */
function queryGrowing(call: string, initial: number, query: (buf: Buffer, ret: [number]) => number, sizes: Map<string, number>): OsResult<Filled> {
  let size = Math.max(initial, sizes.get(call) ?? 0);
  for (let attempt = 0; attempt < GROWTH_RETRIES; attempt++) {
    const buf = Buffer.alloc(size);
    const ret: [number] = [0];
    const status = u32(query(buf, ret));
    if (status === STATUS.SUCCESS) {
      sizes.set(call, size);
      return { ok: true, value: { buf, length: ret[0] > 0 ? Math.min(ret[0], size) : size } };
    }
    if (status !== STATUS.INFO_LENGTH_MISMATCH && status !== STATUS.BUFFER_TOO_SMALL && status !== STATUS.BUFFER_OVERFLOW) {
      return fail(ntFailure(status, call));
    }
    // Wine reports 0 as the needed length for handle tables: doubling is the only signal then.
    const next = Math.max(size * 2, ret[0] + ret[0] / 4);
    if (next > BUFFER_CAP) return fail(ntFailure(status, call));
    size = Math.ceil(next);
  }
  return fail(ntFailure(STATUS.INFO_LENGTH_MISMATCH, call));
}

/** Finds koffi's entry point for the helper process without relying on import.meta (absent from CommonJS bundles). */
function defaultKoffiPath(): string {
  if (typeof require === 'function') return require.resolve('koffi');
  // ESM without require (tests, dev runs): resolve from the working directory, the project root.
  return path.join(process.cwd(), 'node_modules', 'koffi', 'index.js');
}

/** Handle types whose names are only queried in the killable helper. */
const FILE_TYPE_NAME = 'File';

/** The Windows implementation of `OsApi`. */
export class Win32OsApi implements OsApi {
  private readonly sizes = new Map<string, number>();
  private typeMap: { byIndex: Map<number, string>; byName: Map<string, number>; rule: TypeIndexRule } | null = null;
  /** Set once NtQueryInformationProcess(ProcessHandleInformation) reports STATUS_INVALID_INFO_CLASS (Wine, Windows 7). */
  private processHandleClassUnsupported = false;
  private readonly fileNames: FileNameHelper;
  private readonly held = new Set<HeldObject>();

  constructor(options: Win32OsApiOptions = {}) {
    this.fileNames = new FileNameHelper({
      koffiPath: options.koffiPath ?? defaultKoffiPath(),
      deadlineMs: options.fileNameDeadlineMs ?? 2000,
    });
  }

  /** How handle-table type indices were mapped to names (diagnostics; null before the first snapshot). */
  typeIndexRule(): TypeIndexRule | null {
    return this.typeMap?.rule ?? null;
  }

  /** Every process visible to this user. */
  async listProcesses(): Promise<OsResult<ProcessInfo[]>> {
    try {
      // Wine answers a too-small buffer with length 0, so start at a size that holds a typical system.
      const r = queryGrowing('NtQuerySystemInformation(SystemProcessInformation)', 512 * 1024, (buf, ret) => ntdll().NtQuerySystemInformation(SystemProcessInformation, buf, buf.length, ret), this.sizes);
      if (!r.ok) return r;
      const raw = parseSystemProcessInformation(r.value.buf, r.value.length, addressOf(r.value.buf));
      return { ok: true, value: raw.map((p) => ({ ...p, path: p.pid === 0 ? null : this.imagePath(p.pid) })) };
    } catch (e) {
      return fail(exceptionFailure('listProcesses', e));
    }
  }

  /** Handle tables, filtered by PID and type on the raw buffer. */
  async snapshotHandles(filter: HandleFilter): Promise<OsResult<HandleSnapshot>> {
    try {
      const types = this.types();
      if (!types.ok) return types;
      const raw: RawHandleFilter = {};
      if (filter.types) raw.typeIndices = new Set(filter.types.flatMap((t) => (types.value.byName.has(t) ? [types.value.byName.get(t) as number] : [])));
      if (filter.pids) raw.pids = new Set(filter.pids);
      const r = this.rawSnapshot(raw);
      if (!r.ok) return r;
      const handles: HandleEntry[] = r.value.entries.map((e) => ({ ...e, typeName: types.value.byIndex.get(e.typeIndex) ?? `#${e.typeIndex}` }));
      return { ok: true, value: { source: r.value.source, handles, unreadable: r.value.unreadable } };
    } catch (e) {
      return fail(exceptionFailure('snapshotHandles', e));
    }
  }

  /** Names of the given handles; File names come from the killable helper. */
  async queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[]): Promise<NamedHandle[]> {
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
        const proc = this.openProcess(pid, PROCESS_DUP_HANDLE);
        if (!proc.ok) {
          for (const h of list) results.set(key(pid, h), proc);
          continue;
        }
        try {
          for (const h of list) results.set(key(pid, h), this.withDuplicate(proc.value, h, (dup) => this.objectName(dup)));
        } finally {
          kernel32().CloseHandle(proc.value);
        }
      } catch (e) {
        for (const h of list) if (!results.has(key(pid, h))) results.set(key(pid, h), fail(exceptionFailure('queryHandleNames', e)));
      }
    }
    if (files.length > 0) {
      const named = await this.fileNames.queryAll(files.map((f) => ({ pid: f.pid, handle: f.handle })));
      files.forEach((f, i) => results.set(key(f.pid, f.handle), named[i] ?? fail({ kind: 'unsupported', what: 'no answer' })));
    }
    return handles.map((h) => ({ pid: h.pid, handle: h.handle, name: results.get(key(h.pid, h.handle)) ?? fail({ kind: 'unsupported', what: 'no answer' }) }));
  }

  /** Closes a handle in another process after re-checking its identity and its protection. */
  async closeRemoteHandle(target: CloseTarget, approve: (current: HandleIdentity) => boolean): Promise<OsResult<CloseAttempt>> {
    try {
      // Opened first so that a gone process reports as such (87), not as a missing handle.
      const proc = this.openProcess(target.pid, PROCESS_DUP_HANDLE);
      if (!proc.ok) return proc;
      try {
        // A fresh table entry tells whether the handle still exists and carries OBJ_PROTECT_CLOSE
        // (a duplicate does not inherit that attribute, so asking the duplicate would not do).
        const snap = this.rawSnapshot({ pids: new Set([target.pid]) });
        if (!snap.ok) return snap;
        const unreadable = snap.value.unreadable.find((u) => u.pid === target.pid);
        if (unreadable) return fail(unreadable.failure);
        const entry = snap.value.entries.find((e) => e.handle === target.handle);
        if (!entry) return fail(ntFailure(STATUS.INVALID_HANDLE, 'snapshot: handle not in table'));

        const actualType = this.withDuplicate(proc.value, target.handle, (dup) => this.objectType(dup));
        if (!actualType.ok) return actualType;
        const actualName =
          actualType.value === FILE_TYPE_NAME
            ? ((await this.fileNames.queryAll([{ pid: target.pid, handle: target.handle }]))[0] ?? fail<string>({ kind: 'unsupported', what: 'no answer' }))
            : this.withDuplicate(proc.value, target.handle, (dup) => this.objectName(dup));
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
          const after = this.rawSnapshot({ pids: new Set([target.pid]) });
          if (after.ok && !after.value.unreadable.some((u) => u.pid === target.pid) && !after.value.entries.some((e) => e.handle === target.handle)) {
            return { ok: true, value: { closed: true, current } };
          }
          return fail(failure);
        }
        k.CloseHandle(dup[0]);
        return { ok: true, value: { closed: true, current } };
      } finally {
        kernel32().CloseHandle(proc.value);
      }
    } catch (e) {
      return fail(exceptionFailure('closeRemoteHandle', e));
    }
  }

  /** A REG_SZ / REG_EXPAND_SZ value (expanded), or null when the key or value is absent. */
  async readRegistryString(hive: RegistryHive, key: string, value: string, view: RegistryView = 'default'): Promise<OsResult<string | null>> {
    try {
      const reg = advapi32();
      const sam = KEY_QUERY_VALUE | (view === '32' ? KEY_WOW64_32KEY : view === '64' ? KEY_WOW64_64KEY : 0);
      const hk: [number] = [0];
      const opened = reg.RegOpenKeyExW(hive === 'HKCU' ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE, key, 0, sam, hk);
      if (opened === WIN32.FILE_NOT_FOUND) return { ok: true, value: null };
      if (opened !== 0) return fail({ kind: 'win32', code: opened, call: 'RegOpenKeyExW' });
      try {
        let size = 512;
        for (let attempt = 0; attempt < 4; attempt++) {
          const buf = Buffer.alloc(size);
          const type: [number] = [0];
          const cb: [number] = [size];
          const st = reg.RegQueryValueExW(hk[0], value, null, type, buf, cb);
          if (st === WIN32.FILE_NOT_FOUND) return { ok: true, value: null };
          if (st === WIN32.MORE_DATA) {
            size = Math.max(cb[0] + 2, size * 2);
            continue;
          }
          if (st !== 0) return fail({ kind: 'win32', code: st, call: 'RegQueryValueExW' });
          if (type[0] !== REG_SZ && type[0] !== REG_EXPAND_SZ) return fail({ kind: 'unsupported', what: `registry value type ${type[0]}` });
          // Stored strings may or may not carry their terminating NUL.
          const text = buf.toString('utf16le', 0, cb[0] - (cb[0] % 2)).replace(/\0+$/, '');
          return { ok: true, value: type[0] === REG_EXPAND_SZ ? this.expand(text) : text };
        }
        return fail({ kind: 'win32', code: WIN32.MORE_DATA, call: 'RegQueryValueExW' });
      } finally {
        reg.RegCloseKey(hk[0]);
      }
    } catch (e) {
      return fail(exceptionFailure('readRegistryString', e));
    }
  }

  /** Starts a program detached; its Node child PID is its Windows PID. */
  spawnDetached(file: string, options: SpawnOptions = {}): Promise<OsResult<{ pid: number; startTime: number }>> {
    return new Promise((resolve) => {
      try {
        const child = spawn(file, [...(options.args ?? [])], {
          detached: true,
          stdio: 'ignore',
          windowsHide: false,
          cwd: options.cwd,
          env: options.env ? { ...process.env, ...options.env } : process.env,
        });
        child.once('spawn', () => {
          child.unref();
          // Node still holds the child's process handle here, so its PID cannot have been reused yet.
          resolve(child.pid !== undefined ? { ok: true, value: { pid: child.pid, startTime: this.startTimeOf(child.pid) } } : fail({ kind: 'unsupported', what: 'spawn gave no pid' }));
        });
        child.once('error', (err: NodeJS.ErrnoException) => resolve(fail(spawnFailure(err))));
      } catch (e) {
        resolve(fail(spawnFailure(e as NodeJS.ErrnoException)));
      }
    });
  }

  /** True while the process exists (an access-denied open still proves it exists). */
  async isProcessAlive(pid: number): Promise<boolean> {
    try {
      const k = kernel32();
      const h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
      if (!h) return k.GetLastError() === WIN32.ACCESS_DENIED;
      try {
        const code: [number] = [0];
        return k.GetExitCodeProcess(h, code) !== 0 && code[0] === STILL_ACTIVE;
      } finally {
        k.CloseHandle(h);
      }
    } catch {
      return false;
    }
  }

  /** A process's creation time in ms since 1970 (0 when it cannot be read). */
  private startTimeOf(pid: number): number {
    try {
      const proc = this.openProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION);
      if (!proc.ok) return 0;
      try {
        const times = [Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)] as const;
        if (!kernel32().GetProcessTimes(proc.value, ...times)) return 0;
        return fileTimeToMs(times[0].readBigInt64LE(0));
      } finally {
        kernel32().CloseHandle(proc.value);
      }
    } catch {
      return 0;
    }
  }

  /** Creates a folder and its parents when missing. */
  async ensureDirectory(dir: string): Promise<OsResult<void>> {
    try {
      await fs.mkdir(dir, { recursive: true });
      return { ok: true, value: undefined };
    } catch (e) {
      return fail(spawnFailure(e as NodeJS.ErrnoException));
    }
  }

  /** Ends a process with exit code 1. */
  async terminateProcess(pid: number): Promise<OsResult<void>> {
    try {
      const proc = this.openProcess(pid, PROCESS_TERMINATE);
      if (!proc.ok) return proc;
      try {
        return kernel32().TerminateProcess(proc.value, 1) ? { ok: true, value: undefined } : fail(win32Failure('TerminateProcess'));
      } finally {
        kernel32().CloseHandle(proc.value);
      }
    } catch (e) {
      return fail(exceptionFailure('terminateProcess', e));
    }
  }

  /** True when a file exists at this path. */
  async fileExists(file: string): Promise<boolean> {
    try {
      return (await fs.stat(file)).isFile();
    } catch {
      return false;
    }
  }

  /** Creates or opens a named object and holds it until release(). */
  async holdNamedObject(typeName: HoldableType, name: string): Promise<OsResult<HeldObject>> {
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
      }
      // Read at once: any later call may overwrite the thread's last error.
      const lastError = k.GetLastError();
      if (!h) return fail({ kind: 'win32', code: lastError, call: `Create(${typeName})` });
      let open = true;
      const held: HeldObject = {
        typeName,
        name,
        alreadyExisted: lastError === WIN32.ALREADY_EXISTS,
        release: () => {
          if (!open) return;
          open = false;
          this.held.delete(held);
          kernel32().CloseHandle(h);
        },
      };
      this.held.add(held);
      return { ok: true, value: held };
    } catch (e) {
      return fail(exceptionFailure('holdNamedObject', e));
    }
  }

  /** Kills the File-name helper and releases held objects. */
  async dispose(): Promise<void> {
    this.fileNames.dispose();
    for (const h of [...this.held]) h.release();
  }

  // ---- internals ----

  private imagePath(pid: number): string | null {
    const k = kernel32();
    const h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
    if (!h) return null;
    try {
      const buf = Buffer.alloc(32768 * 2);
      const size: [number] = [32768];
      if (!k.QueryFullProcessImageNameW(h, 0, buf, size)) return null;
      return buf.toString('utf16le', 0, size[0] * 2);
    } finally {
      k.CloseHandle(h);
    }
  }

  private openProcess(pid: number, access: number): OsResult<number> {
    const k = kernel32();
    const h = k.OpenProcess(access, 0, pid);
    if (!h) return fail(win32Failure('OpenProcess'));
    return { ok: true, value: h };
  }

  /** Duplicates a remote handle, runs `use` on the duplicate and closes it at once: a leaked duplicate keeps a named object alive. */
  private withDuplicate<T>(process: number, handle: number, use: (dup: number) => OsResult<T>): OsResult<T> {
    const k = kernel32();
    const dup: [number] = [0];
    if (!k.DuplicateHandle(process, handle, k.GetCurrentProcess(), dup, 0, 0, DUPLICATE_SAME_ACCESS)) return fail(win32Failure('DuplicateHandle'));
    try {
      return use(dup[0]);
    } finally {
      k.CloseHandle(dup[0]);
    }
  }

  private objectName(handle: number): OsResult<string> {
    const r = queryGrowing('NtQueryObject(ObjectNameInformation)', 1024, (buf, ret) => ntdll().NtQueryObject(handle, ObjectNameInformation, buf, buf.length, ret), new Map());
    if (!r.ok) return r;
    return { ok: true, value: parseObjectNameInformation(r.value.buf, r.value.length, addressOf(r.value.buf)) };
  }

  private objectType(handle: number): OsResult<string> {
    const r = queryGrowing('NtQueryObject(ObjectTypeInformation)', 1024, (buf, ret) => ntdll().NtQueryObject(handle, ObjectTypeInformation, buf, buf.length, ret), new Map());
    if (!r.ok) return r;
    return { ok: true, value: parseObjectTypeInformation(r.value.buf, r.value.length) };
  }

  private expand(text: string): string {
    const k = kernel32();
    let chars = text.length + 256;
    for (let attempt = 0; attempt < 4; attempt++) {
      const buf = Buffer.alloc(chars * 2);
      const needed = k.ExpandEnvironmentStringsW(text, buf, chars);
      if (needed === 0) return text;
      if (needed <= chars) return buf.toString('utf16le', 0, (needed - 1) * 2);
      chars = needed;
    }
    return text;
  }

  /**
   * The type index -> name map, built once. The handle tables' index scheme differs between Windows
   * builds and Wine, so it is calibrated against handles of known type this process creates.
   */
  private types(): OsResult<{ byIndex: Map<number, string>; byName: Map<string, number>; rule: TypeIndexRule }> {
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
      const own = this.rawSnapshot({ pids: new Set([k.GetCurrentProcessId()]) });
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

  /** Raw entries, per process (class 51) when PIDs are given and supported, else from the system table (class 64). */
  private rawSnapshot(filter: RawHandleFilter): OsResult<{ source: SnapshotSource; entries: RawHandleEntry[]; unreadable: HandleSnapshot['unreadable'] }> {
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

  private processHandleTable(pid: number, filter: RawHandleFilter): OsResult<RawHandleEntry[]> {
    const call = 'NtQueryInformationProcess(ProcessHandleInformation)';
    // Least rights first; older builds insist on PROCESS_QUERY_INFORMATION for this class.
    for (const access of [PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_DUP_HANDLE, PROCESS_QUERY_INFORMATION | PROCESS_DUP_HANDLE]) {
      const proc = this.openProcess(pid, access);
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

/** Maps a Node spawn error to the Win32 code Windows reported (libuv only keeps the errno name). */
function spawnFailure(err: NodeJS.ErrnoException): OsFailure {
  switch (err.code) {
    case 'ENOENT':
      return { kind: 'win32', code: WIN32.FILE_NOT_FOUND, call: 'CreateProcess' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'win32', code: WIN32.ACCESS_DENIED, call: 'CreateProcess' };
    case 'ENOEXEC':
      return { kind: 'win32', code: WIN32.BAD_EXE_FORMAT, call: 'CreateProcess' };
    default:
      return { kind: 'unsupported', what: `spawn failed: ${err.code ?? err.message}` };
  }
}
