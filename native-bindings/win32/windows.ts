/**
 * Top-level windows of a process (EnumWindows, then GetWindowThreadProcessId, GetClassNameW and
 * GetWindowTextW per window): the hint learning and check give when no named object explains why an app
 * refuses a second copy (it may look for its first copy's window), and a readiness signal for launches.
 */
import type { OsResult, WindowInfo } from '../os-api';
import { exceptionFailure, fail, win32Failure } from './status';
import { user32Windows } from './user32-windows';
import { windowState } from './windows-control';

/** Class names are at most 256 characters (WNDCLASS lpszClassName). */
const CLASS_CHARS = 257;
/** Titles are cut here: enough to tell windows apart. */
const TITLE_CHARS = 512;

/** Reads a UTF-16 result of `chars` characters from a buffer a user32 call filled. */
function text(buf: Buffer, chars: number): string {
  return chars > 0 ? buf.toString('utf16le', 0, chars * 2) : '';
}

/** The top-level windows whose thread belongs to `pid`, in Z order. */
export function listTopLevelWindows(pid: number): OsResult<WindowInfo[]> {
  try {
    const u = user32Windows();
    const handles: number[] = [];
    // The callback is transient: EnumWindows calls it only while it runs, on this thread.
    const listed = u.EnumWindows((hwnd) => {
      const owner: [number] = [0];
      if (u.GetWindowThreadProcessId(hwnd, owner) !== 0 && owner[0] === pid) handles.push(hwnd);
      return 1;
    }, 0);
    if (!listed) return fail(win32Failure('EnumWindows'));
    const windows = handles.map((handle): WindowInfo => {
      const cls = Buffer.alloc(CLASS_CHARS * 2);
      const title = Buffer.alloc(TITLE_CHARS * 2);
      return { handle, className: text(cls, u.GetClassNameW(handle, cls, CLASS_CHARS)), title: text(title, u.GetWindowTextW(handle, title, TITLE_CHARS)), ...windowState(handle) };
    });
    return { ok: true, value: windows };
  } catch (e) {
    return fail(exceptionFailure('listTopLevelWindows', e));
  }
}
