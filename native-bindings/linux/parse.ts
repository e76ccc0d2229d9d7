/**
 * Pure parsers of procfs text (no file access): /proc/PID/stat, /proc/PID/status, /proc/PID/fdinfo,
 * /proc/locks, /proc/net/{tcp,tcp6,udp,udp6,unix}. Kept apart so they are tested on captured text.
 * Formats follow the kernel's printers (fs/proc/array.c, fs/locks.c, net/ipv4/tcp_ipv4.c, net/unix/af_unix.c).
 */

/** The fields of /proc/PID/stat that the engine uses. */
export interface ProcStat {
  pid: number;
  /** The command name between the parentheses (may itself contain spaces and parentheses). */
  comm: string;
  /** One letter: R, S, D, Z (zombie), T, t, X, I. */
  state: string;
  ppid: number;
  session: number;
  /** Start time in clock ticks since boot (field 22). */
  startTicks: number;
}

/** Parses /proc/PID/stat; null when the text is not in that format. */
export function parseStat(text: string): ProcStat | null {
  // The command name may contain ") ", so the last ")" ends it (the kernel prints no escaping).
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  if (!Number.isInteger(pid) || rest.length < 20) return null;
  const num = (i: number) => Number(rest[i]);
  const stat = { pid, comm: text.slice(open + 1, close), state: rest[0]!, ppid: num(1), session: num(3), startTicks: num(19) };
  return [stat.ppid, stat.session, stat.startTicks].every(Number.isFinite) ? stat : null;
}

