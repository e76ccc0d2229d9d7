/** An in-process MultiopenApi over the fake engine, through the real contract dispatcher, recording every call. */
import type { EngineApi, EngineError } from '../../core/model';
import type { Channel, EventMap, EventName, MultiopenApi, RequestOf, ResponseOf } from '../../electron/shared/contract';
import { dispatchEngine, isEngineChannel } from '../../electron/shared/dispatch';
import { createFakeEngine, type FakeEngineOptions } from '../e2e/fake-engine';

/** A recorded call. */
export interface Call {
  channel: Channel;
  payload: unknown;
}

/** The fake API plus test controls. */
export interface FakeApi extends MultiopenApi {
  calls: Call[];
  engine: EngineApi;
  /** Makes the next calls of a channel fail with this error. */
  failWith(channel: Channel, error: EngineError): void;
  callsOf(channel: Channel): unknown[];
  /** Sends a host → UI event, as the engine host would. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

/** Creates the fake API. */
export function createFakeApi(options: FakeEngineOptions = {}): FakeApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const engine = createFakeEngine({ stepMs: 1, onWatchEvent: (e) => emit('watch.event', e), ...options });
  const failures = new Map<Channel, EngineError>();
  const calls: Call[] = [];
  function emit<E extends keyof EventMap>(event: E, payload: EventMap[E]) {
    for (const l of listeners.get(event) ?? []) l(payload);
  }
  return {
    calls,
    engine,
    failWith: (channel, error) => failures.set(channel, error),
    callsOf: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.payload),
    emit,
    async invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      calls.push({ channel, payload });
      const failure = failures.get(channel);
      if (failure) return { ok: false, error: failure } as ResponseOf<C>;
      if (isEngineChannel(channel)) return dispatchEngine(engine, channel, payload, emit) as Promise<ResponseOf<C>>;
      if (channel === 'app.info') return { ok: true, value: { shell: 'browser', elevated: false, canRestartElevated: false, version: 'test' } } as ResponseOf<C>;
      return { ok: false, error: { code: 'UNSUPPORTED', message: 'no' } } as ResponseOf<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}
