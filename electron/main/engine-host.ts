/**
 * The engine process (Electron utilityProcess): owns the native bindings and answers the contract's
 * engine channels. The main process kills and restarts it when a call hangs.
 */
import nodeLog from 'electron-log/node';
import { logWatchEvent, openFileLog, withActivityLog } from '../../core/activity-log';
import { createEngine } from '../../core/engine';
import { resolveHome } from '../../core/presets/store';
import { createOsApi } from '../../native-bindings';
import { isChannel } from '../shared/contract';
import { dispatchEngine, isEngineChannel, type Emit } from '../shared/dispatch';
import { appExecutable } from './app-executable';
import type { EngineMessage, EngineRequest } from './engine-client';

const port = process.parentPort;
const post = (m: EngineMessage) => port.postMessage(m);
const emit: Emit = (event, payload) => post({ event, payload });
// electron-log's node entry: this is a utilityProcess, where its main entry (which needs electron.app) does not work.
const log = openFileLog(nodeLog, { home: resolveHome(), name: 'engine' });
log.info(`engine started (PID ${process.pid})`);
const engine = withActivityLog(
  createEngine(createOsApi(), {
    // Labels stay in the copies' window titles while the app runs.
    keepTitles: true,
    onWatchEvent: (event) => {
      logWatchEvent(log, event);
      emit('watch.event', event);
    },
    // A "launch N" shortcut starts this app with --launch, which launches without opening the window;
    // the portable build's exe, not its copy unpacked in %TEMP% that is gone after it quits.
    launcher: { target: appExecutable(), argsFor: (preset, count) => ['--launch', preset, '-n', String(count)] },
  }),
  log,
);

port.on('message', (e: { data: unknown }) => {
  const req = e.data as Partial<EngineRequest> | null;
  if (!req || typeof req.id !== 'number' || !isChannel(req.channel) || !isEngineChannel(req.channel)) {
    log.warn(`engine message dropped: ${String(req?.channel ?? 'no channel')} is not an engine channel`);
    return;
  }
  const id = req.id;
  void dispatchEngine(engine, req.channel, req.payload, emit).then((result) => post({ id, result }));
});