/** The effective UID from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs"); null when absent. */
export function parseStatusUid(text: string): number | null {
  const m = /^Uid:\s+\d+\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** The boot time in seconds since 1970, from /proc/stat's "btime" line; null when absent. */
export function parseBootTime(text: string): number | null {
  const m = /^btime\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** A device as the kernel prints it in lock lines: major and minor in hex. */
export interface DevIno {
  major: number;
  minor: number;
  inode: number;
}

/** One lock line, as in /proc/locks and the "lock:" lines of /proc/PID/fdinfo/FD. */
export interface LockLine {
  /** The line's number in its list (in fdinfo the numbering is per file, not the /proc/locks number). */
  id: number;
  /** True for a waiter ("->"): it does not hold the lock, it is blocked on it. */
  blocked: boolean;
  /** FLOCK, POSIX, OFDLCK, LEASE, DELEG, BREAKING, ... as printed. */
  kind: string;
  /** ADVISORY or MANDATORY (leases print other words here, e.g. ACTIVE). */
  mode: string;
  /** READ, WRITE, UNLCK (leases also print other words). */
  access: string;
  /** The PID the kernel recorded, -1 for OFD locks (they belong to an open file, not a process). */
  pid: number;
  file: DevIno;
  start: number;
  /** null for "EOF" (to the end of the file). */
  end: number | null;
}

const LOCK_LINE = /^\s*(\d+):\s+(->\s+)?(\S+)\s+(\S+)\s+(\S+)\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s+(\d+)\s+(\d+|EOF)\s*$/i;

/** Parses one lock line; null when it is not one. */
export function parseLockLine(line: string): LockLine | null {
  const m = LOCK_LINE.exec(line);
  if (!m) return null;
  return {
    id: Number(m[1]),
    blocked: m[2] !== undefined,
    kind: m[3]!,
    mode: m[4]!,
    access: m[5]!,
    pid: Number(m[6]),
    file: { major: parseInt(m[7]!, 16), minor: parseInt(m[8]!, 16), inode: Number(m[9]) },
    start: Number(m[10]),
    end: m[11] === 'EOF' ? null : Number(m[11]),
  };
}

/** Parses /proc/locks: every line that is a lock line (unknown lines are skipped, not guessed at). */
export function parseLocks(text: string): LockLine[] {
  return text.split('\n').map(parseLockLine).filter((l): l is LockLine => l !== null);
}

/** What /proc/PID/fdinfo/FD says about one descriptor. */
export interface FdInfo {
  pos: number;
  /** open(2) flags, octal in the file (O_ACCMODE in the low two bits). */
  flags: number;
  mntId: number | null;
  /** The inode number (Linux 5.14+ prints "ino:"), null on older kernels. */
  ino: number | null;
  /** Locks held through this open file description (fs/locks.c show_fd_locks). */
  locks: LockLine[];
}

/** Parses /proc/PID/fdinfo/FD. */
export function parseFdInfo(text: string): FdInfo {
  const field = (name: string) => new RegExp(`^${name}:\\s+(\\S+)`, 'm').exec(text)?.[1];
  const locks: LockLine[] = [];
  for (const m of text.matchAll(/^lock:\s*(.*)$/gm)) {
    const lock = parseLockLine(m[1]!);
    if (lock) locks.push(lock);
  }
  const mnt = field('mnt_id');
  const ino = field('ino');
  return { pos: Number(field('pos') ?? 0), flags: parseInt(field('flags') ?? '0', 8), mntId: mnt ? Number(mnt) : null, ino: ino ? Number(ino) : null, locks };
}

/** Transport of an inet socket table. */
export type InetProtocol = 'tcp' | 'udp';

/** One row of /proc/net/{tcp,tcp6,udp,udp6}. */
export interface InetSocket {
  protocol: InetProtocol;
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** The TCP state number (0x0A LISTEN, 0x07 CLOSE: an unconnected UDP socket). */
  state: number;
  uid: number;
  inode: number;
}

/** TCP_LISTEN and TCP_CLOSE from include/net/tcp_states.h. */
export const TCP_STATE = { ESTABLISHED: 0x01, CLOSE: 0x07, LISTEN: 0x0a } as const;

/**
 * Decodes a /proc/net address: the kernel prints each 32-bit word of the address as it lies in memory,
 * so on a little-endian host the bytes of each word come out reversed.
 */
export function decodeInetAddress(hex: string, littleEndian: boolean): string | null {
  if (!/^[0-9a-f]+$/i.test(hex) || (hex.length !== 8 && hex.length !== 32)) return null;
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressIpv6(groups);
}

/** Writes eight IPv6 groups with the longest run of zero groups as "::" (RFC 5952), and v4-mapped as ::ffff:a.b.c.d. */
function compressIpv6(groups: string[]): string {
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    const lo = (g: string) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff];
    return `::ffff:${[...lo(groups[6]!), ...lo(groups[7]!)].join('.')}`;
  }
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses one of /proc/net/{tcp,tcp6,udp,udp6}; the header and malformed lines are skipped. */
export function parseInetTable(text: string, protocol: InetProtocol, family: 4 | 6, littleEndian: boolean): InetSocket[] {
  const rows: InetSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
    if (f.length < 10 || !/^\d+:$/.test(f[0]!)) continue;
    const [la, lp] = f[1]!.split(':');
    const [ra, rp] = f[2]!.split(':');
    const local = decodeInetAddress(la ?? '', littleEndian);
    const remote = decodeInetAddress(ra ?? '', littleEndian);
    if (local === null || remote === null) continue;
    rows.push({
      protocol,
      family,
      localAddress: local,
      localPort: parseInt(lp ?? '', 16),
      remoteAddress: remote,
      remotePort: parseInt(rp ?? '', 16),
      state: parseInt(f[3]!, 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return rows;
}

/** One row of /proc/net/unix. */
export interface UnixSocket {
  /** SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5. */
  type: number;
  /** 1 SS_UNCONNECTED (also a listening socket), 2 connecting, 3 SS_CONNECTED, 4 disconnecting. */
  state: number;
  /** True when __SO_ACCEPTCON (0x10000) is set: listen(2) was called. */
  listening: boolean;
  inode: number;
  /** The bound address: a path, "@name" for an abstract one (the kernel prints NUL bytes as "@"), null when unbound. */
  path: string | null;
  /** The address exactly as printed, when `path` trimmed padding from it (see `trimAbstractPadding`). */
  rawPath?: string;
}

/** sizeof(sockaddr_un.sun_path) on Linux. */
export const SUN_PATH_MAX = 108;

/**
 * An abstract name bound with the whole sun_path as its length (libuv, so every Node and Electron app,
 * does this) carries NUL padding, which the kernel prints as "@": "@name@@@@...", 108 characters. Only
 * such full-length names are trimmed, so a shorter name that really ends in "@" keeps it.
 */
export function trimAbstractPadding(printed: string): string {
  if (!printed.startsWith('@') || printed.length !== SUN_PATH_MAX) return printed;
  const trimmed = printed.replace(/@+$/, '');
  return trimmed.length > 0 ? trimmed : '@';
}

const UNIX_LINE = /^[0-9a-f]+:\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(\d+)(?: (.*))?$/i;

/** Parses /proc/net/unix. A path may contain spaces: everything after the inode and one space is the path. */
export function parseUnixTable(text: string): UnixSocket[] {
  const rows: UnixSocket[] = [];
  for (const line of text.split('\n')) {
    const m = UNIX_LINE.exec(line);
    if (!m) continue;
    const printed = m[5] !== undefined && m[5].length > 0 ? m[5] : null;
    const path = printed === null ? null : trimAbstractPadding(printed);
    const row: UnixSocket = { listening: (parseInt(m[1]!, 16) & 0x10000) !== 0, type: parseInt(m[2]!, 16), state: parseInt(m[3]!, 16), inode: Number(m[4]), path };
    if (path !== printed && printed !== null) row.rawPath = printed;
    rows.push(row);
  }
  return rows;
}

/** The inode of a socket fd's link target ("socket:[12345]"), null for anything else. */
export function socketInode(linkTarget: string): number | null {
  const m = /^socket:\[(\d+)\]$/.exec(linkTarget);
  return m ? Number(m[1]) : null;
}

/** The path of an fd's link target when it is a file-system path (not socket:, pipe:, anon_inode:), without " (deleted)". */
export function filePathOfLink(linkTarget: string): { path: string; deleted: boolean } | null {
  if (!linkTarget.startsWith('/')) return null;
  const deleted = linkTarget.endsWith(' (deleted)');
  return { path: deleted ? linkTarget.slice(0, -' (deleted)'.length) : linkTarget, deleted };
}

/** A pidfile's PID: its first line is a decimal number and nothing else (whitespace aside); null otherwise. */
export function pidfilePid(content: string): number | null {
  const first = content.split('\n', 1)[0]!.trim();
  if (!/^\d{1,10}$/.test(first)) return null;
  const pid = Number(first);
  return pid > 0 && pid <= 0x3fffffff ? pid : null;
}
