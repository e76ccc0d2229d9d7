/**
 * Picks the `OsApi` for this platform: the Windows API on Windows and under Wine (Wine's node.exe reports
 * process.platform 'win32', so the Wine engine that scripts/start.mjs and the Wine CLI run is chosen
 * there as before), /proc on plain Linux. Elsewhere every call reports {kind:'unsupported'} so callers
 * show a clear message instead of crashing.
 */
import type { OsApi, OsFailure, OsResult } from './os-api';
import { LinuxOsApi, type LinuxOsApiOptions } from './linux';
import { Win32OsApi, type Win32OsApiOptions } from './win32/win32-os-api';

export type { Win32OsApiOptions } from './win32/win32-os-api';
export type { LinuxOsApiOptions } from './linux';

/** Options of either implementation; each takes its own (the Linux ones under `linux`). */
export type CreateOsApiOptions = Win32OsApiOptions & { linux?: LinuxOsApiOptions };

/** True when this platform has a real `OsApi`. */
export function isOsApiSupported(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'linux';
}

/** The Windows `OsApi` on win32 (Windows, Wine), the /proc one on Linux; elsewhere one whose every call fails with {kind:'unsupported'}. */
export function createOsApi(options: CreateOsApiOptions = {}, platform: NodeJS.Platform = process.platform): OsApi {
  const { linux, ...win32 } = options;
  if (platform === 'win32') return new Win32OsApi(win32);
  if (platform === 'linux') return new LinuxOsApi(linux);
  return new UnsupportedOsApi(platform);
}

/** The `OsApi` of a platform without native support: answers, never throws. */
export class UnsupportedOsApi implements OsApi {
  private readonly failure: OsFailure;

  constructor(platform: string) {
    this.failure = { kind: 'unsupported', what: `the Windows API on ${platform}: run Multiopen on Windows, or under Wine` };
  }

  private fail<T>(): Promise<OsResult<T>> {
    return Promise.resolve({ ok: false, failure: this.failure });
  }

  /** Unsupported. */
  listProcesses = () => this.fail<never>();
  /** Unsupported. */
  snapshotHandles = () => this.fail<never>();
  /** Every handle fails with {kind:'unsupported'}. */
  queryHandleNames: OsApi['queryHandleNames'] = (handles) =>
    Promise.resolve(handles.map((h) => ({ pid: h.pid, handle: h.handle, name: { ok: false as const, failure: this.failure } })));
  /** Unsupported. */
  closeRemoteHandle = () => this.fail<never>();
  /** Unsupported. */
  readRegistryString = () => this.fail<never>();
  /** Unsupported. */
  spawnDetached = () => this.fail<never>();
  /** Unsupported. */
  processElevation = () => this.fail<never>();
  /** Unsupported. */
  requestedExecutionLevel = () => this.fail<never>();
  /** Always false: no process can be observed. */
  isProcessAlive = () => Promise.resolve(false);
  /** Unsupported. */
  ensureDirectory = () => this.fail<never>();
  /** Unsupported. */
  terminateProcess = () => this.fail<never>();
  /** Always false. */
  fileExists = () => Promise.resolve(false);
  /** Unsupported. */
  holdNamedObject = () => this.fail<never>();
  /** Nothing to free. */
  dispose = () => Promise.resolve();
  /** Unsupported. */
  writeRegistryString = () => this.fail<never>();
  /** Unsupported. */
  deleteRegistryValue = () => this.fail<never>();
  /** Unsupported. */
  readRegistryValue = () => this.fail<never>();
  /** Unsupported. */
  writeRegistryValue = () => this.fail<never>();
  /** Unsupported. */
  listTopLevelWindows = () => this.fail<never>();
  /** Unsupported. */
  fileVersion = () => this.fail<never>();
  /** Unsupported (window titles, restore, foreground, WM_CLOSE). */
  setWindowTitle = () => this.fail<never>();
  /** Unsupported. */
  restoreWindow = () => this.fail<never>();
  /** Unsupported. */
  setForegroundWindow = () => this.fail<never>();
  /** Unsupported. */
  postCloseMessage = () => this.fail<never>();
}
