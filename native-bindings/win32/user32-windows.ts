/**
 * user32.dll declarations for listing a process's top-level windows (EnumWindows with a transient koffi
 * callback). Kept apart from user32.ts, which holds the shell-window and foreground declarations.
 */
import koffi from 'koffi';
import { lazyLibrary, type FunctionDecl } from './lib';

/** The EnumWindows callback: receives each top-level window; returning 0 stops the enumeration. */
export type EnumWindowsCallback = (window: number, lParam: number) => number;

/** Typed view of the user32 window functions we bind. Window handles are numbers. */
export interface User32Windows {
  EnumWindows(callback: EnumWindowsCallback, lParam: number): number;
  GetWindowThreadProcessId(window: number, pid: [number]): number;
  GetClassNameW(window: number, name: Buffer, maxCount: number): number;
  GetWindowTextW(window: number, text: Buffer, maxCount: number): number;
}

/** The callback type's name in koffi (declared once per koffi instance). */
const CALLBACK_TYPE = 'MultiopenEnumWindowsProc';

/** The prototypes, as data; EnumWindows takes a pointer to the callback type above. */
export const USER32_WINDOWS_DECLS: { [K in keyof User32Windows]: FunctionDecl } = {
  EnumWindows: {
    proto: `BOOL __stdcall EnumWindows(_In_ ${CALLBACK_TYPE} *lpEnumFunc, _In_ intptr_t lParam)`,
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-enumwindows',
  },
  GetWindowThreadProcessId: {
    proto: 'DWORD __stdcall GetWindowThreadProcessId(_In_ HANDLE hWnd, _Out_ DWORD *lpdwProcessId)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getwindowthreadprocessid',
  },
  GetClassNameW: {
    proto: 'int __stdcall GetClassNameW(_In_ HANDLE hWnd, _Out_ uint8_t *lpClassName, _In_ int nMaxCount)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getclassnamew',
  },
  GetWindowTextW: {
    proto: 'int __stdcall GetWindowTextW(_In_ HANDLE hWnd, _Out_ uint8_t *lpString, _In_ int nMaxCount)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getwindowtextw',
  },
};

let callbackDefined = false;
const load = lazyLibrary<User32Windows>('user32.dll', USER32_WINDOWS_DECLS);

/** user32's window functions, loaded on first use (after the callback type their prototypes name). */
export function user32Windows(): User32Windows {
  if (!callbackDefined) {
    // https://learn.microsoft.com/en-us/previous-versions/windows/desktop/legacy/ms633498(v=vs.85)
    koffi.proto(`int32_t __stdcall ${CALLBACK_TYPE}(intptr_t hwnd, intptr_t lParam)`);
    callbackDefined = true;
  }
  return load();
}
