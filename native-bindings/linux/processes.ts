/**
 * Processes from /proc: PID, parent, name, exe path, start time, user, descriptor count. Everything is
 * read per process and a process that vanishes mid-read is simply left out (PIDs come and go while we read).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { OsResult, ProcessInfo } from '../os-api';
import { parseBootTime, parseStat, parseStatusUid } from './parse';
import { errnoFailure, ok, fail } from './status';

/**
 * USER_HZ: the unit of /proc/PID/stat start times. It is 100 on every architecture Node runs on
 * (the kernel fixes it for user space whatever CONFIG_HZ is), which `getconf CLK_TCK` confirms.
 */
export const USER_HZ = 100;

/** A process as Linux describes it: `ProcessInfo` plus what has no place there yet. */
export interface LinuxProcess extends ProcessInfo {
  /** Effective UID, null when unreadable. */
  uid: number | null;
  /** User name of `uid` from /etc/passwd, null when not listed there. */
  user: string | null;
  /** The command line's arguments (NUL-separated in /proc/PID/cmdline), empty for kernel threads. */
  argv: string[];
  /** The short command name (/proc/PID/comm, at most 15 bytes). */
  comm: string;
  /** Stat state letter; 'Z' for a zombie. */
  state: string;
}

/** Where the readers look; tests point it elsewhere only to read captured trees. */
export interface ProcRoot {
  proc: string;
  passwd: string;
}

/** The real /proc and /etc/passwd. */
export const SYSTEM_ROOT: ProcRoot = { proc: '/proc', passwd: '/etc/passwd' };

/** UID -> user name, from an /etc/passwd text. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 3 && /^\d+$/.test(f[2]!)) users.set(Number(f[2]), f[0]!);
  }
  return users;
}

/** Boot time in ms since 1970 (from /proc/stat btime). */
export async function bootTimeMs(root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<number>> {
  try {
    const btime = parseBootTime(await fs.readFile(path.join(root.proc, 'stat'), 'utf8'));
    return btime === null ? fail({ kind: 'unsupported', what: 'btime in /proc/stat' }) : ok(btime * 1000);
  } catch (e) {
    return fail(errnoFailure(e, `read ${root.proc}/stat`, 'file'));
  }
}

/** A start time in ms since 1970 from stat ticks; the same (pid, ticks) always gives the same value. */
export function startTimeMs(bootMs: number, startTicks: number): number {
  return bootMs + Math.round((startTicks * 1000) / USER_HZ);
}

/**
 * The name a user knows the process by: comm is what the kernel calls it (a script's own file name, not
 * its interpreter's), but it is cut at 15 bytes, so when it is a prefix of the exe's file name that name is used.
 */
export function displayName(comm: string, exePath: string | null): string {
  const exeBase = exePath ? path.basename(exePath) : null;
  if (exeBase && comm.length >= 15 && exeBase.startsWith(comm)) return exeBase;
  return comm;
}

async function readOrNull(file: string, encoding: 'utf8' | null = 'utf8'): Promise<string | Buffer | null> {
  try {
    return await fs.readFile(file, encoding ?? undefined);
  } catch {
    return null;
  }
}

async function linkOrNull(file: string): Promise<string | null> {
  try {
    const target = await fs.readlink(file);
    return target.endsWith(' (deleted)') ? target.slice(0, -' (deleted)'.length) : target;
  } catch {
    return null;
  }
}

async function fdCount(dir: string): Promise<number> {
  try {
    return (await fs.readdir(dir)).length;
  } catch {
    return 0;
  }
}

/** Reads one process; null when it is gone (or not a process directory). */
export async function readProcess(pid: number, bootMs: number, users: Map<number, string>, root: ProcRoot = SYSTEM_ROOT): Promise<LinuxProcess | null> {
  const dir = path.join(root.proc, String(pid));
  const statText = (await readOrNull(path.join(dir, 'stat'))) as string | null;
  const stat = statText ? parseStat(statText) : null;
  if (!stat) return null;
  const [statusText, comm, cmdline, exe, handles] = await Promise.all([
    readOrNull(path.join(dir, 'status')) as Promise<string | null>,
    readOrNull(path.join(dir, 'comm')) as Promise<string | null>,
    readOrNull(path.join(dir, 'cmdline'), null) as Promise<Buffer | null>,
    linkOrNull(path.join(dir, 'exe')),
    fdCount(path.join(dir, 'fd')),
  ]);
  const uid = statusText ? parseStatusUid(statusText) : null;
  const name = (comm ?? stat.comm).replace(/\n$/, '');
  const argv = cmdline && cmdline.length > 0 ? cmdline.toString('utf8').replace(/\0$/, '').split('\0') : [];
  return {
    pid,
    ppid: stat.ppid,
    name: displayName(name, exe),
    path: exe,
    sessionId: stat.session,
    handleCount: handles,
    startTime: startTimeMs(bootMs, stat.startTicks),
    uid,
    user: uid === null ? null : (users.get(uid) ?? null),
    argv,
    comm: name,
    state: stat.state,
  };
}

/** The PIDs listed in /proc right now. */
export async function listPids(root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<number[]>> {
  try {
    return ok((await fs.readdir(root.proc)).filter((n) => /^\d+$/.test(n)).map(Number));
  } catch (e) {
    return fail(errnoFailure(e, `readdir ${root.proc}`, 'file'));
  }
}

/** Every process visible in /proc (all users' are listed; other users' exe paths read as null without root). */
export async function listLinuxProcesses(root: ProcRoot = SYSTEM_ROOT): Promise<OsResult<LinuxProcess[]>> {
  const boot = await bootTimeMs(root);
  if (!boot.ok) return boot;
  const pids = await listPids(root);
  if (!pids.ok) return pids;
  const passwd = (await readOrNull(root.passwd)) as string | null;
  const users = parsePasswd(passwd ?? '');
  const all = await Promise.all(pids.value.map((pid) => readProcess(pid, boot.value, users, root)));
  return ok(all.filter((p): p is LinuxProcess => p !== null));
}

/** The start time of one process in ms since 1970, null when it is gone (`bootMs` saves re-reading /proc/stat in a loop). */
export async function processStartTime(pid: number, root: ProcRoot = SYSTEM_ROOT, bootMs?: number): Promise<number | null> {
  const boot = bootMs === undefined ? await bootTimeMs(root) : ok(bootMs);
  const text = (await readOrNull(path.join(root.proc, String(pid), 'stat'))) as string | null;
  const stat = text ? parseStat(text) : null;
  return boot.ok && stat ? startTimeMs(boot.value, stat.startTicks) : null;
}

/** True while the process exists and is not a zombie (a zombie has exited; only its exit status is left). */
export async function isProcessAlive(pid: number, root: ProcRoot = SYSTEM_ROOT): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const text = (await readOrNull(path.join(root.proc, String(pid), 'stat'))) as string | null;
  const stat = text ? parseStat(text) : null;
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** Ends a process with SIGKILL, as TerminateProcess does on Windows: it cannot be caught or ignored. */
export function terminateProcess(pid: number): OsResult<void> {
  if (!Number.isInteger(pid) || pid <= 0) return fail({ kind: 'win32', code: 87, call: `kill(${pid}): EINVAL` });
  try {
    process.kill(pid, 'SIGKILL');
    return ok(undefined);
  } catch (e) {
    return fail(errnoFailure(e, `kill(${pid}, SIGKILL)`, 'process'));
  }
}
