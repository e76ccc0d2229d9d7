/**
 * Maps the contract's engine channels onto `EngineApi` calls. Shared by the Electron engine host and
 * the browser-mode HTTP server so both answer every channel the same way.
 */
import type { EngineApi } from '../../core/model';
import { fail, parseRequest, type Channel, type EventMap, type ResponseOf } from './contract';

/** Channels answered by the engine itself (the rest belong to the host shell). */
export const ENGINE_CHANNELS = [
  'processes.list',
  'handles.list',
  'handles.close',
  'guards.unlock',
  'instances.launch',
  'presets.list',
  'presets.save',
  'presets.remove',
  'presets.review',
  'presets.import',
  'presets.export',
  'guards.learn',
  'watch.start',
  'watch.pause',
  'watch.stop',
  'watch.list',
  'shortcuts.create',
] as const satisfies readonly Channel[];

/** A channel answered by the engine. */
export type EngineChannel = (typeof ENGINE_CHANNELS)[number];

/** True when the engine answers this channel. */
export function isEngineChannel(channel: Channel): channel is EngineChannel {
  return (ENGINE_CHANNELS as readonly string[]).includes(channel);
}

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
    return (await call(engine, channel, parsed.value, emit)) as ResponseOf<C>;
  } catch (err) {
    return fail('OS_ERROR', `engine error on ${channel}: ${err instanceof Error ? err.message : String(err)}`) as ResponseOf<C>;
  }
}

async function call(engine: EngineApi, channel: EngineChannel, req: unknown, emit: Emit): Promise<unknown> {
  // `req` has been validated against the channel's schema by the caller.
  switch (channel) {
    case 'processes.list':
      return engine.listProcesses(req as { name?: string });
    case 'handles.list':
      return engine.listHandles(req as Parameters<EngineApi['listHandles']>[0]);
    case 'handles.close':
      return engine.closeHandle(req as { pid: number; handle: string });
    case 'guards.unlock':
      return engine.unlock(req as Parameters<EngineApi['unlock']>[0]);
    case 'instances.launch': {
      const { target, launchId } = req as { target: Parameters<EngineApi['launch']>[0]; launchId: string };
      return engine.launch(target, (progress) => emit('launch.progress', { launchId, progress }));
    }
    case 'presets.list':
      return engine.listPresets();
    case 'presets.save':
      return engine.savePreset(req as Parameters<EngineApi['savePreset']>[0]);
    case 'presets.remove':
      return engine.removePreset((req as { id: string }).id);
    case 'presets.review':
      return engine.reviewImport((req as { document: unknown }).document);
    case 'presets.import': {
      const { document, confirmed } = req as { document: unknown; confirmed?: boolean };
      return engine.importPresets(document, { confirmed: confirmed === true });
    }
    case 'presets.export':
      return engine.exportPresets();
    case 'guards.learn': {
      const { path, learnId } = req as { path: string; learnId: string };
      return engine.learn({ path }, (progress) => emit('learn.progress', { learnId, progress }));
    }
    case 'watch.start':
      return engine.startWatch(req as { preset: string; keep?: number });
    case 'watch.pause':
      return engine.setWatchPaused(req as { preset: string; paused: boolean });
    case 'watch.stop':
      return engine.stopWatch(req as { preset: string });
    case 'watch.list':
      return engine.listWatches();
    case 'shortcuts.create':
      return engine.createShortcut(req as Parameters<EngineApi['createShortcut']>[0]);
  }
}
