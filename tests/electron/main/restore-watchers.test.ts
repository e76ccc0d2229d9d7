// electron/main/main.ts with electron mocked and the engine process played by the real core engine over
// the fake OS: when the engine dies and is started again, the user's watchers come back as they were.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Outcome, WatchState } from '../../../core/model';
import type { EngineRequest } from '../../../electron/main/engine-client';

type Listener = (...args: never[]) => void;

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  loaded: [] as string[],
  children: [] as { crash(code: number): Promise<void>; received: string[] }[],
}));

vi.mock('electron', async () => {
  const { FakeOsApi } = await import('../../../native-bindings/fake/fake-os-api');
  const { createEngine } = await import('../../../core/engine');
  const { dispatchEngine } = await import('../../../electron/shared/dispatch');
  const fakeOs = new FakeOsApi();
  const dir = 'C:\\Program Files\\Tencent\\WeChat';
  fakeOs.setRegistry('HKCU', 'Software\\Tencent\\WeChat', 'InstallPath', dir);
  fakeOs.installProgram(`${dir}\\WeChat.exe`, { guards: [['Mutant', '\\Sessions\\1\\BaseNamedObjects\\_WeChat_App_Instance_Identity_Mutex_Name']] });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-restore-'));
  const watchTiming = { intervalMs: 20, retryAfterFailureMs: 60_000, launch: { pollMs: 5, guardTimeoutMs: 1_000, settleMs: 20 } };

  /** One engine process: a fresh engine (no watchers) over the same machine and presets folder. */
  class EngineChild {
    readonly received: string[] = [];
    private readonly listeners = { message: [] as Listener[], exit: [] as Listener[] };
    private readonly engine = createEngine(fakeOs, { home, watchTiming, onWatchEvent: (event) => this.emit('message', { event: 'watch.event', payload: event }) });
    private dead = false;
    on(event: 'message' | 'exit', listener: Listener) {
      this.listeners[event].push(listener);
      return this;
    }
    postMessage(message: unknown) {
      const req = message as EngineRequest;
      this.received.push(`${req.channel} ${JSON.stringify(req.payload)}`);
      void dispatchEngine(this.engine, req.channel, req.payload, () => {}).then((result) => this.emit('message', { id: req.id, result }));
    }
    kill() {
      void this.crash(0);
      return true;
    }
    async crash(code: number) {
      if (this.dead) return;
      this.dead = true;
      await this.engine.shutdown();
      for (const l of this.listeners.exit) (l as (c: number) => void)(code);
    }
    private emit(event: 'message', payload: unknown) {
      if (this.dead) return;
      for (const l of this.listeners[event]) (l as (m: unknown) => void)(payload);
    }
  }

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
      requestSingleInstanceLock: () => true,
      releaseSingleInstanceLock: () => {},
      on: () => {},
      whenReady: () => Promise.resolve(),
      quit: () => {},
      exit: () => {},
    },
    BrowserWindow,
    dialog: { showErrorBox: () => {} },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {}, on: () => {} } },
    shell: { openExternal: async () => {}, openPath: async () => '' },
    globalShortcut: { register: () => true, unregister: () => {} },
    utilityProcess: {
      fork: () => {
        const child = new EngineChild();
        h.children.push(child);
        return child;
      },
    },
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

// The main process logs to <MULTIOPEN_HOME>/logs/app.log.
const logHome = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-restore-log-'));
process.env.MULTIOPEN_HOME = logHome;
await import('../../../electron/main/main');
await vi.waitFor(() => expect(h.loaded).toHaveLength(1));
const page = { senderFrame: { parent: null, url: pathToFileURL(h.loaded[0]!).toString() }, sender: {} };

/** Calls a channel the way our page does. */
async function call<T>(channel: string, payload: unknown): Promise<Outcome<T>> {
  return (await h.handlers.get(channel)!(page, payload)) as Outcome<T>;
}

const brief = (states: WatchState[]) => states.map((s) => ({ preset: s.presetId, keep: s.keep, paused: s.paused })).sort((a, b) => a.preset.localeCompare(b.preset));

describe('restoring watchers after the engine restarts', () => {
  it('starts every watcher the user had again in the new engine, paused ones paused, with their keep count', async () => {
    expect(await call('watch.start', { preset: 'wechat', keep: 2 })).toMatchObject({ ok: true });
    expect(await call('watch.start', { preset: 'wxwork' })).toMatchObject({ ok: true });
    expect(await call('watch.pause', { preset: 'wxwork', paused: true })).toMatchObject({ ok: true, value: { paused: true } });
    // Nothing of DingTalk runs: its watcher has nothing to report, but it was started all the same.
    expect(await call('watch.start', { preset: 'dingtalk' })).toMatchObject({ ok: true });
    const before = await call<WatchState[]>('watch.list', {});
    const expected = [
      { preset: 'dingtalk', keep: null, paused: false },
      { preset: 'wechat', keep: 2, paused: false },
      { preset: 'wxwork', keep: null, paused: true },
    ];
    expect(before.ok && brief(before.value)).toEqual(expected);
    expect(h.children).toHaveLength(1);

    await h.children[0]!.crash(3);
    await vi.waitFor(async () => {
      expect(h.children).toHaveLength(2);
      const after = await call<WatchState[]>('watch.list', {});
      expect(after.ok && brief(after.value)).toEqual(expected);
    });
    expect(h.children[1]!.received.filter((r) => r.startsWith('watch.start')).sort()).toEqual([
      'watch.start {"preset":"dingtalk"}',
      'watch.start {"preset":"wechat","keep":2}',
      'watch.start {"preset":"wxwork"}',
    ]);
  });

  it('does not bring back a watcher the user stopped', async () => {
    expect(await call('watch.stop', { preset: 'wxwork' })).toMatchObject({ ok: true });
    await h.children[1]!.crash(3);
    await vi.waitFor(async () => {
      expect(h.children).toHaveLength(3);
      const after = await call<WatchState[]>('watch.list', {});
      expect(after.ok && brief(after.value)).toEqual([
        { preset: 'dingtalk', keep: null, paused: false },
        { preset: 'wechat', keep: 2, paused: false },
      ]);
    });
    expect(h.children[2]!.received.some((r) => r.includes('wxwork'))).toBe(false);
    expect(fs.readFileSync(path.join(logHome, 'logs', 'app.log'), 'utf8')).toMatch(/\[warn\] +engine restarted: the engine exited \(code 3\)/);
    await h.children[2]!.crash(0);
  });
});
