/** kernel32.dll declarations (processes, handles, named objects). */
import { lazyLibrary, type FunctionDecl } from './lib';

/** Typed view of the kernel32 functions we bind. Handles are numbers (0 = NULL, -1 = INVALID_HANDLE_VALUE). */
export interface Kernel32 {
  GetLastError(): number;
  GetCurrentProcess(): number;
  GetCurrentProcessId(): number;
  OpenProcess(desiredAccess: number, inheritHandle: number, pid: number): number;
  TerminateProcess(process: number, exitCode: number): number;
  CloseHandle(handle: number): number;
  DuplicateHandle(
    sourceProcess: number,
    sourceHandle: number,
    targetProcess: number,
    targetHandle: [number],
    desiredAccess: number,
    inheritHandle: number,
    options: number,
  ): number;
  GetExitCodeProcess(process: number, exitCode: [number]): number;
  GetProcessTimes(process: number, creation: Buffer, exit: Buffer, kernel: Buffer, user: Buffer): number;
  QueryFullProcessImageNameW(process: number, flags: number, exeName: Buffer, size: [number]): number;
  CreateMutexW(attributes: null, initialOwner: number, name: string | null): number;
  CreateEventW(attributes: null, manualReset: number, initialState: number, name: string | null): number;
  CreateSemaphoreW(attributes: null, initialCount: number, maximumCount: number, name: string | null): number;
  CreateFileMappingW(file: number, attributes: null, protect: number, sizeHigh: number, sizeLow: number, name: string | null): number;
  GetFileType(file: number): number;
  GetProcessId(process: number): number;
  ExpandEnvironmentStringsW(src: string, dst: Buffer, size: number): number;
}

/** The prototypes, as data. */
export const KERNEL32_DECLS: { [K in keyof Kernel32]: FunctionDecl } = {
  GetLastError: {
    proto: 'DWORD __stdcall GetLastError()',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/errhandlingapi/nf-errhandlingapi-getlasterror',
  },
  GetCurrentProcess: {
    proto: 'HANDLE __stdcall GetCurrentProcess()',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocess',
  },
  GetCurrentProcessId: {
    proto: 'DWORD __stdcall GetCurrentProcessId()',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocessid',
  },
  TerminateProcess: {
    proto: 'BOOL __stdcall TerminateProcess(_In_ HANDLE hProcess, _In_ DWORD uExitCode)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-terminateprocess',
  },
  OpenProcess: {
    proto: 'HANDLE __stdcall OpenProcess(_In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle, _In_ DWORD dwProcessId)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-openprocess',
  },
  CloseHandle: {
    proto: 'BOOL __stdcall CloseHandle(_In_ HANDLE hObject)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle',
  },
  DuplicateHandle: {
    proto:
      'BOOL __stdcall DuplicateHandle(_In_ HANDLE hSourceProcessHandle, _In_ HANDLE hSourceHandle, _In_ HANDLE hTargetProcessHandle, _Out_ HANDLE *lpTargetHandle, _In_ DWORD dwDesiredAccess, _In_ BOOL bInheritHandle, _In_ DWORD dwOptions)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle',
  },
  GetProcessTimes: {
    // FILETIMEs as 8-byte buffers: creation time tells a reused PID from the process we started.
    proto:
      'BOOL __stdcall GetProcessTimes(_In_ HANDLE hProcess, _Out_ uint8_t *lpCreationTime, _Out_ uint8_t *lpExitTime, _Out_ uint8_t *lpKernelTime, _Out_ uint8_t *lpUserTime)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocesstimes',
  },
  GetExitCodeProcess: {
    proto: 'BOOL __stdcall GetExitCodeProcess(_In_ HANDLE hProcess, _Out_ DWORD *lpExitCode)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getexitcodeprocess',
  },
  QueryFullProcessImageNameW: {
    proto:
      'BOOL __stdcall QueryFullProcessImageNameW(_In_ HANDLE hProcess, _In_ DWORD dwFlags, _Out_ uint8_t *lpExeName, _Inout_ DWORD *lpdwSize)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-queryfullprocessimagenamew',
  },
  CreateMutexW: {
    proto: 'HANDLE __stdcall CreateMutexW(_In_ void *lpMutexAttributes, _In_ BOOL bInitialOwner, _In_ const char16_t *lpName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createmutexw',
  },
  CreateEventW: {
    proto:
      'HANDLE __stdcall CreateEventW(_In_ void *lpEventAttributes, _In_ BOOL bManualReset, _In_ BOOL bInitialState, _In_ const char16_t *lpName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createeventw',
  },
  CreateSemaphoreW: {
    proto:
      'HANDLE __stdcall CreateSemaphoreW(_In_ void *lpSemaphoreAttributes, _In_ LONG lInitialCount, _In_ LONG lMaximumCount, _In_ const char16_t *lpName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createsemaphorew',
  },
  CreateFileMappingW: {
    proto:
      'HANDLE __stdcall CreateFileMappingW(_In_ HANDLE hFile, _In_ void *lpFileMappingAttributes, _In_ DWORD flProtect, _In_ DWORD dwMaximumSizeHigh, _In_ DWORD dwMaximumSizeLow, _In_ const char16_t *lpName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createfilemappingw',
  },
  GetFileType: {
    proto: 'DWORD __stdcall GetFileType(_In_ HANDLE hFile)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfiletype',
  },
  GetProcessId: {
    proto: 'DWORD __stdcall GetProcessId(_In_ HANDLE Process)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocessid',
  },
  ExpandEnvironmentStringsW: {
    proto: 'DWORD __stdcall ExpandEnvironmentStringsW(_In_ const char16_t *lpSrc, _Out_ uint8_t *lpDst, _In_ DWORD nSize)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-expandenvironmentstringsw',
  },
};

