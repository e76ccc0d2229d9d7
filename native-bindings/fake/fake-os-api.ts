import type {
  CloseAttempt,
  ElevationFacts,
  ExecutionLevel,
  CloseTarget,
  HandleIdentity,
  HandleEntry,
  HandleFilter,
  HandleSnapshot,
  HeldObject,
  HoldableType,
  NamedHandle,
  NameQueryOptions,
  OsApi,
  OsFailure,
  OsResult,
  ProcessInfo,
  RegistryHive,
  RegistryValueData,
  SpawnOptions,
  Spawned,
  WindowInfo,
} from '../os-api';
import { NTSTATUS, WIN32_ERROR } from '../status-codes';
import { FakeDesktop } from './fake-windows';

/** A handle in a fake process: the object it refers to is identified by type + full name ("" = unnamed). */
export interface FakeHandle {
  handle: number;
  typeName: string;
  name: string;
  access?: number;
  attributes?: number;
  /** Name queries on this handle fail with this (e.g. access denied). */
  nameFailure?: OsFailure;
}

/** A fake process. */
export interface FakeProcess {
  pid: number;
  ppid: number;
  /** Start order, as ms since 1970: later processes start later. */
  startTime?: number;
  name: string;
  path: string | null;
  sessionId?: number;
  handles: FakeHandle[];
}

/**
 * How a fake program behaves when spawned: like a real single-instance app it creates its guards and
 * exits at once if one already exists anywhere (after `startDelayMs`, when given).
 */
export interface FakeProgram {
  /** Guards as [type, full object name]. */
  guards?: [string, string][];
  /** A child process that holds the guards instead of the program itself. */
  guardsInChild?: string;
  /** Never creates its guards (a changed app). */
  noGuard?: boolean;
  /** Other named objects it creates at start, [type, full name] (noise for guard learning). */
  objects?: [string, string][];
  /** Exits immediately whatever happens. */
  exitsAtOnce?: boolean;
  /** What its manifest requests; with requireAdministrator it cannot be started by a process that is not elevated (740). */
  executionLevel?: ExecutionLevel;
  startDelayMs?: number;
  /** Shows a top-level window of this class once started. */
  window?: { className: string; title?: string };
  /** Refuses (exits at once) while any process shows a window of this class: an app that finds its first copy's window. */
  refusesWhenWindow?: string;
  /** Its version resource ("4.1.7.1"); none when absent. */
  version?: string;
  /** Like WeCom: while this HKCU DWORD value exists, it refuses to become more than that many running copies. */
  capFromRegistry?: { key: string; value: string };
}

const ok = <T>(value: T): OsResult<T> => ({ ok: true, value });
const fail = <T>(failure: OsFailure): OsResult<T> => ({ ok: false, failure });
const TYPE_INDEX: Record<string, number> = { Process: 7, Thread: 8, Event: 16, Mutant: 17, Semaphore: 19, Section: 42, File: 37, Key: 44 };

/** An in-memory OsApi for unit tests and UI work. It models handle tables, named objects, registry and spawning. */
export class FakeOsApi implements OsApi {
  readonly processes = new Map<number, FakeProcess>();
  readonly registry = new Map<string, string>();
  readonly files = new Set<string>();
  readonly programs = new Map<string, FakeProgram>();
  /** Every call, for assertions on call order and counts. */
  readonly calls: string[] = [];
  private nextPid = 1000;
  /** Start times handed out in order, a minute apart (any process added later started later). */
  private clock = 1_700_000_000_000;
  private nextHandle = 0x100;
  /** Processes whose handle table this user may not read (an elevated app): snapshots report them unreadable. */
  readonly deniedPids = new Set<number>();
  /** Handles whose close must fail with this failure, keyed "pid:handle". */
  readonly closeFailures = new Map<string, OsFailure>();

