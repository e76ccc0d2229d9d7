/**
 * Open descriptors and file locks. A process's descriptors are the entries of /proc/PID/fd (symlinks to
 * what they refer to); which of them hold a lock is read from /proc/PID/fdinfo/FD ("lock:" lines, which
 * the kernel prints per open file description, so a flock taken before fork shows in the child that holds
 * it, unlike the PID column of /proc/locks). /proc/locks is read first: a system without locks skips the
 * fdinfo reads, and its lines tell which held locks have waiters.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OsResult } from '../os-api';
import { filePathOfLink, parseFdInfo, parseLocks, type FdInfo, type LockLine } from './parse';
import { SYSTEM_ROOT, type ProcRoot } from './processes';
import { errnoFailure, fail, ok } from './status';

/** One descriptor of a process and what its symlink points to ("/path", "socket:[123]", "pipe:[45]", "anon_inode:[eventfd]"). */
export interface OpenFd {
  pid: number;
  fd: number;
  target: string;
}

/** A lock some descriptor holds. */
export interface LockHolding {
  pid: number;
  fd: number;
  /** The locked file's path (as the fd's link shows it). */
  path: string;
  /** True when the file was deleted while open: the lock still holds, but no path leads to it. */
  deleted: boolean;
  lock: LockLine;
  /** open(2) access mode of the fd: 0 read, 1 write, 2 read-write. */
  accessMode: number;
  /** How many processes wait on the same file in /proc/locks ("->" lines). */
  waiters: number;
}

/** The descriptors of one process; a failure when /proc/PID/fd cannot be listed (another user's, or gone). */
export async function listOpenFds(pid: number, root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<OpenFd[]>> {
  const dir = path.join(root.proc, String(pid), 'fd');
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    return fail(errnoFailure(e, `readdir ${dir}`, 'process'));
  }
  const fds = await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map(async (n) => {
        try {
          return { pid, fd: Number(n), target: await fs.readlink(path.join(dir, n)) };
        } catch {
          // Closed between readdir and readlink.
          return null;
        }
      }),
  );
  return ok(fds.filter((f): f is OpenFd => f !== null).sort((a, b) => a.fd - b.fd));
}

/** The link target of one descriptor, or why it cannot be read (gone fd -> handle gone, gone process -> process gone). */
export async function readFdTarget(pid: number, fd: number, root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<string>> {
  try {
    return ok(await fs.readlink(path.join(root.proc, String(pid), 'fd', String(fd))));
  } catch (e) {
    const alive = await fs.stat(path.join(root.proc, String(pid))).then(() => true, () => false);
    return fail(errnoFailure(e, `readlink ${root.proc}/${pid}/fd/${fd}`, alive ? 'fd' : 'process'));
  }
}

/** /proc/PID/fdinfo/FD, parsed. */
export async function readFdInfo(pid: number, fd: number, root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<FdInfo>> {
  const file = path.join(root.proc, String(pid), 'fdinfo', String(fd));
  try {
    return ok(parseFdInfo(await fs.readFile(file, 'utf8')));
  } catch (e) {
    return fail(errnoFailure(e, `read ${file}`, 'fd'));
  }
}

/** Every lock line of /proc/locks. */
export async function readSystemLocks(root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<LockLine[]>> {
  try {
    return ok(parseLocks(await fs.readFile(path.join(root.proc, 'locks'), 'utf8')));
  } catch (e) {
    return fail(errnoFailure(e, `read ${root.proc}/locks`, 'file'));
  }
}

/** "major:minor:inode", the key lock lines are joined on. */
export function fileKey(l: Pick<LockLine, 'file'>): string {
  return `${l.file.major}:${l.file.minor}:${l.file.inode}`;
}

/**
 * Joins the fdinfo lock lines of the given descriptors with /proc/locks: one holding per (fd, held lock).
 * Only regular-file descriptors are read, and none at all when /proc/locks has no held lock.
 */
export async function lockHoldings(fds: readonly OpenFd[], systemLocks: readonly LockLine[], root: ProcRoot = SYSTEM_ROOT): Promise<LockHolding[]> {
  const held = systemLocks.filter((l) => !l.blocked);
  if (held.length === 0) return [];
  const waiters = new Map<string, number>();
  for (const l of systemLocks) if (l.blocked) waiters.set(fileKey(l), (waiters.get(fileKey(l)) ?? 0) + 1);
  const heldInodes = new Set(held.map((l) => l.file.inode));
  const out = await Promise.all(
    fds.map(async (f) => {
      const file = filePathOfLink(f.target);
      if (!file) return [];
      const info = await readFdInfo(f.pid, f.fd, root);
      if (!info.ok) return [];
      // fdinfo's own "ino:" line (5.14+) lets a descriptor on an unlocked file be passed over quickly.
      if (info.value.ino !== null && !heldInodes.has(info.value.ino)) return [];
      return info.value.locks
        .filter((l) => !l.blocked)
        .map((lock) => ({ pid: f.pid, fd: f.fd, path: file.path, deleted: file.deleted, lock, accessMode: info.value.flags & 3, waiters: waiters.get(fileKey(lock)) ?? 0 }));
    }),
  );
  return out.flat();
}

/** The regular-file descriptors among `fds`, with their paths. */
export function openFiles(fds: readonly OpenFd[]): { pid: number; fd: number; path: string; deleted: boolean }[] {
  return fds.flatMap((f) => {
    const file = filePathOfLink(f.target);
    return file ? [{ pid: f.pid, fd: f.fd, ...file }] : [];
  });
}
