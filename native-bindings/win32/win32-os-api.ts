/**
 * `OsApi` over the real Windows API (ntdll, kernel32, advapi32 through koffi). Runs on Windows and
 * under Wine. Every public method returns status codes as data; koffi exceptions are caught where the
 * calls are made. The work lives in one file per subject, like phlib's: processes.ts, handles.ts,
 * objects.ts, registry.ts, spawn.ts; this class ties them to one instance's state.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type {
  CloseAttempt,
  ElevationFacts,
  ExecutionLevel,
  CloseTarget,
  HandleEntry,
  HandleFilter,
  HandleIdentity,
  HandleSnapshot,
  HeldObject,
  HoldableType,
  NamedHandle,
  NameQueryOptions,
  OsApi,
  OsResult,
  ProcessInfo,
  RegistryHive,
  RegistryView,
  SpawnOptions,
  Spawned,
} from '../os-api';
import { FileNameHelper } from './file-name-helper';
import { HandleTables } from './handles';
import { closeRemoteHandle, holdNamedObject, queryHandleNames } from './objects';
import type { TypeIndexRule } from './parse';
import { isProcessAlive, listProcessesSafely, ProcessLister, terminateProcess, win32ProcessListCalls } from './processes';
import { deleteRegistryValue, readRegistryString, readRegistryValue, writeRegistryString, writeRegistryValue } from './registry';
import { fileVersion } from './version';
import { listTopLevelWindows } from './windows';
import { postCloseMessage, restoreWindow, setForegroundWindow, setWindowTitle } from './windows-control';
import { requestedExecutionLevel } from './pe-manifest';
import { spawnDetached, spawnFailure } from './spawn';
import { exceptionFailure, fail } from './status';
import { selfElevation } from './tokens';

export { STATUS, WIN32 } from './status';

/** Tunables; the defaults suit both Windows and Wine. */
export interface Win32OsApiOptions {
  /** Deadline of one File name query in the helper process. */
  fileNameDeadlineMs?: number;
  /** Absolute path of koffi's entry point for the File-name helper process (found automatically when omitted). */
  koffiPath?: string;
}

/** Finds koffi's entry point for the helper process without relying on import.meta (absent from CommonJS bundles). */
function defaultKoffiPath(): string {
  if (typeof require === 'function') return require.resolve('koffi');
  // ESM without require (tests, dev runs): resolve from the working directory, the project root.
  return path.join(process.cwd(), 'node_modules', 'koffi', 'index.js');
}

/** The Windows implementation of `OsApi`. */
export class Win32OsApi implements OsApi {
  private readonly sizes = new Map<string, number>();
  private readonly tables = new HandleTables(this.sizes);
  private readonly processes = new ProcessLister(win32ProcessListCalls(this.sizes));
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
    return this.tables.typeIndexRule();
  }

  /** Every process visible to this user. */
  async listProcesses(): Promise<OsResult<ProcessInfo[]>> {
    return listProcessesSafely(this.processes);
  }

  /** Handle tables, filtered by PID and type on the raw buffer. */
  async snapshotHandles(filter: HandleFilter): Promise<OsResult<HandleSnapshot>> {
    return this.tables.snapshot(filter);
  }

  /** Names of the given handles; File names come from the killable helper, `options.firstPids` first. */
  queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[], options?: NameQueryOptions): Promise<NamedHandle[]> {
    return queryHandleNames(handles, this.fileNames, options);
  }

  /** Closes a handle in another process after re-checking its identity and its protection. */
  closeRemoteHandle(target: CloseTarget, approve: (current: HandleIdentity) => boolean): Promise<OsResult<CloseAttempt>> {
    return closeRemoteHandle(target, approve, this.tables, this.fileNames);
  }

  /** A REG_SZ / REG_EXPAND_SZ value (expanded), or null when the key or value is absent. */
  async readRegistryString(hive: RegistryHive, key: string, value: string, view: RegistryView = 'default'): Promise<OsResult<string | null>> {
    return readRegistryString(hive, key, value, view);
  }

  /** Starts a program detached at the rights asked for, and says which it got. */
  spawnDetached(file: string, options: SpawnOptions = {}): Promise<OsResult<Spawned>> {
    return spawnDetached(file, options);
  }

  /** Whether this process runs elevated (its token). */
  async processElevation(): Promise<OsResult<ElevationFacts>> {
    return selfElevation();
  }

  /** What an exe's manifest requests (null: nothing). */
  async requestedExecutionLevel(file: string): Promise<OsResult<ExecutionLevel | null>> {
    try {
      return { ok: true, value: requestedExecutionLevel(file) };
    } catch (e) {
      return fail((e as NodeJS.ErrnoException).code ? spawnFailure(e as NodeJS.ErrnoException, 'CreateFileW') : exceptionFailure('requestedExecutionLevel', e));
    }
  }

  /** True while the process exists (an access-denied open still proves it exists). */
  async isProcessAlive(pid: number): Promise<boolean> {
    return isProcessAlive(pid);
  }

  /** Creates a folder and its parents when missing. */
  async ensureDirectory(dir: string): Promise<OsResult<void>> {
    try {
      await fs.mkdir(dir, { recursive: true });
      return { ok: true, value: undefined };
    } catch (e) {
      return fail(spawnFailure(e as NodeJS.ErrnoException, 'CreateDirectoryW'));
    }
  }

  /** Ends a process with exit code 1. */
  async terminateProcess(pid: number): Promise<OsResult<void>> {
    return terminateProcess(pid);
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
    return holdNamedObject(typeName, name, this.held);
  }

  /** HKCU writes, values as stored, windows and file versions (registry.ts, windows.ts, version.ts): thin wrappers. */
  writeRegistryString: OsApi['writeRegistryString'] = async (_hive, key, value, data) => writeRegistryString(key, value, data);
  deleteRegistryValue: OsApi['deleteRegistryValue'] = async (_hive, key, value) => deleteRegistryValue(key, value);
  readRegistryValue: OsApi['readRegistryValue'] = async (hive, key, value) => readRegistryValue(hive, key, value);
  writeRegistryValue: OsApi['writeRegistryValue'] = async (_hive, key, value, raw) => writeRegistryValue(key, value, raw.type, raw.data);
  listTopLevelWindows: OsApi['listTopLevelWindows'] = async (pid) => listTopLevelWindows(pid);
  fileVersion: OsApi['fileVersion'] = async (file) => fileVersion(file);
  /** Titles, restore, foreground and WM_CLOSE of other processes' windows (windows-control.ts). */
  setWindowTitle: OsApi['setWindowTitle'] = async (handle, title) => setWindowTitle(handle, title);
  restoreWindow: OsApi['restoreWindow'] = async (handle) => restoreWindow(handle);
  setForegroundWindow: OsApi['setForegroundWindow'] = async (handle) => setForegroundWindow(handle);
  postCloseMessage: OsApi['postCloseMessage'] = async (handle) => postCloseMessage(handle);

  /** Kills the File-name helper and releases held objects. */
  async dispose(): Promise<void> {
    this.fileNames.dispose();
    for (const h of [...this.held]) h.release();
  }
}
