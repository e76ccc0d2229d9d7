/** shell32.dll declarations (ShellExecuteExW: the "runas" verb that shows the UAC prompt). */
import koffi from 'koffi';
import { lazyLibrary, type FunctionDecl } from './lib';

/** SHELLEXECUTEINFOW as koffi reads and writes it (hProcess comes back with SEE_MASK_NOCLOSEPROCESS). */
export interface ShellExecuteInfo {
  cbSize: number;
  fMask: number;
  hwnd: number;
  lpVerb: string | null;
  lpFile: string;
  lpParameters: string | null;
  lpDirectory: string | null;
  nShow: number;
  hInstApp: number;
  lpIDList: null;
  lpClass: string | null;
  hkeyClass: number;
  dwHotKey: number;
  hIconOrMonitor: number;
  hProcess: number;
}

let structDefined = false;

/** Declares SHELLEXECUTEINFOW once (x64 size 112; https://learn.microsoft.com/en-us/windows/win32/api/shellapi/ns-shellapi-shellexecuteinfow). */
function defineStruct(): void {
  if (structDefined) return;
  koffi.struct('SHELLEXECUTEINFOW', {
    cbSize: 'uint32_t',
    fMask: 'uint32_t',
    hwnd: 'intptr_t',
    lpVerb: 'const char16_t *',
    lpFile: 'const char16_t *',
    lpParameters: 'const char16_t *',
    lpDirectory: 'const char16_t *',
    nShow: 'int',
    hInstApp: 'intptr_t',
    lpIDList: 'void *',
    lpClass: 'const char16_t *',
    hkeyClass: 'intptr_t',
    dwHotKey: 'uint32_t',
    hIconOrMonitor: 'intptr_t',
    hProcess: 'intptr_t',
  });
  structDefined = true;
}

/** Typed view of the shell32 functions we bind. */
export interface Shell32 {
  ShellExecuteExW(info: ShellExecuteInfo): number;
}

/** The prototypes, as data. */
export const SHELL32_DECLS: { [K in keyof Shell32]: FunctionDecl } = {
  ShellExecuteExW: {
    proto: 'BOOL __stdcall ShellExecuteExW(_Inout_ SHELLEXECUTEINFOW *pExecInfo)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/shellapi/nf-shellapi-shellexecuteexw',
  },
};

const load = lazyLibrary<Shell32>('shell32.dll', SHELL32_DECLS);

/** shell32, loaded on first use (the struct is declared first). */
export function shell32(): Shell32 {
  defineStruct();
  return load();
}

/** sizeof(SHELLEXECUTEINFOW) on x64. */
export const SHELLEXECUTEINFOW_SIZE = 112;
/** Keep the new process's handle in hProcess. */
export const SEE_MASK_NOCLOSEPROCESS = 0x40;
/** Finish before returning (we run no message loop). */
export const SEE_MASK_NOASYNC = 0x100;
/** Show the program's window normally. */
export const SW_SHOWNORMAL = 1;
