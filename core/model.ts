/**
 * The engine's data shapes: what `core` returns, what the CLI prints with `--json`, and what the
 * desktop app and browser mode carry over their transports. Field names follow the CLI contract.
 */

import type { CheckProgress, CheckReport, LastWorked, LaunchRegistryValue, ReadySpec } from './model-check';
export type * from './model-check';
export type * from './model-instances';
export type * from './model-learn';
import type { InstancesApi } from './model-instances';
import type { LearnProgress, LearnReport, WatchState } from './model-learn';
import type { HoldableType } from '../native-bindings/os-api';

/** Stable error codes of the CLI contract and the UI. */
export const ERROR_CODES = [
  'ACCESS_DENIED',
  'ELEVATION_REQUIRED',
  'PROCESS_GONE',
  'HANDLE_GONE',
  'HANDLE_CHANGED',
  'NOT_CLOSABLE',
  'PROTECTED_HANDLE',
  'GUARD_NOT_FOUND',
  'EXE_NOT_FOUND',
  'NOT_RUNNING',
  'LAUNCH_FAILED',
  'INSTANCE_EXITED',
  'GUARD_TIMEOUT',
  'PRECLAIM_FAILED',
  'APP_RUNNING',
  'LEARN_FAILED',
  'PRESET_NOT_FOUND',
  'PRESET_INVALID',
  'PRESET_EXISTS',
  'PRESET_BUILTIN',
  'PRESET_UNSAFE',
  'PRESET_UNTRUSTED',
  'CONFIRMATION_REQUIRED',
  'STORE_CORRUPT',
  'FILE_ERROR',
  'USAGE',
  'TIMEOUT',
  'UNSUPPORTED',
  'OS_ERROR',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure, carried as a value. `message` is English for logs and the CLI; the UI words it from `code`. */
export interface EngineError {
  code: ErrorCode;
  message: string;
  /** Raw OS status as hex ("0xC0000022") when one caused it. */
  status?: string;
  /** The input field at fault, as written in the input ("presets[0].path", "guards[1].type"), when one is. */
  field?: string;
  /** GUARD_NOT_FOUND only: File handles of the app whose names could not be read in time (the guard may be one of them). */
  unnamed?: number;
}

/** A value or an expected failure. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: EngineError };

/** A process row (`multiopen ps`). */
export interface ProcessRow {
  pid: number;
  ppid: number;
  name: string;
  path: string | null;
  sessionId: number;
  handleCount: number;
}

/** A handle row (`multiopen handles`). Handle values and access masks are hex strings. */
export interface HandleRow {
  pid: number;
  process: string;
  handle: string;
  type: string;
  /** Full object name; "" for unnamed objects; null when it could not be read. */
  name: string | null;
  access: string;
  /** True when the handle is protected from closing (OBJ_PROTECT_CLOSE). */
  protected: boolean;
}

/** A closed handle. */
export interface ClosedHandle {
  pid: number;
  handle: string;
  type: string;
  name: string;
}

/** A handle that could not be closed, or a guard that could not be acted on. */
export interface FailedItem {
  pid: number | null;
  handle: string | null;
  code: ErrorCode;
  message: string;
  status?: string;
  field?: string;
  /** GUARD_NOT_FOUND only: File handles of the app whose names could not be read in time (the guard may be one of them). */
  unnamed?: number;
}

/** Result of `close` and `unlock`. */
export interface CloseReport {
  closed: ClosedHandle[];
  failed: FailedItem[];
}

/** Progress of a launch, one event per step, for progress bars. */
export type LaunchProgress =
  | { step: 'unlocking'; running: number; target: number }
  | { step: 'launching'; index: number; target: number }
  | { step: 'waiting-guard'; index: number; pid: number }
  /** `level`: the rights the copy runs at, when its token could be read. */
  | { step: 'launched'; index: number; pid: number; level?: 'normal' | 'elevated' }
  | { step: 'failed'; index: number; code: ErrorCode; message: string };

/** Result of `launch`. */
export interface LaunchReport {
  /** Each copy started, and the rights it runs at ('normal': the desktop user's; absent when unknown). */
  launched: { pid: number; level?: 'normal' | 'elevated'; index?: number }[];
  /** Instances running when the launch finished. */
  running: number;
  /** The executable that was launched. */
  exe: string | null;
  closed: ClosedHandle[];
  failed: FailedItem[];
}

/** The Windows guard kinds: kernel type names, plus Pipe (a File object in \Device\NamedPipe\, matched by pipe name). */
export const WINDOWS_GUARD_TYPES = ['Mutant', 'Event', 'Semaphore', 'Section', 'File', 'Timer', 'Job', 'Pipe', 'ALPC Port'] as const;
/** The Linux guard kinds (File is shared): a locked file, a pidfile, a tcp/udp port, a Unix socket, a D-Bus name. */
export const LINUX_GUARD_TYPES = ['Lock', 'Pidfile', 'Port', 'Socket', 'DBus'] as const;
/** Every guard kind, the one list the parser, the preset schema and the type filters use. */
export const GUARD_TYPES = [...WINDOWS_GUARD_TYPES, ...LINUX_GUARD_TYPES] as const;
/** A guard object kind. */
export type GuardType = (typeof GUARD_TYPES)[number];

/** A guard: an object type and the object's name after the last backslash (files: a path suffix). */
export interface GuardSpec {
  type: GuardType;
  name: string;
  /** An optional guard is closed when present; its absence is not an error. */
  optional?: boolean;
}

/** An object to create and hold before an app starts, so that its own single-instance check cannot succeed. */
export interface PreclaimSpec {
  type: HoldableType;
  name: string;
}

/** Where to look for a preset's executable, tried in order. */
export type LocateSource =
  | { kind: 'registry'; hive: 'HKCU' | 'HKLM'; key: string; value: string; view?: 'default' | '32' | '64'; points: 'dir' | 'file' }
  | { kind: 'path'; path: string };

/** How reliable a preset is known to be. "low" is shown as "unverified". */
export type Confidence = 'high' | 'medium' | 'low';

/** A saved recipe for running several copies of one app. */
export interface Preset {
  /** Lower-case id used on the command line, e.g. "wechat". */
  id: string;
  /** Display name. */
  name: string;
  /** Image name of the app's process, e.g. "WeChat.exe". */
  exe: string;
  guards: GuardSpec[];
  /** Exe location sources; a user-chosen `path` wins over them. */
  locate?: LocateSource[];
  /** Full path of the executable chosen by the user. */
  path?: string;
  /** Arguments passed to each launched instance; "{index}" is the instance number (1..N), "{dir}" its data folder. */
  args?: string[];
  /** A data folder per instance, created before it starts (placeholders as in args; %VARS% expanded). */
  instanceDir?: string;
  /** Environment variables set for each instance (placeholders as in args). */
  env?: Record<string, string>;
  /** "close" (default): close the guards of running instances; "preclaim": create and hold objects first. */
  strategy?: 'close' | 'preclaim';
  /** Objects to create and hold before launching, for the "preclaim" strategy (e.g. a Mutant named like Roblox's event). */
  preclaim?: PreclaimSpec[];
  /** The app needs administrator rights: an elevated Multiopen starts it with its own rights instead of the desktop user's. */
  needsElevation?: boolean;
  /** Instances the user wants by default ("Launch N"). */
  instances?: number;
  notes?: string;
  /** Where the guard facts come from. */
  source?: string;
  /** App versions the preset is known to work for. */
  versions?: string;
  confidence?: Confidence;
  /** Superseded app versions: kept for users who still run them, listed as "legacy". */
  legacy?: boolean;
  /** A registry value the app reads at start, changed for the launch and always restored afterwards (WeCom's multi_instances). */
  launchRegistry?: LaunchRegistryValue;
  /** What "ready" means before the next copy starts (default: it holds its guard), with a bounded wait. */
  ready?: ReadySpec;
  /** The app version `multiopen check` last confirmed this preset against. */
  checkedVersion?: string;
  /** The last launch or check that worked: app version and date (kept in exports, so a shared preset says it). */
  lastWorked?: LastWorked;
  /** A label per index (labels[0] is copy 1; "" none): shown in the copy's window titles, selected by `launch --only`. */
  labels?: string[];
}

/** A preset as listed: where it comes from. */
export interface PresetView extends Preset {
  origin: 'builtin' | 'user';
  /** True when a user preset replaces a built-in of the same id. */
  overridesBuiltin?: boolean;
  /**
   * True when the preset would start a program, arguments or environment the user has not confirmed
   * (imported or edited): its first launch needs a confirmation that shows them.
   */
  untrusted?: boolean;
}

/** What a preset starts, as shown before an import or a first launch. */
export interface LaunchFacts {
  exe: string;
  path?: string;
  args?: string[];
  env?: Record<string, string>;
  instanceDir?: string;
  locate?: LocateSource[];
  launchRegistry?: LaunchRegistryValue;
  /** Present when the preset says the app runs as administrator. */
  needsElevation?: true;
}

/** One field that an imported preset changes in the preset it replaces. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One preset of an import file, as the review shows it before anything is saved. */
export interface ImportReviewItem {
  id: string;
  name: string;
  facts: LaunchFacts;
  /** The preset of the same id it would replace: a built-in, a user preset, or none. */
  replaces: 'builtin' | 'user' | null;
  /** Differences from the replaced preset (every field of the new one when it replaces none). */
  changes: FieldChange[];
  /** Ways it breaks "a preset can only start its own app"; an import with any is refused whole. */
  problems: { field: string; rule: string; message: string }[];
  /** True when saving it needs an explicit yes: it replaces a preset or starts anything but its plain exe. */
  needsConfirmation: boolean;
}

/** The review of an import file. */
export interface ImportReview {
  items: ImportReviewItem[];
  /** True when nothing would be saved because some item is unsafe. */
  refused: boolean;
  /** True when saving needs the user's explicit yes. */
  needsConfirmation: boolean;
}

/** Filter of a handle search (`multiopen handles`, the handles pane, Find). */
export interface HandleQuery {
  pids?: number[];
  /** Exe names, case-insensitive ("WeChat.exe"). */
  exes?: string[];
  /** Object type names; all when absent. */
  types?: string[];
  /** Case-insensitive substring of the object name. */
  match?: string;
  /** Only handles whose object has a name. */
  namedOnly?: boolean;
}

/** One handle to close; `type` and `name` are what the caller saw, re-checked before closing. */
export interface CloseHandleTarget {
  pid: number;
  handle: string;
  type?: string;
  name?: string;
}

/** What to unlock: a preset, or an exe with explicit guards. */
export type UnlockTarget = { preset: string } | { exe: string; guards: GuardSpec[] };

/** What to launch: a preset, or an exe path with explicit guards. */
export type LaunchTarget = ({ preset: string; path?: string } | { path: string; guards: GuardSpec[] }) & {
  /** Instances that should run in total when the launch is done. */
  count: number;
  /** The user saw what an untrusted preset starts and said yes (its first launch). */
  confirmed?: boolean;
  /** Start the copies elevated through the Windows (UAC) prompt: only ever on the user's explicit request. */
  elevate?: boolean;
  /** Start exactly the copies with these labels that are not running (a preset target only); `count` is then ignored. */
  only?: string[];
};

/** The engine as every front end sees it (CLI, Electron main over IPC, browser mode over HTTP). */
export interface EngineApi extends InstancesApi {
  /** Processes, optionally filtered by a case-insensitive name substring. */
  listProcesses(query?: { name?: string }): Promise<Outcome<ProcessRow[]>>;
  /** Handles matching the query, names resolved. */
  listHandles(query: HandleQuery): Promise<Outcome<HandleRow[]>>;
  /** Closes one handle in one process after re-checking it (and, when given, that it is still this type and name). */
  closeHandle(target: CloseHandleTarget): Promise<Outcome<CloseReport>>;
  /** Closes every guard handle in every running instance. */
  unlock(target: UnlockTarget): Promise<Outcome<CloseReport>>;
  /** Makes `count` instances run in total. */
  launch(target: LaunchTarget, onProgress?: (p: LaunchProgress) => void): Promise<Outcome<LaunchReport>>;
  /** Built-in and user presets, user ones replacing built-ins of the same id. */
  listPresets(): Promise<Outcome<PresetView[]>>;
  /** Saves (adds or replaces) a user preset. */
  savePreset(preset: Preset): Promise<Outcome<PresetView>>;
  /** Removes a user preset. */
  removePreset(id: string): Promise<Outcome<{ removed: string }>>;
  /** What importing a presets document would do, saving nothing; PRESET_INVALID names the bad field. */
  reviewImport(document: unknown): Promise<Outcome<ImportReview>>;
  /**
   * Imports a presets document (an export file's parsed JSON, or one preset object): PRESET_UNSAFE when any
   * preset breaks the rule, CONFIRMATION_REQUIRED when its review needs a yes that `confirmed` does not give.
   * Nothing is saved unless everything is.
   */
  importPresets(document: unknown, options?: { confirmed?: boolean }): Promise<Outcome<{ saved: string[]; review: ImportReview }>>;
  /** The user's presets as an export document ({ schemaVersion, presets }). */
  exportPresets(): Promise<Outcome<{ schemaVersion: number; presets: Preset[] }>>;
  /** Finds an unknown app's guard by trial (starts and ends its own copies). */
  learn(target: { path: string }, onProgress?: (p: LearnProgress) => void): Promise<Outcome<LearnReport>>;
  /** Checks a preset against the installed app (`multiopen check`); starts and ends its own copies. */
  check(target: { preset: string; path?: string }, onProgress?: (p: CheckProgress) => void): Promise<Outcome<CheckReport>>;
  /** Starts (or reconfigures) the auto-unlock watcher of a preset; `keep` restarts instances that exit. */
  startWatch(target: { preset: string; keep?: number }): Promise<Outcome<WatchState>>;
  /** Pauses or resumes a watcher. */
  setWatchPaused(target: { preset: string; paused: boolean }): Promise<Outcome<WatchState>>;
  /** Stops a watcher. */
  stopWatch(target: { preset: string }): Promise<Outcome<{ stopped: string }>>;
  /** Every active watcher. */
  listWatches(): Promise<Outcome<WatchState[]>>;
  /** Writes a shortcut that launches a preset with N instances (on the desktop, in the Startup folder, or at a path). */
  createShortcut(target: ShortcutTarget): Promise<Outcome<ShortcutResult>>;
}

/** Where a "launch N" shortcut goes. */
export interface ShortcutTarget {
  preset: string;
  count: number;
  where: 'desktop' | 'startup' | { file: string };
}

/** A shortcut that was written. */
export interface ShortcutResult {
  file: string;
  target: string;
  args: string[];
}
