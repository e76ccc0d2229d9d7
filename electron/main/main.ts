/**
 * Electron main process: one window, our own single-instance lock, the IPC handlers, and the engine
 * in a utilityProcess that is restarted when a call hangs. `--launch PRESET -n N` launches without a window.
 */
import { app, BrowserWindow, dialog, globalShortcut, screen, session, shell, utilityProcess } from 'electron';
import { copyFolderOf } from '../shared/copy-folder';
import { CopyHotkeys, readHotkeys } from './copy-hotkeys';
import { resolveHome } from '../../core/presets/store';
import { WatchTray } from './tray';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostInfo } from '../shared/contract';
import { EngineClient } from './engine-client';
import { registerHandlers, sendEvent, trustedSender, type Handlers } from './ipc';
import { parseAppArgs } from './args';
import { loadWindowState, saveWindowState, type WindowState } from './window-state';
import { lockDown, lockDownSession, secureWebPreferences } from './web-guard';
import { ENGINE_CHANNELS, type EngineChannel } from '../shared/dispatch';
import { elevateStubPath, electronRestartDeps, restartElevated } from './elevated-restart';
import { appLog, openLogFolder } from './app-log';
import type { RequestOf } from '../shared/contract';
import type { WatchEvent } from '../../core/model';

const rendererIndex = path.join(__dirname, '..', 'renderer', 'index.html');
const indexUrl = pathToFileURL(rendererIndex).toString();
const stateFile = () => path.join(app.getPath('userData'), 'window-state.json');
let mainWindow: BrowserWindow | null = null;
let quitting = false;

const tray = new WatchTray(
  {
    show: () => focusWindow(),
    quit: () => {
      quitting = true;
      engine.dispose();
      app.quit();
    },
    setPaused: (preset, paused) => engine.call('watch.pause', { preset, paused }),
    focusCopy: (copy) => void engine.call('copies.act', { preset: copy.preset, index: copy.index, pid: copy.pid, action: 'focus' }),
  },
  app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en',
  path.join(__dirname, '..', 'renderer', 'icon.png'),
);

const engine = new EngineClient({
  spawn: () => utilityProcess.fork(path.join(__dirname, 'engine-host.cjs'), [], { serviceName: 'Multiopen engine', stdio: 'inherit' }),
  onEvent: (event, payload) => {
    if (event === 'watch.event') tray.onWatchEvent(payload as WatchEvent);
    for (const w of BrowserWindow.getAllWindows()) sendEvent(w.webContents, event, payload);
  },
  onRestart: (reason) => {
    appLog.warn(`engine restarted: ${reason}`);
    void restoreWatchers();
  },
});

/** A restarted engine has no watchers: start again the ones the user had, as they were (paused or not). */
async function restoreWatchers(): Promise<void> {
  const before = tray.watchers;
  tray.setStates([]);
  for (const w of before) {
    const started = await engine.call('watch.start', { preset: w.presetId, ...(w.keep !== null ? { keep: w.keep } : {}) });
    if (started.ok && w.paused) await engine.call('watch.pause', { preset: w.presetId, paused: true });
    if (!started.ok) appLog.warn(`could not restore the ${w.presetId} watcher: ${started.error.code} (${started.error.message})`);
  }
}

const viaEngine = <C extends EngineChannel>(channel: C) => (payload: RequestOf<C>) => engine.call(channel, payload);

/** Every engine channel goes straight to the engine; the entries below it are the host's own or need the host too. */
// One cast where the per-channel types meet a runtime list: each entry is viaEngine(its own channel).
const forwardedToEngine = Object.fromEntries(ENGINE_CHANNELS.map((channel) => [channel, viaEngine(channel)])) as unknown as { [C in EngineChannel]: Handlers[C] };

