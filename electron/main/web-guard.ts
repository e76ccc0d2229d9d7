/**
 * What a page in our window may do: show our own index.html and nothing else. It gets no Node, runs
 * sandboxed, reaches the engine only through the preload bridge, cannot navigate away, open windows,
 * attach webviews or hand a URL to the system (nothing in the UI links out, so there is no
 * shell.openExternal at all), gets no permission, and may download only the blobs it made itself.
 */
import type { Session, WebContents, WebPreferences } from 'electron';

/** webPreferences of every window we open. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** True when `url` is our page: a file URL of the same host and path as `indexFileUrl` (query and hash aside). */
export function isAppPage(url: string, indexFileUrl: string): boolean {
  let actual: URL;
  try {
    actual = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(indexFileUrl);
  const path = (u: URL) => {
    try {
      return decodeURIComponent(u.pathname);
    } catch {
      return null;
    }
  };
  return actual.protocol === 'file:' && actual.host === expected.host && path(actual) !== null && path(actual) === path(expected);
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Keeps a WebContents on our page: navigations elsewhere, redirects, webviews and pop-ups are refused. */
export function lockDown(contents: Guarded, indexFileUrl: string): void {
  const stayHome = (e: { url: string; preventDefault(): void }) => {
    if (!isAppPage(e.url, indexFileUrl)) e.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-frame-navigate', (e) => {
    // Our page has no frames (its CSP allows none): a frame that navigates was injected.
    if (!e.isMainFrame) e.preventDefault();
    else stayHome(e);
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'on'>;

/** No camera, notifications or any other permission; downloads only of blob: URLs (the presets export). */
export function lockDownSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // The presets export is a blob: URL the page made itself (an <a download> click, which the CSP does
  // not restrict). Anything else is cancelled; Electron asks where to save.
  session.on('will-download', (_e, item) => {
    if (!item.getURL().startsWith('blob:')) return item.cancel();
    item.setSaveDialogOptions({ title: 'Multiopen', defaultPath: item.getFilename(), filters: [{ name: 'JSON', extensions: ['json'] }] });
  });
}
