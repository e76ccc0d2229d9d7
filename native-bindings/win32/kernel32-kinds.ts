/** kernel32.dll declarations for the named object kinds pre-claim can create besides mutexes, events, semaphores and sections. */
import { lazyLibrary, type FunctionDecl } from './lib';

/** Typed view of the kernel32 functions we bind here. Handles are numbers (0 = NULL). */
export interface Kernel32Kinds {
  CreateWaitableTimerW(attributes: null, manualReset: number, name: string): number;
  CreateJobObjectW(attributes: null, name: string): number;
}

/** The prototypes, as data. */
export const KERNEL32_KINDS_DECLS: { [K in keyof Kernel32Kinds]: FunctionDecl } = {
  CreateWaitableTimerW: {
    proto: 'HANDLE __stdcall CreateWaitableTimerW(_In_ void *lpTimerAttributes, _In_ BOOL bManualReset, _In_ const char16_t *lpTimerName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createwaitabletimerw',
  },
  CreateJobObjectW: {
    proto: 'HANDLE __stdcall CreateJobObjectW(_In_ void *lpJobAttributes, _In_ const char16_t *lpName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/jobapi2/nf-jobapi2-createjobobjectw',
  },
};

/** kernel32's timer and job functions, loaded on first use. */
export const kernel32Kinds = lazyLibrary<Kernel32Kinds>('kernel32.dll', KERNEL32_KINDS_DECLS);