  /** Adds a process; handle values are assigned when absent. */
  addProcess(p: Omit<FakeProcess, 'handles' | 'pid'> & { pid?: number; handles?: Omit<FakeHandle, 'handle'>[] | FakeHandle[] }): FakeProcess {
    const pid = p.pid ?? this.nextPid++;
    const proc: FakeProcess = {
      pid,
      ppid: p.ppid,
      startTime: p.startTime ?? (this.clock += 60_000),
      name: p.name,
      path: p.path,
      sessionId: p.sessionId ?? 1,
      handles: (p.handles ?? []).map((h) => ({ handle: 'handle' in h && typeof h.handle === 'number' ? h.handle : this.allocHandle(), ...h }) as FakeHandle),
    };
    this.processes.set(pid, proc);
    return proc;
  }

  /** Adds a handle to a process; returns its value. */
  addHandle(pid: number, h: Omit<FakeHandle, 'handle'>): number {
    const handle = this.allocHandle();
    this.processes.get(pid)?.handles.push({ handle, ...h });
    return handle;
  }

  /** Ends a process (its handles and windows go with it). */
  kill(pid: number): void {
    this.processes.delete(pid);
    this.windows.delete(pid);
  }

  /** True when some live process holds a handle to this named object. */
  objectExists(typeName: string, name: string): boolean {
    for (const p of this.processes.values()) if (p.handles.some((h) => h.typeName === typeName && h.name === name)) return true;
    return false;
  }

  /** True when a live process holds an object of this name but another type. */
  objectOfOtherType(typeName: string, name: string): boolean {
    for (const p of this.processes.values()) if (p.handles.some((h) => h.typeName !== typeName && h.name === name)) return true;
    return false;
  }

  private allocHandle(): number {
    this.nextHandle += 4;
    return this.nextHandle;
  }

  async listProcesses(): Promise<OsResult<ProcessInfo[]>> {
    this.calls.push('listProcesses');
    return ok(
      [...this.processes.values()].map((p) => ({ pid: p.pid, ppid: p.ppid, name: p.name, path: p.path, sessionId: p.sessionId ?? 1, handleCount: p.handles.length, startTime: p.startTime ?? 0 })),
    );
  }

  async snapshotHandles(filter: HandleFilter): Promise<OsResult<HandleSnapshot>> {
    this.calls.push(`snapshotHandles ${filter.pids?.join(',') ?? '*'} ${filter.types?.join(',') ?? '*'}`);
    const handles: HandleEntry[] = [];
    const unreadable: HandleSnapshot['unreadable'] = [];
    for (const p of this.processes.values()) {
      if (filter.pids && !filter.pids.includes(p.pid)) continue;
      if (this.deniedPids.has(p.pid)) {
        unreadable.push({ pid: p.pid, failure: { kind: 'ntstatus', code: NTSTATUS.ACCESS_DENIED, call: 'NtQueryInformationProcess' } });
        continue;
      }
      for (const h of p.handles) {
        if (filter.types && !filter.types.includes(h.typeName)) continue;
        handles.push({ pid: p.pid, handle: h.handle, typeName: h.typeName, typeIndex: TYPE_INDEX[h.typeName] ?? 99, access: h.access ?? 0x1f0001, attributes: h.attributes ?? 0 });
      }
    }
    return ok({ source: 'fake', handles, unreadable });
  }

