/**
 * Processes (like phlib's native.c process part): the process list with image paths, start times,
 * liveness and termination. The list is what the engine polls several times a second, so what can be
 * known once per process is read once per process.
 */
import type { OsResult, ProcessInfo } from '../os-api';
import { kernel32, PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_TERMINATE, STILL_ACTIVE, type Kernel32 } from './kernel32';
import { addressOf } from './lib';
import { ntdll, SystemProcessInformation } from './ntdll';
import { fileTimeToMs, parseSystemProcessInformation, type RawProcessEntry } from './parse';
import { exceptionFailure, fail, openProcess, queryGrowing, WIN32, win32Failure } from './status';

/** The two calls a process list is made of, separated so that what they cost can be counted in tests. */
export interface ProcessListCalls {
  /** Every process as NtQuerySystemInformation(SystemProcessInformation) reports it. */
  systemProcesses(): OsResult<RawProcessEntry[]>;
  /** The full image path of one process (opens it), or null when it cannot be read. */
  imagePath(pid: number): string | null;
}

/**
 * Lists processes with their image paths. A process's image never changes, so its path is read once
 * (one OpenProcess) and kept for as long as that process is listed. A process is (PID, start time):
 * PIDs are reused. When the OS gives no start time the image name must match too.
 */
export class ProcessLister {
  private paths = new Map<string, string | null>();

  constructor(private readonly calls: ProcessListCalls) {}

  /** Every process visible to this user; only processes not listed before are opened. */
  list(): OsResult<ProcessInfo[]> {
    const raw = this.calls.systemProcesses();
    if (!raw.ok) return raw;
    const next = new Map<string, string | null>();
    const value = raw.value.map((p) => {
      const key = `${p.pid}:${p.startTime}:${p.startTime ? '' : p.name}`;
      let path = next.get(key);
      if (path === undefined) {
        const known = this.paths.get(key);
        // PID 0 (the idle process) has no image; an unreadable path stays unreadable for that process.
        path = known !== undefined ? known : p.pid === 0 ? null : this.calls.imagePath(p.pid);
        next.set(key, path);
      }
      return { ...p, path };
    });
    // Only what is still running is kept, so the cache is never larger than the process list.
    this.paths = next;
    return { ok: true, value };
  }
}

/** QueryFullProcessImageNameW counts characters; MAX_PATH fits nearly every path, long paths get one retry. */
const FIRST_PATH_CHARS = 260;
const MAX_PATH_CHARS = 32768;

/** The image path of a process through `k` (kernel32 or a fake), in a buffer of the right size. */
export function imagePathWith(k: Pick<Kernel32, 'OpenProcess' | 'QueryFullProcessImageNameW' | 'CloseHandle' | 'GetLastError'>, pid: number): string | null {
  const h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
  if (!h) return null;
  try {
    for (const chars of [FIRST_PATH_CHARS, MAX_PATH_CHARS]) {
      const buf = Buffer.allocUnsafe(chars * 2);
      const size: [number] = [chars];
      if (k.QueryFullProcessImageNameW(h, 0, buf, size)) return buf.toString('utf16le', 0, size[0] * 2);
      if (k.GetLastError() !== WIN32.INSUFFICIENT_BUFFER) return null;
    }
    return null;
  } finally {
    k.CloseHandle(h);
  }
}

/** The real calls: ntdll's process list and kernel32's image path. */
export function win32ProcessListCalls(sizes: Map<string, number>): ProcessListCalls {
  return {
    systemProcesses() {
      // Wine answers a too-small buffer with length 0, so start at a size that holds a typical system.
      const r = queryGrowing('NtQuerySystemInformation(SystemProcessInformation)', 512 * 1024, (buf, ret) => ntdll().NtQuerySystemInformation(SystemProcessInformation, buf, buf.length, ret), sizes);
      if (!r.ok) return r;
      return { ok: true, value: parseSystemProcessInformation(r.value.buf, r.value.length, addressOf(r.value.buf)) };
    },
    imagePath: (pid) => imagePathWith(kernel32(), pid),
  };
}

/** Every process, koffi exceptions as failures. */
export function listProcessesSafely(lister: ProcessLister): OsResult<ProcessInfo[]> {
  try {
    return lister.list();
  } catch (e) {
    return fail(exceptionFailure('listProcesses', e));
  }
}

/** True while the process exists (an access-denied open still proves it exists). */
export function isProcessAlive(pid: number): boolean {
  try {
    const k = kernel32();
    const h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
    if (!h) return k.GetLastError() === WIN32.ACCESS_DENIED;
    try {
      const code: [number] = [0];
      return k.GetExitCodeProcess(h, code) !== 0 && code[0] === STILL_ACTIVE;
    } finally {
      k.CloseHandle(h);
    }
  } catch {
    return false;
  }
}

/** The creation time of an open process in ms since 1970 (0 when it cannot be read). */
export function startTimeOfHandle(process: number): number {
  const times = [Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)] as const;
  if (!kernel32().GetProcessTimes(process, ...times)) return 0;
  return fileTimeToMs(times[0].readBigInt64LE(0));
}

/** A process's creation time in ms since 1970 (0 when it cannot be read). */
export function startTimeOf(pid: number): number {
  try {
    const proc = openProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION);
    if (!proc.ok) return 0;
    try {
      return startTimeOfHandle(proc.value);
    } finally {
      kernel32().CloseHandle(proc.value);
    }
  } catch {
    return 0;
  }
}

/** Ends a process with exit code 1. */
export function terminateProcess(pid: number): OsResult<void> {
  try {
    const proc = openProcess(pid, PROCESS_TERMINATE);
    if (!proc.ok) return proc;
    try {
      return kernel32().TerminateProcess(proc.value, 1) ? { ok: true, value: undefined } : fail(win32Failure('TerminateProcess'));
    } finally {
      kernel32().CloseHandle(proc.value);
    }
  } catch (e) {
    return fail(exceptionFailure('terminateProcess', e));
  }
}
