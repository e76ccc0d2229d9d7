// The window's lock-down (electron/main/web-guard.ts), with electron mocked: our page only, no pop-ups,
// no external links, no Node in the page, no permissions, downloads only the page's own blobs.
import { describe, expect, it, vi } from 'vitest';

const openExternal = vi.fn();
vi.mock('electron', () => ({ shell: { openExternal } }));

const { isAppPage, lockDown, lockDownSession, secureWebPreferences } = await import('../../../electron/main/web-guard');

const INDEX = 'file:///C:/Program%20Files/Multiopen/resources/app.asar/dist/renderer/index.html';

/** A WebContents double that records its listeners and window-open handler. */
function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  return {
    on: (event: string, fn: (...args: unknown[]) => void) => void listeners.set(event, fn),
    setWindowOpenHandler: (fn: (details: { url: string }) => { action: string }) => void (openHandler = fn),
    /** Fires a navigation-like event; returns true when it was prevented. */
    fire(event: string, details: Record<string, unknown>) {
      const e = { ...details, preventDefault: vi.fn() };
      listeners.get(event)?.(e, details.url);
      return e.preventDefault.mock.calls.length > 0;
    },
    open: (url: string) => openHandler?.({ url }),
    listens: (event: string) => listeners.has(event),
  };
}

describe('isAppPage', () => {
  it('is our index.html as a file URL, nothing else', () => {
    expect(isAppPage(INDEX, INDEX)).toBe(true);
    expect(isAppPage(`${INDEX}#x`, INDEX)).toBe(true);
    expect(isAppPage('file:///C:/Program Files/Multiopen/resources/app.asar/dist/renderer/index.html', INDEX)).toBe(true);
    for (const url of ['https://evil.example/', 'file:///C:/Users/me/Downloads/index.html', 'file://evil/C:/Program%20Files/Multiopen/resources/app.asar/dist/renderer/index.html', 'http://127.0.0.1/index.html', 'javascript:alert(1)', 'not a url', '']) {
      expect(isAppPage(url, INDEX), url).toBe(false);
    }
  });
});

describe('lockDown', () => {
  it('lets the window navigate to our own page only', () => {
    const c = fakeContents();
    lockDown(c as never, INDEX);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(c.fire(event, { url: 'https://evil.example/', isMainFrame: true }), event).toBe(true);
      expect(c.fire(event, { url: 'file:///C:/Users/me/Downloads/page.html', isMainFrame: true }), event).toBe(true);
      expect(c.fire(event, { url: INDEX, isMainFrame: true }), event).toBe(false);
    }
    // A frame inside our page is never navigated anywhere (the page has none).
    expect(c.fire('will-frame-navigate', { url: INDEX, isMainFrame: false })).toBe(true);
    expect(c.fire('will-attach-webview', {})).toBe(true);
  });

  it('opens no window and hands no link to the system browser', () => {
    const c = fakeContents();
    lockDown(c as never, INDEX);
    for (const url of ['https://evil.example/', 'https://github.com/', INDEX, 'file:///C:/Windows/System32/calc.exe', 'ms-settings:', 'mailto:a@b.c']) {
      expect(c.open(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });
});

describe('secureWebPreferences', () => {
  it('keeps Node out of the page and isolates the preload', () => {
    const prefs = secureWebPreferences('C:/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: 'C:/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('lockDownSession', () => {
  it('grants no permission and lets only blob: downloads through', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (fn: never) => void (handlers.request = fn),
      setPermissionCheckHandler: (fn: never) => void (handlers.check = fn),
      on: (event: string, fn: never) => void (handlers[event] = fn),
    };
    lockDownSession(session as never);
    const granted = vi.fn();
    (handlers.request as (wc: unknown, perm: string, cb: (ok: boolean) => void) => void)({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect((handlers.check as () => boolean)()).toBe(false);
    const item = (url: string) => ({ getURL: () => url, getFilename: () => 'multiopen-presets.json', cancel: vi.fn(), setSaveDialogOptions: vi.fn() });
    const blob = item('blob:file:///0b7c');
    const remote = item('https://evil.example/x.exe');
    const download = handlers['will-download'] as (e: unknown, i: unknown) => void;
    download({}, blob);
    download({}, remote);
    expect(blob.cancel).not.toHaveBeenCalled();
    expect(blob.setSaveDialogOptions).toHaveBeenCalled();
    expect(remote.cancel).toHaveBeenCalled();
  });
});