  async queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[], options: NameQueryOptions = {}): Promise<NamedHandle[]> {
    // The order asked in is recorded: Windows answers in it, and a stuck File name costs its whole deadline.
    this.calls.push(`queryHandleNames ${handles.length}${options.firstPids?.length ? ` first ${options.firstPids.join(',')}` : ''}`);
    // Each table is indexed once per call: a search per handle made 100,000 handles take minutes.
    const tables = new Map<number, Map<number, FakeHandle>>();
    // Reversed, so that of two entries with one value the first wins, as a search would find it.
    const tableOf = (pid: number) => tables.get(pid) ?? tables.set(pid, new Map(this.processes.get(pid)?.handles.map((x) => [x.handle, x] as const).reverse())).get(pid)!;
    return handles.map(({ pid, handle }) => {
      const h = tableOf(pid).get(handle);
      if (!h) return { pid, handle, name: fail({ kind: 'win32', code: WIN32_ERROR.INVALID_HANDLE, call: 'DuplicateHandle' }) };
      if (h.nameFailure) return { pid, handle, name: fail(h.nameFailure) };
      return { pid, handle, name: ok(h.name) };
    });
  }

  async closeRemoteHandle(target: CloseTarget, approve: (current: HandleIdentity) => boolean): Promise<OsResult<CloseAttempt>> {
    this.calls.push(`closeRemoteHandle ${target.pid} 0x${target.handle.toString(16)}`);
    const proc = this.processes.get(target.pid);
    if (!proc) return fail({ kind: 'win32', code: WIN32_ERROR.INVALID_PARAMETER, call: 'OpenProcess' });
    const index = proc.handles.findIndex((h) => h.handle === target.handle);
    const h = proc.handles[index];
    if (!h) return fail({ kind: 'ntstatus', code: NTSTATUS.INVALID_HANDLE, call: 'snapshot: handle not in table' });
    if (h.nameFailure) return fail(h.nameFailure);
    const current = { typeName: h.typeName, name: h.name, attributes: h.attributes ?? 0 };
    // The OS closes whatever it is told to; only the caller's check stands between a reused value and a wrong close.
    if (!approve(current)) return ok({ closed: false, current });
    const forced = this.closeFailures.get(`${target.pid}:${target.handle}`);
    if (forced) return fail(forced);
    proc.handles.splice(index, 1);
    return ok({ closed: true, current });
  }

  async readRegistryString(hive: RegistryHive, key: string, value: string): Promise<OsResult<string | null>> {
    return ok(this.registry.get(`${hive}\\${key}\\${value}`.toLowerCase()) ?? null);
  }

  /** Sets a registry string value for readRegistryString. */
  setRegistry(hive: RegistryHive, key: string, value: string, data: string): void {
    this.registry.set(`${hive}\\${key}\\${value}`.toLowerCase(), data);
  }

  /** Options of every spawn, in order. */
  readonly spawns: { path: string; options: SpawnOptions }[] = [];

  /** This process's token, as processElevation reports it (not elevated by default). */
  elevation: ElevationFacts = { elevated: false, type: 'default' };
  /** When set, a 'desktop-user' start fails like this (no shell window, a refused token). */
  desktopUserFailure: OsFailure | null = null;

  async spawnDetached(path: string, options: SpawnOptions = {}): Promise<OsResult<Spawned>> {
    this.calls.push(`spawn ${path}${options.level && options.level !== 'inherit' ? ` as ${options.level}` : ''}`);
    this.spawns.push({ path, options });
    const program = this.programs.get(path.toLowerCase());
    if (!program || !this.files.has(path.toLowerCase())) return fail({ kind: 'win32', code: WIN32_ERROR.FILE_NOT_FOUND, call: 'CreateProcessW' });
    const level = options.level ?? 'inherit';
    if (level === 'desktop-user' && this.desktopUserFailure) return fail(this.desktopUserFailure);
    const runs = level === 'elevated' || (level === 'inherit' && this.elevation.elevated) ? 'elevated' : 'normal';
    if (program.executionLevel === 'requireAdministrator' && runs !== 'elevated') return fail({ kind: 'win32', code: WIN32_ERROR.ELEVATION_REQUIRED, call: 'CreateProcess' });
    const name = path.slice(path.lastIndexOf('\\') + 1);
    const proc = this.addProcess({ ppid: 1, name, path });
    const start = () => {
      if (program.exitsAtOnce) return this.kill(proc.pid);
      if (program.refusesWhenWindow && [...this.windows.values()].flat().some((w) => w.className === program.refusesWhenWindow)) return this.kill(proc.pid);
      if (program.capFromRegistry && this.overCap(program.capFromRegistry, name)) return this.kill(proc.pid);
      if (program.window) this.windows.set(proc.pid, [{ handle: this.allocHandle(), title: program.window.title ?? '', className: program.window.className, visible: true, minimized: false }]);
      if (program.noGuard) return;
      const guards = program.guards ?? [];
      if (guards.some(([t, n]) => this.objectExists(t, n))) return this.kill(proc.pid);
      // A same-named object of another type makes the create fail: apps like Roblox then run without their guard.
      if (guards.some(([t, n]) => this.objectOfOtherType(t, n))) return;
      const holder = program.guardsInChild ? this.addProcess({ ppid: proc.pid, name: program.guardsInChild, path: null }) : proc;
      for (const [typeName, objectName] of [...(program.objects ?? []), ...guards]) this.addHandle(holder.pid, { typeName, name: objectName });
    };
    if (program.startDelayMs) setTimeout(start, program.startDelayMs);
    else start();
    return ok({ pid: proc.pid, startTime: proc.startTime ?? 0, level: runs });
  }

  async processElevation(): Promise<OsResult<ElevationFacts>> {
    return ok(this.elevation);
  }

  async requestedExecutionLevel(path: string): Promise<OsResult<ExecutionLevel | null>> {
    if (!this.files.has(path.toLowerCase())) return fail({ kind: 'win32', code: WIN32_ERROR.FILE_NOT_FOUND, call: 'CreateFileW' });
    return ok(this.programs.get(path.toLowerCase())?.executionLevel ?? null);
  }

  /** Registers a program at a path (and makes the file exist). */
  installProgram(path: string, program: FakeProgram): void {
    this.files.add(path.toLowerCase());
    this.programs.set(path.toLowerCase(), program);
  }

  async isProcessAlive(pid: number): Promise<boolean> {
    return this.processes.has(pid);
  }

  /** Folders created through ensureDirectory. */
  readonly directories = new Set<string>();

  async ensureDirectory(path: string): Promise<OsResult<void>> {
    this.directories.add(path.toLowerCase());
    return ok(undefined);
  }

  async terminateProcess(pid: number): Promise<OsResult<void>> {
    this.calls.push(`terminate ${pid}`);
    if (!this.processes.has(pid)) return fail({ kind: 'win32', code: WIN32_ERROR.INVALID_PARAMETER, call: 'OpenProcess' });
    this.kill(pid);
    return ok(undefined);
  }

  async fileExists(path: string): Promise<boolean> {
    return this.files.has(path.toLowerCase());
  }

  async holdNamedObject(typeName: HoldableType, name: string): Promise<OsResult<HeldObject>> {
    const full = `\\Sessions\\1\\BaseNamedObjects\\${name}`;
    if (this.objectOfOtherType(typeName, full)) return fail({ kind: 'win32', code: WIN32_ERROR.INVALID_HANDLE, call: `Create(${typeName})` });
    const alreadyExisted = this.objectExists(typeName, full);
    const self = this.processes.get(1) ?? this.addProcess({ pid: 1, ppid: 0, name: 'multiopen.exe', path: null });
    const handle = this.addHandle(self.pid, { typeName, name: full });
    return ok({
      typeName,
      name,
      alreadyExisted,
      release: () => {
        const i = self.handles.findIndex((h) => h.handle === handle);
        if (i >= 0) self.handles.splice(i, 1);
      },
    });
  }

  async dispose(): Promise<void> {}

  /** Registry values that are not strings (DWORDs and others), keyed like `registry`. */
  readonly registryValues = new Map<string, RegistryValueData>();
  /** When set, registry writes and deletes fail like this (a locked or read-only key). */
  registryWriteFailure: OsFailure | null = null;
  /** Top-level windows by process. */
  readonly windows = new Map<number, WindowInfo[]>();

  private registryKey(hive: RegistryHive, key: string, value: string): string {
    return `${hive}\\${key}\\${value}`.toLowerCase();
  }

  /** True when starting one more copy of `exe` would exceed the DWORD cap the registry sets (like WeCom's multi_instances). */
  private overCap(cap: { key: string; value: string }, exe: string): boolean {
    const stored = this.registryValues.get(this.registryKey('HKCU', cap.key, cap.value));
    if (!stored || stored.type !== 4) return false;
    const limit = Buffer.from(stored.data).readUInt32LE(0);
    const running = [...this.processes.values()].filter((p) => p.name.toLowerCase() === exe.toLowerCase()).length;
    return running > limit;
  }

  async writeRegistryString(hive: 'HKCU', key: string, value: string, data: string): Promise<OsResult<void>> {
    this.calls.push(`writeRegistryString ${hive}\\${key}\\${value}=${data}`);
    if (this.registryWriteFailure) return fail(this.registryWriteFailure);
    this.registryValues.delete(this.registryKey(hive, key, value));
    this.registry.set(this.registryKey(hive, key, value), data);
    return ok(undefined);
  }

  async deleteRegistryValue(hive: 'HKCU', key: string, value: string): Promise<OsResult<void>> {
    this.calls.push(`deleteRegistryValue ${hive}\\${key}\\${value}`);
    if (this.registryWriteFailure) return fail(this.registryWriteFailure);
    this.registry.delete(this.registryKey(hive, key, value));
    this.registryValues.delete(this.registryKey(hive, key, value));
    return ok(undefined);
  }

  async readRegistryValue(hive: RegistryHive, key: string, value: string): Promise<OsResult<RegistryValueData | null>> {
    const k = this.registryKey(hive, key, value);
    const text = this.registry.get(k);
    if (text !== undefined) return ok({ type: 1, data: new Uint8Array(Buffer.from(`${text}\0`, 'utf16le')) });
    return ok(this.registryValues.get(k) ?? null);
  }

  async writeRegistryValue(hive: 'HKCU', key: string, value: string, data: RegistryValueData): Promise<OsResult<void>> {
    this.calls.push(`writeRegistryValue ${hive}\\${key}\\${value} type ${data.type}`);
    if (this.registryWriteFailure) return fail(this.registryWriteFailure);
    const k = this.registryKey(hive, key, value);
    if (data.type === 1 || data.type === 2) {
      this.registryValues.delete(k);
      this.registry.set(k, Buffer.from(data.data).toString('utf16le').replace(/\0+$/, ''));
    } else {
      this.registry.delete(k);
      this.registryValues.set(k, { type: data.type, data: new Uint8Array(data.data) });
    }
    return ok(undefined);
  }

  async listTopLevelWindows(pid: number): Promise<OsResult<WindowInfo[]>> {
    return ok(this.windows.get(pid) ?? []);
  }

  /** Window titles, restore, foreground and WM_CLOSE, over `windows` (fake-windows.ts). */
  readonly desktop = new FakeDesktop(this.windows, (pid) => this.kill(pid), this.calls);
  setWindowTitle: OsApi['setWindowTitle'] = async (handle, title) => this.desktop.setTitle(handle, title);
  restoreWindow: OsApi['restoreWindow'] = async (handle) => this.desktop.restore(handle);
  setForegroundWindow: OsApi['setForegroundWindow'] = async (handle) => this.desktop.setForeground(handle);
  postCloseMessage: OsApi['postCloseMessage'] = async (handle) => this.desktop.postClose(handle);

  async fileVersion(path: string): Promise<OsResult<string | null>> {
    if (!this.files.has(path.toLowerCase())) return fail({ kind: 'win32', code: WIN32_ERROR.FILE_NOT_FOUND, call: 'GetFileVersionInfoSizeW' });
    return ok(this.programs.get(path.toLowerCase())?.version ?? null);
  }
}
