/**
 * What processes hold that can be a single-instance guard, gathered from every subject (files, sockets,
 * pidfiles, D-Bus) into one list of "holdings" in the shape of handle-table entries: a type name, a
 * handle (the fd, or a synthetic id for what no fd stands for) and the guard name.
 *
 *   typeName  name                          handle
 *   File      /path/of/open/file            fd
 *   Lock      /path/of/locked/file          fd holding the lock (flock, POSIX, OFD)
 *   Port      tcp:8080 / udp:5353           fd of the listening / bound socket
 *   Socket    /run/app.sock / @abstract     fd of the bound Unix socket
 *   Pidfile   /run/user/1000/app.pid        synthetic (no fd needs to be open)
 *   DBus      org.example.App               synthetic (the name belongs to the bus connection)
 */
import type { OsFailure } from '../os-api';
import { busNameHoldings, type BusAddress, type BusKind } from './dbus';
import { listOpenFds, lockHoldings, openFiles, readSystemLocks, type OpenFd } from './files';
import { findPidfiles, type PidfileRoot } from './pidfiles';
import { bootTimeMs, listPids, processStartTime, SYSTEM_ROOT, type ProcRoot } from './processes';
import { socketGuardName, socketHoldings } from './sockets';
import { WIN32_ERROR } from '../status-codes';

/** The type names a Linux snapshot reports, with the index each gets in `HandleEntry.typeIndex`. */
export const LINUX_TYPES = { File: 1, Lock: 2, Port: 3, Socket: 4, Pidfile: 5, DBus: 6 } as const;
/** One of LINUX_TYPES. */
export type LinuxTypeName = keyof typeof LINUX_TYPES;

/** One thing a process holds. */
export interface Holding {
  pid: number;
  typeName: LinuxTypeName;
  name: string;
  /** The fd, or null for a pidfile or bus name (the caller gives those a synthetic handle). */
  fd: number | null;
  /** The fd's link target when read ("socket:[123]", "/path"): what a later name query compares with. */
  target: string | null;
  /** open(2) access mode (0 read, 1 write, 2 both) where it was read (locks), else 0. */
  access: number;
  /** Kind-specific facts for diagnostics: lock kind, socket address, bus, pidfile mtime. */
  detail: Record<string, string | number | boolean>;
}

/** Where pidfiles and bus names are looked for. */
export interface HoldingSources {
  pidfileRoots: readonly PidfileRoot[];
  buses: readonly BusAddress[];
  root?: ProcRoot;
}

/** The result of one gathering. */
export interface Gathered {
  holdings: Holding[];
  /** Processes whose descriptors could not be listed (other users' without root), with the reason. */
  unreadable: { pid: number; failure: OsFailure }[];
  /** Buses that could not be asked. */
  unreachableBuses: { bus: BusKind; address: string; failure: OsFailure }[];
}

/** Gathers holdings of `pids` (all processes when absent), of the `types` asked for (all when absent). */
export async function gatherHoldings(pids: readonly number[] | undefined, types: readonly string[] | undefined, sources: HoldingSources): Promise<Gathered> {
  const root = sources.root ?? SYSTEM_ROOT;
  const want = (t: LinuxTypeName) => !types || types.includes(t);
  const listed = pids ? [...pids] : await listPids(root).then((r) => (r.ok ? r.value : []));
  const holdings: Holding[] = [];
  const unreadable: Gathered['unreadable'] = [];
  const fds: OpenFd[] = [];
  if (want('File') || want('Lock') || want('Port') || want('Socket')) {
    for (const pid of listed) {
      const r = await listOpenFds(pid, root);
      if (r.ok) fds.push(...r.value);
      // A process that exited while the list was read is not "unreadable" unless it was asked for by PID.
      else if (pids || !(r.failure.kind === 'win32' && r.failure.code === WIN32_ERROR.INVALID_PARAMETER)) unreadable.push({ pid, failure: r.failure });
    }
  }
  const targets = new Map(fds.map((f) => [`${f.pid}:${f.fd}`, f.target]));
  const fdTarget = (pid: number, fd: number) => targets.get(`${pid}:${fd}`) ?? null;
  if (want('File')) {
    for (const f of openFiles(fds)) {
      holdings.push({ pid: f.pid, typeName: 'File', name: f.path, fd: f.fd, target: fdTarget(f.pid, f.fd), access: 0, detail: { deleted: f.deleted } });
    }
  }
  if (want('Lock')) {
    const locks = await readSystemLocks(root);
    if (locks.ok) {
      for (const l of await lockHoldings(fds, locks.value, root)) {
        const detail = { lock: l.lock.kind, access: l.lock.access, deleted: l.deleted, waiters: l.waiters, recordedPid: l.lock.pid };
        holdings.push({ pid: l.pid, typeName: 'Lock', name: l.path, fd: l.fd, target: fdTarget(l.pid, l.fd), access: l.accessMode, detail });
      }
    }
  }
  if (want('Port') || want('Socket')) {
    for (const s of await socketHoldings(fds, root)) {
      const typeName = s.kind === 'port' ? 'Port' : 'Socket';
      if (!want(typeName)) continue;
      const detail: Holding['detail'] = s.kind === 'port' ? { address: s.address, family: s.family, inode: s.inode } : { abstract: s.abstract, listening: s.listening, type: s.type, inode: s.inode };
      holdings.push({ pid: s.pid, typeName, name: socketGuardName(s), fd: s.fd, target: `socket:[${s.inode}]`, access: 0, detail });
    }
  }
  if (want('Pidfile')) {
    const starts = new Map<number, number>();
    const boot = await bootTimeMs(root);
    for (const pid of listed) {
      const t = boot.ok ? await processStartTime(pid, root, boot.value) : null;
      if (t !== null) starts.set(pid, t);
    }
    for (const p of await findPidfiles(starts, sources.pidfileRoots)) {
      holdings.push({ pid: p.pid, typeName: 'Pidfile', name: p.path, fd: null, target: null, access: 0, detail: { mtimeMs: p.mtimeMs } });
    }
  }
  const unreachableBuses: Gathered['unreachableBuses'] = [];
  if (want('DBus') && sources.buses.length > 0) {
    const bus = await busNameHoldings(sources.buses, pids ? new Set(pids) : undefined);
    for (const n of bus.names) holdings.push({ pid: n.pid, typeName: 'DBus', name: n.name, fd: null, target: null, access: 0, detail: { bus: n.bus, address: n.address } });
    for (const u of bus.unreachable) unreachableBuses.push({ bus: u.bus.kind, address: u.bus.address, failure: u.failure });
  }
  return { holdings, unreadable, unreachableBuses };
}
