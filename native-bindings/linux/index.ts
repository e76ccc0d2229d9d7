/**
 * `OsApi` over Linux's /proc (plain Node, no FFI). Processes come from processes.ts; what they hold that
 * can be a single-instance guard (open files, locks, ports, Unix sockets, pidfiles, D-Bus names) from
 * holdings.ts, reported as handle-table entries (see the table there). Closing another process's guard is
 * not done on Linux: copies are to be launched isolated instead, so closeRemoteHandle is unsupported.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import type {
  ElevationFacts,
  HandleEntry,
  HandleFilter,
  HandleSnapshot,
  NamedHandle,
  NameQueryOptions,
  OsApi,
  OsFailure,
  OsResult,
  ProcessInfo,
  SpawnOptions,
  Spawned,
} from '../os-api';
import { busNameOwnerPid, defaultBusAddresses, type BusAddress } from './dbus';
import { readFdInfo, readFdTarget } from './files';
import { gatherHoldings, LINUX_TYPES, type Gathered, type Holding } from './holdings';
import { defaultPidfileRoots, readPidfile, type PidfileRoot } from './pidfiles';
import { isProcessAlive, listLinuxProcesses, processStartTime, terminateProcess, type LinuxProcess } from './processes';
import { errnoFailure, fail, ok, unsupported } from './status';
import { WIN32_ERROR } from '../status-codes';

export type { Holding, LinuxTypeName } from './holdings';
export { LINUX_TYPES } from './holdings';
export type { LinuxProcess } from './processes';

/**
 * First synthetic handle value (pidfiles, bus names). Descriptors stay below fs.nr_open, 1,048,576 by
 * default; a value this high cannot be an fd unless nr_open was raised a thousandfold.
 */
export const SYNTHETIC_HANDLE_BASE = 0x4000_0000;

/** Where the Linux `OsApi` looks for pidfiles and bus names (defaults from the environment). */
export interface LinuxOsApiOptions {
  pidfileRoots?: readonly PidfileRoot[];
  buses?: readonly BusAddress[];
}

/** What a snapshot said about one handle, kept so a name query can check the handle still is that. */
interface Known {
  holding: Holding;
  handle: number;
}

/** The Linux implementation of `OsApi`. */
export class LinuxOsApi implements OsApi {
  private readonly pidfileRoots: readonly PidfileRoot[];
  private readonly buses: readonly BusAddress[];
  private readonly known = new Map<string, Known>();
  private readonly synthetic = new Map<string, number>();
  private lastUnreachableBuses: Gathered['unreachableBuses'] = [];

  constructor(options: LinuxOsApiOptions = {}) {
    this.pidfileRoots = options.pidfileRoots ?? defaultPidfileRoots();
    this.buses = options.buses ?? defaultBusAddresses();
  }

  /** Every process, with the Linux facts `ProcessInfo` has no field for (user, argv, comm, state). */
  listLinuxProcesses(): Promise<OsResult<LinuxProcess[]>> {
    return listLinuxProcesses();
  }

  /** Every process visible in /proc, zombies excepted (they have exited). */
  async listProcesses(): Promise<OsResult<ProcessInfo[]>> {
    const all = await listLinuxProcesses();
    if (!all.ok) return all;
    return ok(all.value.filter((p) => p.state !== 'Z').map(({ pid, ppid, name, path, sessionId, handleCount, startTime }) => ({ pid, ppid, name, path, sessionId, handleCount, startTime })));
  }

  /** The holdings of a snapshot with their details, for diagnostics (what `snapshotHandles` reduces to entries). */
  async holdings(filter: HandleFilter): Promise<Gathered> {
    const gathered = await gatherHoldings(filter.pids, filter.types, { pidfileRoots: this.pidfileRoots, buses: this.buses });
    this.lastUnreachableBuses = gathered.unreachableBuses;
    return gathered;
  }

  /** The buses the last snapshot could not ask (diagnostics: a missing session bus is not a snapshot failure). */
  unreachableBuses(): Gathered['unreachableBuses'] {
    return this.lastUnreachableBuses;
  }

