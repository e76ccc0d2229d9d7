/** Preload (sandboxed): exposes the typed contract API as `window.multiopen`. */
import { contextBridge } from 'electron';
import { PRELOAD_GLOBAL } from '../shared/contract';
import { api } from './ipc';

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, {
  invoke: api.invoke,
  on: api.on,
});
