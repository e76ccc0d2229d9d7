/**
 * Sockets a process holds that can act as a guard: listening TCP ports, bound UDP ports, bound Unix
 * sockets (a path, or "@name" for the abstract namespace). /proc/net/* lists the sockets of one network
 * namespace with their inode; a descriptor's link "socket:[INODE]" names the same inode, which is the join.
 * The tables are read once per network namespace (through /proc/PID/net of one of its processes), so a
 * copy started in a namespace of its own is seen with its own ports.
 */
import { promises as fs } from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import type { OpenFd } from './files';
import { parseInetTable, parseUnixTable, socketInode, TCP_STATE, type InetProtocol, type InetSocket, type UnixSocket } from './parse';
import { SYSTEM_ROOT, type ProcRoot } from './processes';

/** The socket tables of one network namespace. */
export interface NetTables {
  inet: InetSocket[];
  unix: UnixSocket[];
}

/** A socket that can be a guard, and the descriptor that holds it. */
export type SocketHolding =
  | { kind: 'port'; pid: number; fd: number; inode: number; protocol: InetProtocol; port: number; address: string; family: 4 | 6 }
  | { kind: 'unix'; pid: number; fd: number; inode: number; path: string; abstract: boolean; listening: boolean; type: number };

const LITTLE_ENDIAN = endianness() === 'LE';

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    // A table the kernel lacks (no IPv6) or a namespace that vanished: nothing is bound there.
    return '';
  }
}

/** Reads the tables under one net directory (/proc/net or /proc/PID/net). */
export async function readNetTables(netDir: string): Promise<NetTables> {
  const [tcp, tcp6, udp, udp6, unix] = await Promise.all(['tcp', 'tcp6', 'udp', 'udp6', 'unix'].map((n) => readText(path.join(netDir, n))));
  return {
    inet: [
      ...parseInetTable(tcp!, 'tcp', 4, LITTLE_ENDIAN),
      ...parseInetTable(tcp6!, 'tcp', 6, LITTLE_ENDIAN),
      ...parseInetTable(udp!, 'udp', 4, LITTLE_ENDIAN),
      ...parseInetTable(udp6!, 'udp', 6, LITTLE_ENDIAN),
    ],
    unix: parseUnixTable(unix!),
  };
}

/** The network namespace of a process ("net:[4026531840]"), null when unreadable. */
async function netNamespace(pid: number, root: ProcRoot): Promise<string | null> {
  try {
    return await fs.readlink(path.join(root.proc, String(pid), 'ns', 'net'));
  } catch {
    return null;
  }
}

/**
 * True when a socket row is a guard: a TCP socket in LISTEN, a UDP socket bound to a port and not
 * connected (connected UDP sockets are clients), a Unix socket with an address that is not an accepted
 * connection (accepted ones repeat the listener's path but are in state CONNECTED).
 */
export function isGuardSocket(row: InetSocket | UnixSocket): boolean {
  if ('protocol' in row) {
    if (row.protocol === 'tcp') return row.state === TCP_STATE.LISTEN;
    return row.localPort !== 0 && row.state === TCP_STATE.CLOSE;
  }
  return row.path !== null && row.state === 1;
}

/** Joins descriptors with their namespace's tables by socket inode; only guard sockets come out. */
export function joinSockets(fds: readonly OpenFd[], tables: NetTables): SocketHolding[] {
  const inet = new Map(tables.inet.filter(isGuardSocket).map((r) => [r.inode, r]));
  const unix = new Map(tables.unix.filter(isGuardSocket).map((r) => [r.inode, r]));
  const out: SocketHolding[] = [];
  for (const f of fds) {
    const inode = socketInode(f.target);
    if (inode === null || inode === 0) continue;
    const i = inet.get(inode);
    if (i) out.push({ kind: 'port', pid: f.pid, fd: f.fd, inode, protocol: i.protocol, port: i.localPort, address: i.localAddress, family: i.family });
    const u = unix.get(inode);
    if (u?.path) out.push({ kind: 'unix', pid: f.pid, fd: f.fd, inode, path: u.path, abstract: u.path.startsWith('@'), listening: u.listening, type: u.type });
  }
  return out;
}

/** The guard sockets held through the given descriptors, reading each network namespace's tables once. */
export async function socketHoldings(fds: readonly OpenFd[], root: ProcRoot = SYSTEM_ROOT): Promise<SocketHolding[]> {
  const socketFds = fds.filter((f) => socketInode(f.target) !== null);
  if (socketFds.length === 0) return [];
  const byPid = new Map<number, OpenFd[]>();
  for (const f of socketFds) byPid.set(f.pid, [...(byPid.get(f.pid) ?? []), f]);
  // Group processes by namespace; one PID per namespace is enough to read its tables.
  const byNs = new Map<string, { reader: number; fds: OpenFd[] }>();
  for (const [pid, list] of byPid) {
    const ns = (await netNamespace(pid, root)) ?? `pid:${pid}`;
    const group = byNs.get(ns) ?? { reader: pid, fds: [] };
    group.fds.push(...list);
    byNs.set(ns, group);
  }
  const out: SocketHolding[] = [];
  for (const group of byNs.values()) out.push(...joinSockets(group.fds, await readNetTables(path.join(root.proc, String(group.reader), 'net'))));
  return out;
}

/** The guard name of a socket holding: "tcp:8080" / "udp:5353" for ports, the path or "@name" for Unix sockets. */
export function socketGuardName(h: SocketHolding): string {
  return h.kind === 'port' ? `${h.protocol}:${h.port}` : h.path;
}
