/** user32.dll declarations (the shell window, foreground rights). */
import { lazyLibrary, type FunctionDecl } from './lib';

/** Typed view of the user32 functions we bind. Window handles are numbers (0 = none). */
export interface User32 {
  GetShellWindow(): number;
  GetWindowThreadProcessId(window: number, pid: [number]): number;
  AllowSetForegroundWindow(pid: number): number;
}

/** The prototypes, as data. */
export const USER32_DECLS: { [K in keyof User32]: FunctionDecl } = {
  GetShellWindow: {
    proto: 'HANDLE __stdcall GetShellWindow()',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getshellwindow',
  },
  GetWindowThreadProcessId: {
    proto: 'DWORD __stdcall GetWindowThreadProcessId(_In_ HANDLE hWnd, _Out_ DWORD *lpdwProcessId)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getwindowthreadprocessid',
  },
  AllowSetForegroundWindow: {
    proto: 'BOOL __stdcall AllowSetForegroundWindow(_In_ DWORD dwProcessId)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-allowsetforegroundwindow',
  },
};

/** user32, loaded on first use. */
export const user32 = lazyLibrary<User32>('user32.dll', USER32_DECLS);