  /**
   * Guard candidates as handle-table entries. `source` is 'process-handle-information': like Windows
   * class 51, each process's own table (/proc/PID/fd) is read, and unreadable ones are listed.
   */
  async snapshotHandles(filter: HandleFilter): Promise<OsResult<HandleSnapshot>> {
    const gathered = await this.holdings(filter);
    const handles: HandleEntry[] = gathered.holdings.map((h) => {
      const handle = h.fd ?? this.syntheticHandle(h);
      this.known.set(`${h.pid}:${handle}`, { holding: h, handle });
      return { pid: h.pid, handle, typeName: h.typeName, typeIndex: LINUX_TYPES[h.typeName], access: h.access, attributes: 0 };
    });
    return ok({ source: 'process-handle-information', handles, unreadable: gathered.unreadable });
  }

  /** A stable synthetic handle per (pid, type, name) for this instance's lifetime. */
  private syntheticHandle(h: Holding): number {
    const key = `${h.pid}\0${h.typeName}\0${h.name}`;
    let id = this.synthetic.get(key);
    if (id === undefined) {
      id = SYNTHETIC_HANDLE_BASE + this.synthetic.size;
      this.synthetic.set(key, id);
    }
    return id;
  }

  /**
   * Names of handles from the last snapshot, each checked afresh: the fd still links to the same object
   * (and a Lock fd still holds its lock), the pidfile still names the PID, the bus name is still owned by it.
   * A handle no snapshot reported is looked up by a snapshot of its process.
   */
  async queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[], options: NameQueryOptions = {}): Promise<NamedHandle[]> {
    const first = new Set(options.firstPids ?? []);
    const order = [...handles.keys()].sort((a, b) => Number(!first.has(handles[a]!.pid)) - Number(!first.has(handles[b]!.pid)));
    const out: NamedHandle[] = new Array(handles.length);
    for (const i of order) {
      const h = handles[i]!;
      out[i] = { pid: h.pid, handle: h.handle, name: await this.nameOf(h) };
    }
    return out;
  }

  private async nameOf(h: Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>): Promise<OsResult<string>> {
    let known = this.known.get(`${h.pid}:${h.handle}`);
    if (!known && h.handle < SYNTHETIC_HANDLE_BASE) {
      await this.snapshotHandles({ pids: [h.pid], types: [h.typeName] });
      known = this.known.get(`${h.pid}:${h.handle}`);
    }
    if (!known || known.holding.typeName !== h.typeName) {
      if (!(await isProcessAlive(h.pid))) return fail({ kind: 'win32', code: WIN32_ERROR.INVALID_PARAMETER, call: `/proc/${h.pid}: ESRCH` });
      if (h.handle >= SYNTHETIC_HANDLE_BASE) return fail({ kind: 'win32', code: WIN32_ERROR.INVALID_HANDLE, call: `synthetic handle ${h.handle}: unknown` });
      const target = await readFdTarget(h.pid, h.handle);
      return target.ok ? fail({ kind: 'changed', actualType: known?.holding.typeName ?? null, actualName: target.value }) : target;
    }
    return this.verify(known.holding);
  }

  /** Re-reads what a holding claims and returns its name, or why it no longer holds. */
  private async verify(h: Holding): Promise<OsResult<string>> {
    if (!(await isProcessAlive(h.pid))) return fail({ kind: 'win32', code: WIN32_ERROR.INVALID_PARAMETER, call: `/proc/${h.pid}: ESRCH` });
    if (h.fd !== null) {
      const target = await readFdTarget(h.pid, h.fd);
      if (!target.ok) return target;
      if (target.value !== h.target) return fail({ kind: 'changed', actualType: null, actualName: target.value });
      if (h.typeName === 'Lock') {
        const info = await readFdInfo(h.pid, h.fd);
        if (!info.ok) return info;
        if (!info.value.locks.some((l) => !l.blocked)) return fail({ kind: 'changed', actualType: 'File', actualName: h.name });
      }
      return ok(h.name);
    }
    if (h.typeName === 'Pidfile') {
      const started = await processStartTime(h.pid);
      const still = started === null ? null : await readPidfile(h.name, new Map([[h.pid, started]]));
      return still ? ok(h.name) : fail({ kind: 'changed', actualType: null, actualName: null });
    }
    const address = String(h.detail.address ?? '');
    const owner = await busNameOwnerPid(address, h.name);
    if (!owner.ok) return owner;
    return owner.value === h.pid ? ok(h.name) : fail({ kind: 'changed', actualType: 'DBus', actualName: `${h.name} (PID ${owner.value})` });
  }

  /** Unsupported: on Linux a guard is not closed inside the app; copies are started isolated instead. */
  closeRemoteHandle = () => Promise.resolve(unsupported<never>('closing a guard inside another process on Linux: copies are started isolated instead'));

  /** Starts a program detached, with this process's rights ('inherit'); other levels are Windows-only. */
  async spawnDetached(file: string, options: SpawnOptions = {}): Promise<OsResult<Spawned>> {
    if (options.level && options.level !== 'inherit') return unsupported(`starting a program at level '${options.level}' on Linux`);
    const env = options.env ? { ...process.env, ...options.env } : process.env;
    const started = await new Promise<OsResult<number>>((resolve) => {
      try {
        const child = spawn(file, [...(options.args ?? [])], { detached: true, stdio: 'ignore', cwd: options.cwd, env });
        child.once('error', (e) => resolve(fail(errnoFailure(e, `spawn ${file}`, 'file'))));
        child.once('spawn', () => {
          child.unref();
          resolve(ok(child.pid ?? 0));
        });
      } catch (e) {
        resolve(fail(errnoFailure(e, `spawn ${file}`, 'file')));
      }
    });
    if (!started.ok) return started;
    const startTime = (await processStartTime(started.value)) ?? 0;
    return ok({ pid: started.value, startTime, level: process.getuid?.() === 0 ? 'elevated' : 'normal' });
  }

  /** Root counts as elevated; Linux has no split token, so the type is always 'default'. */
  processElevation(): Promise<OsResult<ElevationFacts>> {
    return Promise.resolve(ok({ elevated: process.getuid?.() === 0, type: 'default' as const }));
  }

  /** An ELF file has no manifest: it asks for nothing and runs as the invoker. */
  requestedExecutionLevel = () => Promise.resolve(ok(null));

  /** True while the process exists and has not exited (a zombie has). */
  isProcessAlive = (pid: number) => isProcessAlive(pid);

  /** SIGKILL. */
  terminateProcess = (pid: number) => Promise.resolve(terminateProcess(pid));

  /** True when something exists at this path. */
  fileExists = (file: string) => fs.stat(file).then(() => true, () => false);

  /** mkdir -p. */
  async ensureDirectory(dir: string): Promise<OsResult<void>> {
    try {
      await fs.mkdir(dir, { recursive: true });
      return ok(undefined);
    } catch (e) {
      return fail(errnoFailure(e, `mkdir ${dir}`, 'file'));
    }
  }

  /** Nothing is held between calls. */
  dispose = () => Promise.resolve();

  private static none(what: string): () => Promise<OsResult<never>> {
    const failure: OsFailure = { kind: 'unsupported', what: `${what} on Linux` };
    return () => Promise.resolve({ ok: false, failure });
  }

  /** Unsupported: Linux has no registry. */
  readRegistryString = LinuxOsApi.none('the registry');
  /** Unsupported. */
  writeRegistryString = LinuxOsApi.none('the registry');
  /** Unsupported. */
  deleteRegistryValue = LinuxOsApi.none('the registry');
  /** Unsupported. */
  readRegistryValue = LinuxOsApi.none('the registry');
  /** Unsupported. */
  writeRegistryValue = LinuxOsApi.none('the registry');
  /** Unsupported: Windows kernel objects. */
  holdNamedObject = LinuxOsApi.none('named kernel objects');
  /** Unsupported: version resources are a PE feature. */
  fileVersion = LinuxOsApi.none('file version resources');
  /** Not done yet (X11/Wayland windows). */
  listTopLevelWindows = LinuxOsApi.none('listing windows');
  /** Not done yet. */
  setWindowTitle = LinuxOsApi.none('window titles');
  /** Not done yet. */
  restoreWindow = LinuxOsApi.none('restoring windows');
  /** Not done yet. */
  setForegroundWindow = LinuxOsApi.none('the foreground window');
  /** Not done yet. */
  postCloseMessage = LinuxOsApi.none('closing windows');
}
