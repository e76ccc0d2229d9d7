/**
 * The window side of the fake OS: titles that can be set, minimised windows that can be restored, the
 * foreground window, and WM_CLOSE, whose default handling destroys the window (a process whose last
 * window is destroyed exits, like a GUI app's message loop ending) unless the app ignores it.
 */
import type { OsResult, WindowInfo } from '../os-api';

const gone = <T>(): OsResult<T> => ({ ok: false, failure: { kind: 'win32', code: 1400, call: 'IsWindow' } });
const done = <T>(value: T): OsResult<T> => ({ ok: true, value });

/** Acts on the fake processes' windows. */
export class FakeDesktop {
  /** The foreground window (0: none), as SetForegroundWindow leaves it. */
  foreground = 0;
  /** PIDs whose windows ignore WM_CLOSE (an app that hides to the tray or asks first). */
  readonly ignoresClose = new Set<number>();

  constructor(
    private readonly windows: Map<number, WindowInfo[]>,
    private readonly kill: (pid: number) => void,
    private readonly calls: string[],
  ) {}

  /** The window with this handle and the process it belongs to. */
  private find(handle: number): { pid: number; window: WindowInfo } | null {
    for (const [pid, list] of this.windows) for (const window of list) if (window.handle === handle) return { pid, window };
    return null;
  }

  /** WM_SETTEXT. */
  setTitle(handle: number, title: string): OsResult<void> {
    this.calls.push(`setWindowTitle 0x${handle.toString(16)}`);
    const found = this.find(handle);
    if (!found) return gone();
    found.window.title = title;
    return done(undefined);
  }

  /** ShowWindow SW_RESTORE. */
  restore(handle: number): OsResult<void> {
    const found = this.find(handle);
    if (!found) return gone();
    found.window.minimized = false;
    found.window.visible = true;
    return done(undefined);
  }

  /** SetForegroundWindow; the fake never refuses. */
  setForeground(handle: number): OsResult<boolean> {
    if (!this.find(handle)) return gone();
    this.foreground = handle;
    return done(true);
  }

  /** PostMessageW WM_CLOSE. */
  postClose(handle: number): OsResult<void> {
    this.calls.push(`postCloseMessage 0x${handle.toString(16)}`);
    const found = this.find(handle);
    if (!found) return gone();
    if (this.ignoresClose.has(found.pid)) return done(undefined);
    const rest = (this.windows.get(found.pid) ?? []).filter((w) => w.handle !== handle);
    if (rest.length === 0) this.kill(found.pid);
    else this.windows.set(found.pid, rest);
    return done(undefined);
  }
}
