/**
 * The operating-system boundary. Everything the engine needs from Windows goes through `OsApi`;
 * `win32/` implements it with koffi, `fake/` keeps state in memory for unit tests and UI work.
 * Implementations return data and status codes, never user-facing words: `core` decides what a
 * status means and the UI words it.
 */

/** Why an OS call failed, as data. NTSTATUS and Win32 codes are kept as the OS reported them. */
export type OsFailure =
  | { kind: 'ntstatus'; code: number; call: string }
  | { kind: 'win32'; code: number; call: string }
  /** The handle no longer names the object the caller expected (handle values are reused). */
  | { kind: 'changed'; actualType: string | null; actualName: string | null }
  /** The handle carries OBJ_PROTECT_CLOSE; closing it is refused. */
  | { kind: 'protected' }
  /** The call did not finish within its deadline and was abandoned. */
  | { kind: 'timeout'; call: string }
  /** This platform or OS build cannot do it. */
  | { kind: 'unsupported'; what: string };

/** A value or the reason there is none. */
export type OsResult<T> = { ok: true; value: T } | { ok: false; failure: OsFailure };

/** One running process. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Image file name, e.g. "WeChat.exe". */
  name: string;
  /** Full image path, or null when it cannot be read (protected process, access denied). */
  path: string | null;
  sessionId: number;
  handleCount: number;
  /** When the process started, in ms since 1970 (0 when unknown): PIDs are reused, (pid, startTime) is not. */
  startTime: number;
}

/** One entry of a handle table snapshot, before any per-handle system call. */
export interface HandleEntry {
  pid: number;
  /** Handle value inside the owning process. */
  handle: number;
  /** Kernel object type name ("Mutant", "Event", "File", ...), mapped from the type index. */
  typeName: string;
  typeIndex: number;
  /** Granted access mask. */
  access: number;
  /** Handle attributes (OBJ_INHERIT 0x2, OBJ_PROTECT_CLOSE 0x1). */
  attributes: number;
}

/** What a snapshot should keep; filtering happens on the raw buffer, before any per-handle call. */
export interface HandleFilter {
  /** Only these processes (all when absent). */
  pids?: readonly number[];
  /** Only these object type names, e.g. ["Mutant", "Event"] (all when absent). */
  types?: readonly string[];
}

/** How the snapshot was taken, for diagnostics and benchmarks. */
export type SnapshotSource = 'process-handle-information' | 'system-extended-handle-information' | 'fake';

/** A handle table snapshot. */
export interface HandleSnapshot {
  source: SnapshotSource;
  handles: HandleEntry[];
  /** Processes whose table could not be read (per-process mode only), with the reason. */
  unreadable: { pid: number; failure: OsFailure }[];
}

/** The name of one remote handle's object, or why it could not be read. */
export interface NamedHandle {
  pid: number;
  handle: number;
  /** Full object name ("\Sessions\1\BaseNamedObjects\X", "\Device\HarddiskVolume3\..."), "" when unnamed. */
  name: OsResult<string>;
}

/** How a batch of name queries is ordered. */
export interface NameQueryOptions {
  /**
   * Processes whose handles are asked first: the app's own, where its guard is. A File name query can
   * be stuck for its whole deadline, so asking the likely holder first keeps the answer fast.
   */
  firstPids?: readonly number[];
}

/** A handle to close: which process, which handle value. */
export interface CloseTarget {
  pid: number;
  handle: number;
}

/** What a handle refers to at this moment, read from a fresh table entry and a duplicate of the handle. */
export interface HandleIdentity {
  typeName: string;
  /** Full object name, "" when unnamed. */
  name: string;
  /** Handle attributes from the table (OBJ_PROTECT_CLOSE 0x1). */
  attributes: number;
}

/** The outcome of a close that reached the handle: what it named, and whether the caller's check let it be closed. */
export interface CloseAttempt {
  closed: boolean;
  current: HandleIdentity;
}

/** Registry hives the engine reads. */
export type RegistryHive = 'HKCU' | 'HKLM';
/** Which registry view to read on 64-bit Windows. */
export type RegistryView = 'default' | '32' | '64';

/** Object kinds the engine can create and hold (pre-claim strategy, probes); the preset schema accepts exactly these. */
export const HOLDABLE_TYPES = ['Mutant', 'Event', 'Semaphore', 'Section', 'Timer', 'Job'] as const;
/** An object kind the engine can create and hold. */
export type HoldableType = (typeof HOLDABLE_TYPES)[number];

/** A named object this process created and holds until `release` is called. */
export interface HeldObject {
  typeName: HoldableType;
  name: string;
  /** True when the object existed before (ERROR_ALREADY_EXISTS). */
  alreadyExisted: boolean;
  release(): void;
}

/** What an executable's manifest asks for (`requestedExecutionLevel`). */
export type ExecutionLevel = 'asInvoker' | 'highestAvailable' | 'requireAdministrator';

/** The rights a process runs with: the desktop user's usual ones, or elevated (administrator). */
export type RunLevel = 'normal' | 'elevated';

/**
 * How to start a program. 'inherit': with this process's token. 'desktop-user': with the token of the
 * desktop shell (Explorer), so an elevated engine does not pass its rights on. 'elevated': through
 * ShellExecuteExW "runas", which shows the UAC prompt (the environment cannot be passed that way).
 */
export type SpawnLevel = 'inherit' | 'desktop-user' | 'elevated';

/** This process's token: elevated or not, and TokenElevationType ('full': an administrator who elevated and has a normal level to go back to). */
export interface ElevationFacts {
  elevated: boolean;
  /** 'default': no split token (UAC off, a standard user, the built-in Administrator); 'full' / 'limited': the two halves of an administrator's split token. */
  type: 'default' | 'full' | 'limited';
}

