// electron/main/main.ts with electron mocked: the "Restart as administrator" channel runs the elevation stub
// through restartElevated with Electron's own app (its lock, its quit), only the stub's run and the
// platform faked. Multiopen quits only when the stub says an elevated copy started as this account.
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../../core/model';
import type { RestartDeps } from '../../../electron/main/elevated-restart';

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  loaded: [] as string[],
  events: [] as string[],
  stubExit: 0 as number | null,
}));

vi.mock('../../../electron/main/elevated-restart', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../electron/main/elevated-restart')>();
  return {
    ...real,
    // The real dependencies (Electron's lock and quit, the packaged stub's path), on "Windows", with the stub's run faked.
    electronRestartDeps: (app: Parameters<typeof real.electronRestartDeps>[0]): RestartDeps => ({
      ...real.electronRestartDeps(app),
      platform: 'win32',
      exists: () => true,
      run: async (file, args) => (h.events.push(`run ${file.replace(/\\/g, '/').split('/').slice(-2).join('/')} ${args[0] ?? ''}`), h.stubExit),
    }),
  };
});

// The log is not what this test is about (and its library needs a real Electron).
vi.mock('../../../electron/main/app-log', () => ({ appLog: { warn: () => {}, info: () => {}, error: () => {} }, openLogFolder: async () => ({ ok: true, value: { folder: '', opened: true } }) }));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { isDestroyed: () => false, send: () => {} };
    maximize() {}
    once() {}
    on() {}
    loadFile(file: string) {
      h.loaded.push(file);
      return Promise.resolve();
    }
  }
  return {
    app: {
      getLocale: () => 'en-US',
      getPath: () => '/nonexistent-multiopen-test',
      getVersion: () => '0.0.0',
      requestSingleInstanceLock: () => (h.events.push('lock'), true),
      releaseSingleInstanceLock: () => void h.events.push('release'),
      on: () => {},
      whenReady: () => Promise.resolve(),
      quit: () => void h.events.push('quit'),
      exit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: () => {} },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, on: () => {} } },
    shell: { openExternal: async () => {}, openPath: async () => (h.events.push('openPath'), '') },
    utilityProcess: { fork: () => ({ on() {}, postMessage() {}, kill: () => true }) },
    globalShortcut: { register: () => true, unregister: () => {} },
    ipcMain: { handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => void h.handlers.set(channel, fn), removeHandler: () => {} },
    Menu: { buildFromTemplate: (t: unknown) => t },
    Tray: class {
      on() {}
      setToolTip() {}
      setContextMenu() {}
    },
    nativeImage: { createFromPath: () => ({}) },
  };
});

vi.spyOn(console, 'warn').mockImplementation(() => {});
await import('../../../electron/main/main');
await vi.waitFor(() => expect(h.loaded).toHaveLength(1));
const page = { senderFrame: { parent: null, url: pathToFileURL(h.loaded[0]!).toString() }, sender: {} };

/** Asks for the restart the way our page does, with the stub exiting `code`. */
async function restart(code: number | null): Promise<Outcome<{ restarting: true; otherAccount?: true }>> {
  h.stubExit = code;
  h.events.length = 0;
  return (await h.handlers.get('app.restartAsAdmin')!(page, {})) as Outcome<{ restarting: true; otherAccount?: true }>;
}

describe('Restart as administrator, wired', () => {
  it('runs the packaged stub, and keeps running, holding its lock again, when the stub fails', async () => {
    vi.useFakeTimers();
    try {
      for (const [code, expected] of [
        [2, 'EXE_NOT_FOUND'],
        [3, 'LAUNCH_FAILED'],
        [4, 'ACCESS_DENIED'],
      ] as const) {
        const r = await restart(code);
        expect(r).toMatchObject({ ok: false, error: { code: expected } });
        await vi.advanceTimersByTimeAsync(1000);
        expect(h.events).toEqual(['release', 'run elevate/multiopen-elevate.exe --target', 'lock']);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('says the elevated copy runs as another account, and stays open', async () => {
    vi.useFakeTimers();
    try {
      expect(await restart(6)).toEqual({ ok: true, value: { restarting: true, otherAccount: true } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.events).not.toContain('quit');
      expect(h.events.at(-1)).toBe('lock');
    } finally {
      vi.useRealTimers();
    }
  });

  it('quits once the elevated copy started as this account', async () => {
    vi.useFakeTimers();
    try {
      expect(await restart(0)).toEqual({ ok: true, value: { restarting: true } });
      await vi.advanceTimersByTimeAsync(1000);
      expect(h.events).toEqual(['release', 'run elevate/multiopen-elevate.exe --target', 'quit']);
    } finally {
      vi.useRealTimers();
    }
  });
});
