import type { OsFailure } from '../native-bindings/os-api';
import { NTSTATUS, WIN32_ERROR } from '../native-bindings/status-codes';
import { statusHex } from './hex';
import type { EngineError, ErrorCode } from './model';

/** Builds an expected failure. */
export function engineError(code: ErrorCode, message: string, status?: string): EngineError {
  return status === undefined ? { code, message } : { code, message, status };
}

// NTSTATUS and Win32 codes worth telling apart; everything else is OS_ERROR with its raw status.
const {
  ACCESS_DENIED: NT_ACCESS_DENIED,
  INVALID_HANDLE: NT_INVALID_HANDLE,
  INVALID_CID: NT_INVALID_CID,
  INVALID_PARAMETER: NT_INVALID_PARAMETER,
  PROCESS_IS_TERMINATING: NT_PROCESS_IS_TERMINATING,
  HANDLE_NOT_CLOSABLE: NT_HANDLE_NOT_CLOSABLE,
  INVALID_INFO_CLASS: NT_INVALID_INFO_CLASS,
  NOT_IMPLEMENTED: NT_NOT_IMPLEMENTED,
} = NTSTATUS;
const {
  ACCESS_DENIED: WIN_ACCESS_DENIED,
  INVALID_HANDLE: WIN_INVALID_HANDLE,
  INVALID_PARAMETER: WIN_INVALID_PARAMETER,
  FILE_NOT_FOUND: WIN_FILE_NOT_FOUND,
  PATH_NOT_FOUND: WIN_PATH_NOT_FOUND,
  ELEVATION_REQUIRED: WIN_ELEVATION_REQUIRED,
  CANCELLED: WIN_CANCELLED,
} = WIN32_ERROR;

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
