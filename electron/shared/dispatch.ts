/**
 * Maps the contract's engine channels onto `EngineApi` calls. Shared by the Electron engine host and
 * the browser-mode HTTP server so both answer every channel the same way.
 */
import type { EngineApi } from '../../core/model';
import { fail, parseRequest, type Channel, type EventMap, type RequestOf, type ResponseOf } from './contract';

/** Channels the host shell answers itself (window, elevation); every other channel is the engine's. */
export const HOST_CHANNELS = ['app.info', 'app.restartAsAdmin', 'app.openLogFolder', 'copies.openFolder'] as const satisfies readonly Channel[];

/** A channel answered by the engine. */
export type EngineChannel = Exclude<Channel, (typeof HOST_CHANNELS)[number]>;

/** Sends a host → UI event. */
export type Emit = <E extends keyof EventMap>(event: E, payload: EventMap[E]) => void;

/**
 * Validates `payload` and calls the engine. An exception from the engine is a bug, but it is still
 * answered as an OS_ERROR value so one bad call cannot take the UI down.
 */
export async function dispatchEngine<C extends EngineChannel>(
  engine: EngineApi,
  channel: C,
  payload: unknown,
  emit: Emit,
): Promise<ResponseOf<C>> {
  const parsed = parseRequest(channel, payload);
  if (!parsed.ok) return parsed as ResponseOf<C>;
  try {
    return await call(engine, channel, parsed.value, emit);
  } catch (err) {
    return fail('OS_ERROR', `engine error on ${channel}: ${err instanceof Error ? err.message : String(err)}`) as ResponseOf<C>;
  }
}

/** How the engine answers each of its channels: one entry per channel, typed from the contract, so a payload needs no cast. */
type EngineHandlers = { [C in EngineChannel]: (engine: EngineApi, req: RequestOf<C>, emit: Emit) => Promise<ResponseOf<C>> };

const ENGINE_HANDLERS: EngineHandlers = {
  'processes.list': (engine, req) => engine.listProcesses(req),
  'handles.list': (engine, req) => engine.listHandles(req),
  'handles.close': (engine, req) => engine.closeHandle(req),
  'guards.unlock': (engine, req) => engine.unlock(req),
  'instances.launch': (engine, { target, launchId }, emit) => engine.launch(target, (progress) => emit('launch.progress', { launchId, progress })),
  'presets.list': (engine) => engine.listPresets(),
  'presets.save': (engine, req) => engine.savePreset(req),
  'presets.remove': (engine, req) => engine.removePreset(req.id),
  'presets.review': (engine, req) => engine.reviewImport(req.document),
  'presets.import': (engine, req) => engine.importPresets(req.document, { confirmed: req.confirmed === true }),
  'presets.export': (engine) => engine.exportPresets(),
  'guards.learn': (engine, { path, learnId }, emit) => engine.learn({ path }, (progress) => emit('learn.progress', { learnId, progress })),
  'presets.check': (engine, { preset, path, checkId }, emit) =>
    engine.check({ preset, ...(path !== undefined ? { path } : {}) }, (progress) => emit('check.progress', { checkId, progress })),
  'watch.start': (engine, req) => engine.startWatch(req),
  'watch.pause': (engine, req) => engine.setWatchPaused(req),
  'watch.stop': (engine, req) => engine.stopWatch(req),
  'watch.list': (engine) => engine.listWatches(),
  'shortcuts.create': (engine, req) => engine.createShortcut(req),
  'copies.list': (engine, req) => engine.listInstances(req.preset !== undefined ? { preset: req.preset } : {}),
  'copies.label': (engine, req) => engine.setLabel(req),
  'copies.act': (engine, req) => engine.instanceAction({ preset: req.preset, index: req.index, action: req.action, ...(req.pid !== undefined ? { pid: req.pid } : {}) }),
};

/** Every channel the engine answers, from its handler table. */
export const ENGINE_CHANNELS = Object.keys(ENGINE_HANDLERS) as EngineChannel[];

/** True when the engine answers this channel. */
export function isEngineChannel(channel: Channel): channel is EngineChannel {
  return Object.hasOwn(ENGINE_HANDLERS, channel);
}

async function call<C extends EngineChannel>(engine: EngineApi, channel: C, req: RequestOf<C>, emit: Emit): Promise<ResponseOf<C>> {
  return (ENGINE_HANDLERS[channel] as (engine: EngineApi, req: RequestOf<C>, emit: Emit) => Promise<ResponseOf<C>>)(engine, req, emit);
}
