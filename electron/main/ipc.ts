/**
 * The only main-process code that touches ipcMain: registers one handler per contract channel,
 * drops calls from senders that are not our own page, validates every payload with the channel's
 * zod schema, and sends events to the renderer.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Outcome } from '../../core/model';
import { CHANNELS, fail, parseRequest, type Channel, type EventMap, type RequestOf, type ResponseOf } from '../shared/contract';
import { isAppPage } from './web-guard';

/** A handler per channel, given the validated payload. */
export type Handlers = { [C in Channel]: (payload: RequestOf<C>, event: IpcMainInvokeEvent) => Promise<ResponseOf<C>> };

/** Decides whether an IPC message comes from our own page. */
export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>) => boolean;

/**
 * A check that accepts only the main frame of our page: a file:// URL whose path is our
 * index.html. Anything else (a navigated or injected frame, devtools extension) is dropped.
 */
export function trustedSender(indexFileUrl: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    return !!frame && frame.parent === null && isAppPage(frame.url, indexFileUrl);
  };
}

/** What happened to one IPC call, for the log. */
export type IpcLog = (entry: { channel: Channel; outcome: 'untrusted' | 'invalid' | 'ok' | 'error'; detail?: string }) => void;

/** Registers every contract channel; returns a function that removes them. */
export function registerHandlers(handlers: Handlers, isTrusted: SenderCheck, log: IpcLog = () => {}): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Outcome<unknown>> => {
      if (!isTrusted(event)) {
        log({ channel, outcome: 'untrusted', detail: event.senderFrame?.url ?? 'no frame' });
        return fail('ACCESS_DENIED', 'message from an untrusted sender dropped');
      }
      const parsed = parseRequest(channel, payload);
      if (!parsed.ok) {
        log({ channel, outcome: 'invalid', detail: parsed.error.message });
        return parsed;
      }
      try {
        const handler = handlers[channel] as (p: unknown, e: IpcMainInvokeEvent) => Promise<Outcome<unknown>>;
        const result = await handler(parsed.value, event);
        log({ channel, outcome: result.ok ? 'ok' : 'error', ...(result.ok ? {} : { detail: result.error.code }) });
        return result;
      } catch (err) {
        // A throwing handler is a bug; the renderer still gets a value, never a rejected promise.
        log({ channel, outcome: 'error', detail: String(err) });
        return fail('OS_ERROR', `internal error on ${channel}`);
      }
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Sends an event to one renderer. */
export function sendEvent<E extends keyof EventMap>(target: WebContents, event: E, payload: EventMap[E]): void {
  if (!target.isDestroyed()) target.send(event, payload);
}
