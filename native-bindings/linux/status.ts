/**
 * Failures of the Linux `OsApi` as data. `OsFailure` has no errno kind yet, so an errno is reported as
 * the Win32 code of the same meaning (EACCES -> 5 access denied, a vanished /proc/PID -> 87 process gone,
 * a vanished fd -> 6 handle gone), with the errno name kept in `call`: core's existing decisions
 * (ACCESS_DENIED, PROCESS_GONE, HANDLE_GONE) then apply unchanged. One place, so an errno kind can replace it.
 */
import type { OsFailure, OsResult } from '../os-api';
import { WIN32_ERROR } from '../status-codes';

/** What the failing path named, so a missing file can tell "the process is gone" from "the fd is gone". */
export type Subject = 'process' | 'fd' | 'file';

/** The errno name of a Node error ("EACCES"), or "EUNKNOWN". */
export function errnoName(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

/** Converts a Node fs/child_process error into an `OsFailure` (see the file comment for the mapping). */
export function errnoFailure(error: unknown, call: string, subject: Subject): OsFailure {
  const name = errnoName(error);
  const tagged = `${call}: ${name}`;
  if (name === 'EACCES' || name === 'EPERM') return { kind: 'win32', code: WIN32_ERROR.ACCESS_DENIED, call: tagged };
  if (name === 'ENOENT' || name === 'ESRCH') {
    if (subject === 'process') return { kind: 'win32', code: WIN32_ERROR.INVALID_PARAMETER, call: tagged };
    if (subject === 'fd') return { kind: 'win32', code: WIN32_ERROR.INVALID_HANDLE, call: tagged };
    return { kind: 'win32', code: WIN32_ERROR.FILE_NOT_FOUND, call: tagged };
  }
  // Anything else keeps its errno name in `call`; the code says only "it failed".
  return { kind: 'win32', code: -1, call: tagged };
}

/** A success. */
export function ok<T>(value: T): OsResult<T> {
  return { ok: true, value };
}

/** A failure. */
export function fail<T>(failure: OsFailure): OsResult<T> {
  return { ok: false, failure };
}

/** {kind:'unsupported'} for something the Linux implementation does not do. */
export function unsupported<T>(what: string): OsResult<T> {
  return { ok: false, failure: { kind: 'unsupported', what } };
}
