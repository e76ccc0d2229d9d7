/** ntdll.dll declarations (native API: handle tables, object names and types). */
import { lazyLibrary, type FunctionDecl } from './lib';

/** Typed view of the ntdll functions we bind. Status results are NTSTATUS (negative = error). */
export interface Ntdll {
  NtQuerySystemInformation(infoClass: number, buffer: Buffer, length: number, returnLength: [number]): number;
  NtQueryInformationProcess(process: number, infoClass: number, buffer: Buffer, length: number, returnLength: [number]): number;
  NtQueryObject(handle: number, infoClass: number, buffer: Buffer | null, length: number, returnLength: [number]): number;
  NtSuspendProcess(process: number): number;
  NtResumeProcess(process: number): number;
}

/** The prototypes, as data. */
export const NTDLL_DECLS: { [K in keyof Ntdll]: FunctionDecl } = {
  NtQuerySystemInformation: {
    proto:
      'NTSTATUS __stdcall NtQuerySystemInformation(_In_ ULONG SystemInformationClass, _Out_ uint8_t *SystemInformation, _In_ ULONG SystemInformationLength, _Out_ ULONG *ReturnLength)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winternl/nf-winternl-ntquerysysteminformation',
  },
  NtQueryInformationProcess: {
    proto:
      'NTSTATUS __stdcall NtQueryInformationProcess(_In_ HANDLE ProcessHandle, _In_ ULONG ProcessInformationClass, _Out_ uint8_t *ProcessInformation, _In_ ULONG ProcessInformationLength, _Out_ ULONG *ReturnLength)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winternl/nf-winternl-ntqueryinformationprocess',
  },
  NtQueryObject: {
    proto:
      'NTSTATUS __stdcall NtQueryObject(_In_ HANDLE Handle, _In_ ULONG ObjectInformationClass, _Out_ uint8_t *ObjectInformation, _In_ ULONG ObjectInformationLength, _Out_ ULONG *ReturnLength)',
    docs: 'https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/ntifs/nf-ntifs-ntqueryobject',
  },
  // Undocumented but stable since NT 5.1 (phnt ntpsapi.h); the handle needs PROCESS_SUSPEND_RESUME.
  NtSuspendProcess: {
    proto: 'NTSTATUS __stdcall NtSuspendProcess(_In_ HANDLE ProcessHandle)',
    docs: 'https://github.com/winsiderss/phnt/blob/master/ntpsapi.h',
  },
  NtResumeProcess: {
    proto: 'NTSTATUS __stdcall NtResumeProcess(_In_ HANDLE ProcessHandle)',
    docs: 'https://github.com/winsiderss/phnt/blob/master/ntpsapi.h',
  },
};

/** ntdll, loaded on first use. */
export const ntdll = lazyLibrary<Ntdll>('ntdll.dll', NTDLL_DECLS);

/** SYSTEM_INFORMATION_CLASS values we use. */
export const SystemProcessInformation = 5;
/** SYSTEM_INFORMATION_CLASS: SYSTEM_HANDLE_INFORMATION_EX with 64-bit PIDs and handle values (never class 16, which truncates them). */
export const SystemExtendedHandleInformation = 64;
/** PROCESSINFOCLASS: PROCESS_HANDLE_SNAPSHOT_INFORMATION, Windows 8 and later. */
export const ProcessHandleInformation = 51;
/** OBJECT_INFORMATION_CLASS: OBJECT_NAME_INFORMATION. */
export const ObjectNameInformation = 1;
/** OBJECT_INFORMATION_CLASS: OBJECT_TYPE_INFORMATION of one handle. */
export const ObjectTypeInformation = 2;
/** OBJECT_INFORMATION_CLASS: OBJECT_TYPES_INFORMATION, every type the kernel knows (handle NULL). */
export const ObjectTypesInformation = 3;
/** OBJECT_INFORMATION_CLASS: OBJECT_HANDLE_FLAG_INFORMATION (Inherit, ProtectFromClose booleans). */
export const ObjectHandleFlagInformation = 4;