/** Options for starting a program. */
export interface SpawnOptions {
  args?: readonly string[];
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** Which rights to start it with; 'inherit' when absent. */
  level?: SpawnLevel;
}

/** A started program: its PID, its start time (as in ProcessInfo; 0 when unknown), and the rights it got. */
export interface Spawned {
  pid: number;
  startTime: number;
  /** Read from the new process's token; absent when that could not be read. */
  level?: RunLevel;
}

/** The operating-system operations the engine needs. All are asynchronous so an implementation may run out of process. */
export interface OsApi {
  /** Every process visible to this user. */
  listProcesses(): Promise<OsResult<ProcessInfo[]>>;
  /** Handle tables, filtered by PID and type before any per-handle work. */
  snapshotHandles(filter: HandleFilter): Promise<OsResult<HandleSnapshot>>;
  /**
   * Names of the given handles (duplicate, query, close the duplicate at once). File handles are
   * name-queried only where a hanging call can be abandoned; `options.firstPids` are asked first.
   */
  queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[], options?: NameQueryOptions): Promise<NamedHandle[]>;
  /**
   * Closes a handle inside another process if `approve` accepts what the handle refers to right now
   * (read afresh just before closing: handle values are reused). The implementation decides nothing:
   * the caller's `approve` does. A name that cannot be read is a failure, never a blind close.
   */
  closeRemoteHandle(target: CloseTarget, approve: (current: HandleIdentity) => boolean): Promise<OsResult<CloseAttempt>>;
  /** A string (REG_SZ / REG_EXPAND_SZ) registry value, or null when the key or value is absent. */
  readRegistryString(hive: RegistryHive, key: string, value: string, view?: RegistryView): Promise<OsResult<string | null>>;
  /**
   * Starts a program detached from this process at `options.level`; resolves with its PID, start time
   * (as in ProcessInfo; 0 when unknown) and the level it runs at. It may set the foreground window
   * (AllowSetForegroundWindow), so its window comes to the front although we started it in the background.
   */
  spawnDetached(path: string, options?: SpawnOptions): Promise<OsResult<Spawned>>;
  /** Whether this process runs elevated, and what kind of token it has. */
  processElevation(): Promise<OsResult<ElevationFacts>>;
  /** What an exe's embedded manifest requests; null when it requests nothing (it runs as the invoker). */
  requestedExecutionLevel(path: string): Promise<OsResult<ExecutionLevel | null>>;
  /** True while the process exists. */
  isProcessAlive(pid: number): Promise<boolean>;
  /** Ends a process (used to remove the trial copies that guard learning starts). */
  terminateProcess(pid: number): Promise<OsResult<void>>;
  /** True when a file exists at this path. */
  fileExists(path: string): Promise<boolean>;
  /** Creates a folder and its parents when missing (per-instance data folders). */
  ensureDirectory(path: string): Promise<OsResult<void>>;
  /** Creates (or opens) a named object and holds it. */
  holdNamedObject(typeName: HoldableType, name: string): Promise<OsResult<HeldObject>>;
  /** Frees what the implementation holds (worker threads, cached handles). */
  dispose(): Promise<void>;
  /** Sets a REG_SZ value under HKCU (a preset's launch-time value), creating the key when missing. */
  writeRegistryString(hive: 'HKCU', key: string, value: string, data: string): Promise<OsResult<void>>;
  /** Removes a value under HKCU; a value or key that is already gone counts as removed. */
  deleteRegistryValue(hive: 'HKCU', key: string, value: string): Promise<OsResult<void>>;
  /** A value exactly as stored (its type and bytes, nothing expanded), or null when absent: what a launch-time change is restored from. */
  readRegistryValue(hive: RegistryHive, key: string, value: string): Promise<OsResult<RegistryValueData | null>>;
  /** Writes a value exactly as `readRegistryValue` read it (a DWORD comes back as a DWORD), creating the key when missing. */
  writeRegistryValue(hive: 'HKCU', key: string, value: string, data: RegistryValueData): Promise<OsResult<void>>;
  /** The top-level windows of a process (EnumWindows): handle, title and window class. */
  listTopLevelWindows(pid: number): Promise<OsResult<WindowInfo[]>>;
  /** An exe's file version from its version resource ("4.1.7.1"), null when it has none. */
  fileVersion(path: string): Promise<OsResult<string | null>>;
  /** Sets a window's title (WM_SETTEXT, with a deadline so a hung app cannot hang the caller). */
  setWindowTitle(handle: number, title: string): Promise<OsResult<void>>;
  /** Restores a minimised window (ShowWindow SW_RESTORE). */
  restoreWindow(handle: number): Promise<OsResult<void>>;
  /** Asks for a window to become the foreground window; true when it is the foreground window afterwards. */
  setForegroundWindow(handle: number): Promise<OsResult<boolean>>;
  /** Posts WM_CLOSE to a window; what closing means is the app's business (it may ask, hide or exit). */
  postCloseMessage(handle: number): Promise<OsResult<void>>;
}

/** A top-level window of a process. */
export interface WindowInfo {
  handle: number;
  title: string;
  className: string;
  /** IsWindowVisible (absent where unknown). */
  visible?: boolean;
  /** IsIconic: minimised (absent where unknown). */
  minimized?: boolean;
}

/** A registry value as stored: its REG_* type (1 REG_SZ, 2 REG_EXPAND_SZ, 4 REG_DWORD, ...) and its bytes. */
export interface RegistryValueData {
  type: number;
  data: Uint8Array;
}
