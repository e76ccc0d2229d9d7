/**
 * Access tokens: whether a process runs elevated, and the desktop user's token taken from the shell
 * (Explorer) so that an elevated engine can start programs at the user's normal level, the way
 * Microsoft's "RunAsDesktopUser" sample and installers do (GetShellWindow -> its PID -> OpenProcessToken
 * -> DuplicateTokenEx(TokenPrimary) -> CreateProcessWithTokenW).
 */
import type { ElevationFacts, OsResult } from '../os-api';
import {
  advapi32,
  SecurityImpersonation,
  TOKEN_ADJUST_DEFAULT,
  TOKEN_ADJUST_SESSIONID,
  TOKEN_ASSIGN_PRIMARY,
  TOKEN_DUPLICATE,
  TOKEN_QUERY,
  TokenElevation,
  TokenElevationType,
  TokenPrimary,
} from './advapi32';
import { kernel32, PROCESS_QUERY_LIMITED_INFORMATION } from './kernel32';
import { exceptionFailure, fail, openProcess, win32Failure } from './status';
import { user32 } from './user32';

const ELEVATION_TYPES: Record<number, ElevationFacts['type']> = { 1: 'default', 2: 'full', 3: 'limited' };

/** Whether the process behind `process` (a handle) runs elevated, from its token. */
export function elevationOf(process: number): OsResult<ElevationFacts> {
  const a = advapi32();
  const token: [number] = [0];
  if (!a.OpenProcessToken(process, TOKEN_QUERY, token)) return fail(win32Failure('OpenProcessToken'));
  try {
    const buf = Buffer.alloc(4);
    const ret: [number] = [0];
    if (!a.GetTokenInformation(token[0], TokenElevation, buf, 4, ret)) return fail(win32Failure('GetTokenInformation(TokenElevation)'));
    const elevated = buf.readUInt32LE(0) !== 0;
    // TokenElevationType may be missing (older Wine): the elevation alone then decides.
    const type = a.GetTokenInformation(token[0], TokenElevationType, buf, 4, ret) ? (ELEVATION_TYPES[buf.readUInt32LE(0)] ?? 'default') : 'default';
    return { ok: true, value: { elevated, type } };
  } finally {
    kernel32().CloseHandle(token[0]);
  }
}

/** This process's elevation. */
export function selfElevation(): OsResult<ElevationFacts> {
  try {
    return elevationOf(kernel32().GetCurrentProcess());
  } catch (e) {
    return fail(exceptionFailure('processElevation', e));
  }
}

/** The level a process runs at, or undefined when its token cannot be read. */
export function runLevelOf(process: number): 'normal' | 'elevated' | undefined {
  try {
    const r = elevationOf(process);
    return r.ok ? (r.value.elevated ? 'elevated' : 'normal') : undefined;
  } catch {
    return undefined;
  }
}

/** The PID of the desktop shell's process (Explorer), or 0 when there is no shell window (a custom shell, Wine without a desktop). */
export function shellProcessId(): number {
  const u = user32();
  const shell = u.GetShellWindow();
  if (!shell) return 0;
  const pid: [number] = [0];
  u.GetWindowThreadProcessId(shell, pid);
  return pid[0];
}

/** A primary token duplicated from process `pid`'s token, to start a process with; the caller closes it. */
export function primaryTokenOf(pid: number): OsResult<number> {
  const proc = openProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION);
  if (!proc.ok) return proc;
  const a = advapi32();
  const k = kernel32();
  try {
    const token: [number] = [0];
    if (!a.OpenProcessToken(proc.value, TOKEN_DUPLICATE, token)) return fail(win32Failure('OpenProcessToken(shell)'));
    try {
      const primary: [number] = [0];
      const access = TOKEN_QUERY | TOKEN_ASSIGN_PRIMARY | TOKEN_DUPLICATE | TOKEN_ADJUST_DEFAULT | TOKEN_ADJUST_SESSIONID;
      if (!a.DuplicateTokenEx(token[0], access, null, SecurityImpersonation, TokenPrimary, primary)) return fail(win32Failure('DuplicateTokenEx'));
      return { ok: true, value: primary[0] };
    } finally {
      k.CloseHandle(token[0]);
    }
  } finally {
    k.CloseHandle(proc.value);
  }
}
