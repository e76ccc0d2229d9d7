/** An in-process MultiopenApi over the real engine on the demo machine, through the real contract dispatcher, recording every call. */
import type { EngineError, PresetView } from '../../core/model';
import type { Channel, EventMap, EventName, MultiopenApi, RequestOf, ResponseOf } from '../../electron/shared/contract';
import { dispatchEngine, isEngineChannel } from '../../electron/shared/dispatch';
import { createFakeEngine, type FakeEngine, type FakeEngineOptions } from '../e2e/fake-engine';

/** A recorded call. */
export interface Call {
  channel: Channel;
  payload: unknown;
}

/** The fake API plus test controls. */
export interface FakeApi extends MultiopenApi {
  calls: Call[];
  /** The real engine; `engine.os` is the demo machine under it, for tests that change the world under the UI. */
  engine: FakeEngine;
  /** Makes the next calls of a channel fail with this error. */
  failWith(channel: Channel, error: EngineError): void;
  callsOf(channel: Channel): unknown[];
  /** Sends a host → UI event, as the engine host would. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

/** Options of the fake API: the demo engine's, and which built-in presets the UI is shown. */
export interface FakeApiOptions extends FakeEngineOptions {
  /**
   * Ids of the built-in presets `presets.list` returns (saved presets are always listed); all when absent.
   * Whole-app tests list only those they use: every preset card re-renders with the app, and costs time.
   */
  builtins?: readonly string[];
}

// Engines made for the current test, shut down after it (their watchers would go on looking).
const live = new Set<FakeEngine>();

/** Stops the watchers of every engine made since the last call (setup.ts, after each test). */
export async function shutdownFakeApis(): Promise<void> {
  const engines = [...live];
  live.clear();
  await Promise.all(engines.map((e) => e.shutdown()));
}

/** Creates the fake API: quick timings, apps that start in 1 ms. */
export function createFakeApi(options: FakeApiOptions = {}): FakeApi {
  const { builtins, ...engineOptions } = options;
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const engine = createFakeEngine({ quick: true, startDelayMs: 1, onWatchEvent: (e) => emit('watch.event', e), ...engineOptions });
  live.add(engine);
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
      if (isEngineChannel(channel)) {
        const outcome = await dispatchEngine(engine, channel, payload, emit);
        if (channel === 'presets.list' && builtins && outcome.ok) {
          const listed = (outcome.value as PresetView[]).filter((p) => p.origin === 'user' || builtins.includes(p.id));
          return { ok: true, value: listed } as ResponseOf<C>;
        }
        return outcome as ResponseOf<C>;
      }
      // The browser host's answer: it cannot open a folder, so it says where the logs are.
      if (channel === 'app.openLogFolder') return { ok: true, value: { folder: 'C:\\Users\\me\\AppData\\Roaming\\Multiopen\\logs', opened: false } } as ResponseOf<C>;
      if (channel === 'app.info') return { ok: true, value: { shell: 'browser', canRestartElevated: false, version: 'test' } } as ResponseOf<C>;
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
