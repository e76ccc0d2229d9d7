import type { OsFailure } from '../native-bindings/os-api';
import { statusHex } from './hex';
import type { EngineError, ErrorCode } from './model';

/** Builds an expected failure. */
export function engineError(code: ErrorCode, message: string, status?: string): EngineError {
  return status === undefined ? { code, message } : { code, message, status };
}

// NTSTATUS and Win32 codes worth telling apart; everything else is OS_ERROR with its raw status.
const NT_ACCESS_DENIED = 0xc0000022;
const NT_INVALID_HANDLE = 0xc0000008;
const NT_INVALID_CID = 0xc000000b;
const NT_INVALID_PARAMETER = 0xc000000d;
const NT_PROCESS_IS_TERMINATING = 0xc000010a;
const NT_HANDLE_NOT_CLOSABLE = 0xc0000235;
const NT_INVALID_INFO_CLASS = 0xc0000003;
const NT_NOT_IMPLEMENTED = 0xc0000002;
const WIN_ACCESS_DENIED = 5;
const WIN_INVALID_HANDLE = 6;
const WIN_INVALID_PARAMETER = 87;
const WIN_FILE_NOT_FOUND = 2;
const WIN_PATH_NOT_FOUND = 3;
const WIN_ELEVATION_REQUIRED = 740;
const WIN_CANCELLED = 1223;

/** True for the two spellings of "access denied" the OS uses (NTSTATUS and Win32). */
export function isAccessDenied(failure: OsFailure): boolean {
  return (failure.kind === 'win32' && failure.code === WIN_ACCESS_DENIED) || (failure.kind === 'ntstatus' && failure.code >>> 0 === NT_ACCESS_DENIED);
}

/** What an OS failure means for a handle operation: a stable code plus an English message. */
export function describeFailure(failure: OsFailure, context: string): EngineError {
  switch (failure.kind) {
    case 'changed':
      return engineError(
        'HANDLE_CHANGED',
        `${context}: the handle now refers to ${failure.actualType ?? 'another object'} ${failure.actualName ? `"${failure.actualName}"` : ''}`.trimEnd() +
          '; it was not closed (refresh and try again)',
      );
    case 'protected':
      return engineError('PROTECTED_HANDLE', `${context}: the handle is protected from closing (OBJ_PROTECT_CLOSE)`);
    case 'timeout':
      return engineError('TIMEOUT', `${context}: ${failure.call} did not answer in time`);
    case 'unsupported':
      return engineError('UNSUPPORTED', `${context}: not supported here (${failure.what})`);
    case 'ntstatus': {
      const status = statusHex(failure.code);
      const code = failure.code >>> 0;
      if (code === NT_ACCESS_DENIED) return engineError('ACCESS_DENIED', `${context}: access denied (${failure.call} ${status})`, status);
      if (code === NT_INVALID_CID || code === NT_PROCESS_IS_TERMINATING) return engineError('PROCESS_GONE', `${context}: the process has exited`, status);
      if (code === NT_INVALID_HANDLE) return engineError('HANDLE_GONE', `${context}: the handle no longer exists`, status);
      if (code === NT_HANDLE_NOT_CLOSABLE) return engineError('NOT_CLOSABLE', `${context}: the handle cannot be closed`, status);
      if (code === NT_INVALID_INFO_CLASS || code === NT_NOT_IMPLEMENTED) return engineError('UNSUPPORTED', `${context}: ${failure.call} is not supported (${status})`, status);
      if (code === NT_INVALID_PARAMETER) return engineError('OS_ERROR', `${context}: invalid parameter (${failure.call} ${status})`, status);
      return engineError('OS_ERROR', `${context}: ${failure.call} failed with ${status}`, status);
    }
    case 'win32': {
      const status = String(failure.code);
      if (failure.code === WIN_ACCESS_DENIED) return engineError('ACCESS_DENIED', `${context}: access denied (${failure.call})`, status);
      // CreateProcess refuses an exe whose manifest requires administrator rights to a process without them.
      if (failure.code === WIN_ELEVATION_REQUIRED)
        return engineError('ELEVATION_REQUIRED', `${context}: the program requires administrator rights; start it elevated (confirm the Windows prompt) or restart Multiopen as administrator`, status);
      if (failure.code === WIN_CANCELLED && failure.call.startsWith('ShellExecuteExW')) return engineError('ELEVATION_REQUIRED', `${context}: the administrator prompt was declined; the program was not started`, status);
      if (failure.code === WIN_INVALID_HANDLE) return engineError('HANDLE_GONE', `${context}: the handle no longer exists`, status);
      if (failure.code === WIN_INVALID_PARAMETER) return engineError('PROCESS_GONE', `${context}: the process has exited`, status);
      if (failure.code === WIN_FILE_NOT_FOUND || failure.code === WIN_PATH_NOT_FOUND)
        return engineError('EXE_NOT_FOUND', `${context}: file not found`, status);
      return engineError('OS_ERROR', `${context}: ${failure.call} failed with Win32 error ${failure.code}`, status);
    }
  }
}
