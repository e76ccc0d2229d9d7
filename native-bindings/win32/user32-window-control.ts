/**
 * user32.dll declarations for acting on another process's top-level windows: their title (WM_SETTEXT
 * through SendMessageTimeoutW), showing, the foreground, WM_CLOSE, and the visible / minimised state.
 * Kept apart from user32-windows.ts, which lists windows.
 */
import { lazyLibrary, type FunctionDecl } from './lib';

/** Typed view of the window-control functions we bind. Window handles are numbers. */
export interface User32WindowControl {
  SendMessageTimeoutW(window: number, msg: number, wParam: number, lParam: Buffer, flags: number, timeoutMs: number, result: [number]): number;
  PostMessageW(window: number, msg: number, wParam: number, lParam: number): number;
  ShowWindow(window: number, cmdShow: number): number;
  SetForegroundWindow(window: number): number;
  GetForegroundWindow(): number;
  IsWindowVisible(window: number): number;
  IsIconic(window: number): number;
  IsWindow(window: number): number;
}

/** Message and flag values we send. */
export const WINDOW_MESSAGES = { WM_SETTEXT: 0x000c, WM_CLOSE: 0x0010, SMTO_BLOCK: 0x0001, SMTO_ABORTIFHUNG: 0x0002, SW_RESTORE: 9 } as const;

/** The prototypes, as data. */
export const USER32_WINDOW_CONTROL_DECLS: { [K in keyof User32WindowControl]: FunctionDecl } = {
  SendMessageTimeoutW: {
    proto:
      'intptr_t __stdcall SendMessageTimeoutW(_In_ HANDLE hWnd, _In_ uint32_t Msg, _In_ uintptr_t wParam, _In_ const uint8_t *lParam, _In_ uint32_t fuFlags, _In_ uint32_t uTimeout, _Out_ uintptr_t *lpdwResult)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-sendmessagetimeoutw',
  },
  PostMessageW: {
    proto: 'BOOL __stdcall PostMessageW(_In_ HANDLE hWnd, _In_ uint32_t Msg, _In_ uintptr_t wParam, _In_ intptr_t lParam)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-postmessagew',
  },
  ShowWindow: {
    proto: 'BOOL __stdcall ShowWindow(_In_ HANDLE hWnd, _In_ int nCmdShow)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-showwindow',
  },
  SetForegroundWindow: {
    proto: 'BOOL __stdcall SetForegroundWindow(_In_ HANDLE hWnd)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-setforegroundwindow',
  },
  GetForegroundWindow: {
    proto: 'HANDLE __stdcall GetForegroundWindow()',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-getforegroundwindow',
  },
  IsWindowVisible: {
    proto: 'BOOL __stdcall IsWindowVisible(_In_ HANDLE hWnd)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-iswindowvisible',
  },
  IsIconic: {
    proto: 'BOOL __stdcall IsIconic(_In_ HANDLE hWnd)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-isiconic',
  },
  IsWindow: {
    proto: 'BOOL __stdcall IsWindow(_In_ HANDLE hWnd)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winuser/nf-winuser-iswindow',
  },
};

/** user32's window-control functions, loaded on first use. */
export const user32WindowControl = lazyLibrary<User32WindowControl>('user32.dll', USER32_WINDOW_CONTROL_DECLS);
