/**
 * Acting on a top-level window of another process: set its title, restore it, bring it to the front,
 * post WM_CLOSE, read whether it is visible or minimised. Status codes only; core decides when to act.
 */
import type { OsResult } from '../os-api';
import { exceptionFailure, fail, win32Failure } from './status';
import { user32WindowControl, WINDOW_MESSAGES as M } from './user32-window-control';

/** How long a title change may wait for the window's thread: a hung app must not hang the engine. */
const SETTEXT_TIMEOUT_MS = 1_000;

/** ERROR_INVALID_WINDOW_HANDLE: the window is gone. */
const INVALID_WINDOW = 1400;

/** A failure for a window handle that no longer names a window (checked first: handles are reused rarely, but windows close often). */
function gone(call: string): OsResult<never> {
  return fail({ kind: 'win32', code: INVALID_WINDOW, call });
}

/**
 * Sets a window's title. SetWindowTextW on another process's window sends WM_SETTEXT and waits for as
 * long as that process takes; SendMessageTimeoutW sends the same message with a deadline instead.
 */
export function setWindowTitle(handle: number, title: string): OsResult<void> {
  try {
    const u = user32WindowControl();
    if (!u.IsWindow(handle)) return gone('IsWindow');
    const text = Buffer.from(`${title}\0`, 'utf16le');
    const result: [number] = [0];
    const sent = u.SendMessageTimeoutW(handle, M.WM_SETTEXT, 0, text, M.SMTO_BLOCK | M.SMTO_ABORTIFHUNG, SETTEXT_TIMEOUT_MS, result);
    if (sent === 0) return fail(win32Failure('SendMessageTimeoutW(WM_SETTEXT)'));
    return { ok: true, value: undefined };
  } catch (e) {
    return fail(exceptionFailure('setWindowTitle', e));
  }
}

/** Restores a minimised window (ShowWindow SW_RESTORE). */
export function restoreWindow(handle: number): OsResult<void> {
  try {
    const u = user32WindowControl();
    if (!u.IsWindow(handle)) return gone('IsWindow');
    u.ShowWindow(handle, M.SW_RESTORE);
    return { ok: true, value: undefined };
  } catch (e) {
    return fail(exceptionFailure('restoreWindow', e));
  }
}

/** Asks for a window to become the foreground window; true when Windows says it did (or it is the foreground window now). */
export function setForegroundWindow(handle: number): OsResult<boolean> {
  try {
    const u = user32WindowControl();
    if (!u.IsWindow(handle)) return gone('IsWindow');
    // Under Wine the foreground changes asynchronously, so GetForegroundWindow may still name the old one.
    const set = u.SetForegroundWindow(handle) !== 0;
    return { ok: true, value: set || u.GetForegroundWindow() === handle };
  } catch (e) {
    return fail(exceptionFailure('setForegroundWindow', e));
  }
}

/** Posts WM_CLOSE: the app decides what closing means (ask, hide to the tray, or exit). */
export function postCloseMessage(handle: number): OsResult<void> {
  try {
    const u = user32WindowControl();
    if (!u.IsWindow(handle)) return gone('IsWindow');
    if (!u.PostMessageW(handle, M.WM_CLOSE, 0, 0)) return fail(win32Failure('PostMessageW(WM_CLOSE)'));
    return { ok: true, value: undefined };
  } catch (e) {
    return fail(exceptionFailure('postCloseMessage', e));
  }
}

/** Whether a window is visible and whether it is minimised (for the listing). */
export function windowState(handle: number): { visible: boolean; minimized: boolean } {
  const u = user32WindowControl();
  return { visible: u.IsWindowVisible(handle) !== 0, minimized: u.IsIconic(handle) !== 0 };
}