/** kernel32, loaded on first use. */
export const kernel32 = lazyLibrary<Kernel32>('kernel32.dll', KERNEL32_DECLS);

/** Process access rights (https://learn.microsoft.com/en-us/windows/win32/procthread/process-security-and-access-rights). */
export const PROCESS_DUP_HANDLE = 0x0040;
/** PROCESS_SUSPEND_RESUME: NtSuspendProcess / NtResumeProcess. */
export const PROCESS_SUSPEND_RESUME = 0x0800;
/** PROCESS_TERMINATE: enough to end a process we started. */
export const PROCESS_TERMINATE = 0x0001;
/** Needed by NtQueryInformationProcess(ProcessHandleInformation) on older builds; newer accept the limited right. */
export const PROCESS_QUERY_INFORMATION = 0x0400;
/** Enough for QueryFullProcessImageNameW and GetExitCodeProcess, granted even for many elevated targets. */
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
/** DuplicateHandle option: close the source handle (inside the owning process). */
export const DUPLICATE_CLOSE_SOURCE = 0x1;
/** DuplicateHandle option: same access as the source. */
export const DUPLICATE_SAME_ACCESS = 0x2;
/** GetExitCodeProcess value while the process runs. */
export const STILL_ACTIVE = 259;
/** GetFileType results. */
export const FILE_TYPE_UNKNOWN = 0;
/** A disk file or directory. */
export const FILE_TYPE_DISK = 1;
/** A character device (console, NUL). */
export const FILE_TYPE_CHAR = 2;
/** A pipe or socket. */
export const FILE_TYPE_PIPE = 3;
/** CreateProcess flags: the environment block is UTF-16. */
export const CREATE_UNICODE_ENVIRONMENT = 0x00000400;
/** CreateProcess flags: a process group of its own (Ctrl+C of our console does not reach it). */
export const CREATE_NEW_PROCESS_GROUP = 0x00000200;
/** CreateProcess flags: no console inherited from us (Node's detached spawn does the same). */
export const DETACHED_PROCESS = 0x00000008;
/** AllowSetForegroundWindow: every process. */
export const ASFW_ANY = 0xffffffff;
/** CreateFileMappingW page protection. */
export const PAGE_READWRITE = 0x04;
/** The file handle that makes CreateFileMappingW back a section with the paging file. */
export const INVALID_HANDLE_VALUE = -1;