const handlers: Handlers = {
  ...forwardedToEngine,
  'watch.stop': async (payload) => {
    // Forget first: if the engine has to be restarted meanwhile, the stopped watcher must not come back.
    tray.forget(payload.preset.toLowerCase());
    return engine.call('watch.stop', payload);
  },
  'app.info': async () => ({ ok: true, value: hostInfo() }),
  // The stub runs as our child so its exit code says what happened; we quit only when an elevated copy of us started.
  'app.restartAsAdmin': () => restartElevated(electronRestartDeps(app)),
  'app.openLogFolder': () => openLogFolder(),
  'copies.openFolder': async ({ preset, index }) => {
    const folder = copyFolderOf(await engine.call('copies.list', { preset }), preset, index);
    if (!folder.ok) return folder;
    // openPath answers an error text, empty when the folder was opened.
    const problem = fs.existsSync(folder.value) ? await shell.openPath(folder.value) : 'it does not exist (yet)';
    return problem ? { ok: false, error: { code: 'FILE_ERROR', message: `cannot open ${folder.value}: ${problem}` } } : { ok: true, value: { folder: folder.value, opened: true } };
  },
};

function hostInfo(): HostInfo {
  return { shell: 'electron', canRestartElevated: process.platform === 'win32' && fs.existsSync(elevateStubPath()), version: app.getVersion() };
}

function createWindow(): BrowserWindow {
  const state = loadWindowState(stateFile(), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Multiopen',
    icon: path.join(__dirname, '..', 'renderer', 'icon.png'),
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(path.join(__dirname, 'preload.cjs')),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    const next: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
    saveWindowState(stateFile(), next);
  };
  win.on('close', (e) => {
    remember();
    // While auto-unlock watches, closing the window keeps Multiopen in the tray (Quit is in the tray menu).
    if (tray.active && !quitting) {
      e.preventDefault();
      win.hide();
    }
  });
  void win.loadFile(rendererIndex);
  return win;
}

async function runLaunchCommand(preset: string, count: number): Promise<number> {
  const launchId = `cli${Date.now().toString(36)}`;
  const r = await engine.call('instances.launch', { target: { preset, count }, launchId });
  if (!r.ok) {
    console.error(`multiopen: ${r.error.message} [${r.error.code}]`);
    return 1;
  }
  console.log(JSON.stringify(r.value));
  return r.value.failed.length === 0 ? 0 : 1;
}

/** The tray lists the running copies by label (refreshed every few seconds); configured hotkeys bring a copy to the front. */
function startCopyShortcuts(): void {
  const refresh = async () => {
    const r = await engine.call('copies.list', {});
    if (r.ok) tray.setCopies(r.value);
  };
  void refresh();
  setInterval(() => void refresh(), 5_000).unref();
  const hotkeys = new CopyHotkeys(globalShortcut, (preset, index) => void engine.call('copies.act', { preset, index, action: 'focus' }));
  const configured = readHotkeys(resolveHome());
  const report = hotkeys.apply(configured.hotkeys, configured.invalid);
  for (const c of report.conflicts) appLog.warn(`hotkey ${c.accelerator} for ${c.preset} copy ${c.index} is taken by another program; it was not registered`);
  for (const i of report.invalid) appLog.warn(`hotkey not registered: ${i}`);
  app.on('will-quit', () => hotkeys.clear());
}

function focusWindow(): void {
  if (!mainWindow) {
    mainWindow = createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function start(): void {
  const command = parseAppArgs(process.argv);
  if (!app.requestSingleInstanceLock({ command })) {
    // The first instance gets our argv through 'second-instance' and does the work.
    app.quit();
    return;
  }
  app.on('second-instance', (_e, argv) => {
    const second = parseAppArgs(argv);
    if (second.kind === 'launch') void runLaunchCommand(second.preset, second.count);
    else focusWindow();
  });
  app.on('web-contents-created', (_e, contents) => lockDown(contents, indexUrl));
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => {
    engine.dispose();
    app.quit();
  });

  void app.whenReady().then(async () => {
    lockDownSession(session.defaultSession);
    registerHandlers(handlers, trustedSender(indexUrl), (entry) => {
      if (entry.outcome === 'untrusted' || entry.outcome === 'invalid') appLog.warn(`ipc ${entry.channel} dropped: ${entry.outcome} ${entry.detail ?? ''}`.trimEnd());
    });
    if (command.kind === 'error') {
      dialog.showErrorBox('Multiopen', command.message);
      app.exit(2);
      return;
    }
    if (command.kind === 'launch') {
      const code = await runLaunchCommand(command.preset, command.count);
      engine.dispose();
      app.exit(code);
      return;
    }
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
    tray.create();
    startCopyShortcuts();
  });
}

start();
