/**
 * The engine process (Electron utilityProcess): owns the native bindings and answers the contract's
 * engine channels. The main process kills and restarts it when a call hangs.
 */
import { createEngine } from '../../core/engine';
import { createOsApi } from '../../native-bindings';
import { isChannel } from '../shared/contract';
import { dispatchEngine, isEngineChannel, type Emit } from '../shared/dispatch';
import { appExecutable } from './app-executable';
import type { EngineMessage, EngineRequest } from './engine-client';

const port = process.parentPort;
const post = (m: EngineMessage) => port.postMessage(m);
const emit: Emit = (event, payload) => post({ event, payload });
const engine = createEngine(createOsApi(), {
  onWatchEvent: (event) => emit('watch.event', event),
  // A "launch N" shortcut starts this app with --launch, which launches without opening the window;
  // the portable build's exe, not its copy unpacked in %TEMP% that is gone after it quits.
  launcher: { target: appExecutable(), argsFor: (preset, count) => ['--launch', preset, '-n', String(count)] },
});

port.on('message', (e: { data: unknown }) => {
  const req = e.data as Partial<EngineRequest> | null;
  if (!req || typeof req.id !== 'number' || !isChannel(req.channel) || !isEngineChannel(req.channel)) return;
  const id = req.id;
  void dispatchEngine(engine, req.channel, req.payload, emit).then((result) => post({ id, result }));
});
