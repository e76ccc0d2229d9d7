/** The only preload code that touches ipcRenderer: the contract's invoke/on, limited to its names. */
import { ipcRenderer } from 'electron';
import { fail, isChannel, isEventName, type MultiopenApi } from '../shared/contract';

/** The API exposed to the page, derived from the contract. */
export const api: MultiopenApi = {
  invoke(channel, payload) {
    // The page may be compromised; refuse names outside the contract before they reach main.
    if (!isChannel(channel)) return Promise.resolve(fail('USAGE', 'unknown channel') as never);
    return ipcRenderer.invoke(channel, payload);
  },
  on(event, listener) {
    if (!isEventName(event)) return () => {};
    // Hand the page only the payload, never the IpcRendererEvent (it exposes `sender`).
    const wrapped = (_e: unknown, payload: unknown) => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};
