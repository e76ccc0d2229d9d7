// electron/main/main.ts as Electron would run it, with electron mocked: the window it opens is
// sandboxed without Node, and every WebContents is locked to our page with no way out to the shell.
import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as { options: { webPreferences?: Record<string, unknown> }; loaded: string[] }[],
  openExternal: vi.fn(async () => {}),
  openPath: vi.fn(async () => ''),
  sessionHandlers: {} as Record<string, unknown>,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { isDestroyed: () => false, send: () => {} };
    readonly record: { options: { webPreferences?: Record<string, unknown> }; loaded: string[] };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      this.record = { options, loaded: [] };
      h.windows.push(this.record);
    }
    maximize() {}
    once() {}
    on() {}
    loadFile(file: string) {
      this.record.loaded.push(file);
      return Promise.resolve();
    }
  }
  const listeners = () => ({ on: () => {}, setToolTip: () => {}, setContextMenu: () => {} });
  return {
    app: {
      getLocale: () => 'en-US',
      getPath: () => '/nonexistent-multiopen-test',
      getVersion: () => '0.0.0',
      requestSingleInstanceLock: () => true,
      releaseSingleInstanceLock: () => {},
      on: (event: string, fn: (...args: unknown[]) => void) => void h.appListeners.set(event, fn),
      whenReady: () => Promise.resolve(),
      quit: () => {},
      exit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: () => {} },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: unknown) => void (h.sessionHandlers.request = fn),
        setPermissionCheckHandler: (fn: unknown) => void (h.sessionHandlers.check = fn),
        on: (event: string, fn: unknown) => void (h.sessionHandlers[event] = fn),
      },
    },
    shell: { openExternal: h.openExternal, openPath: h.openPath },
    utilityProcess: { fork: () => ({ on: () => {}, postMessage: () => {}, kill: () => true }) },
    globalShortcut: { register: () => true, unregister: () => {} },
    ipcMain: { handle: () => {}, removeHandler: () => {} },
    Menu: { buildFromTemplate: (t: unknown) => t },
    Tray: class {
      constructor() {
        Object.assign(this, listeners());
      }
    },
    nativeImage: { createFromPath: () => ({}) },
  };
});

await import('../../../electron/main/main');
await vi.waitFor(() => expect(h.windows).toHaveLength(1));

describe('the desktop window', () => {
  it('runs our page sandboxed, isolated and without Node', () => {
    const prefs = h.windows[0]!.options.webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(h.windows[0]!.loaded[0]).toMatch(/renderer[\\/]index\.html$/);
  });

  it('locks every WebContents to our page: no navigation away, no pop-up, no external link', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => unknown) | undefined;
    const contents = { on: (e: string, fn: (...args: unknown[]) => void) => void listeners.set(e, fn), setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => void (openHandler = fn) };
    h.appListeners.get('web-contents-created')!({}, contents);
    const prevented = (event: string, url: string) => {
      const e = { url, isMainFrame: true, preventDefault: vi.fn() };
      listeners.get(event)!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    for (const url of ['https://evil.example/', 'https://github.com/multiopen', 'file:///C:/Windows/System32/calc.exe']) expect(openHandler!({ url })).toEqual({ action: 'deny' });
    expect(h.openExternal).not.toHaveBeenCalled();
  });

  it('grants the page no permission', () => {
    const granted = vi.fn();
    (h.sessionHandlers.request as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'notifications', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect((h.sessionHandlers.check as () => boolean)()).toBe(false);
  });
});
