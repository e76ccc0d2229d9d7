/**
 * Auto-unlock watchers: their state by preset id, kept current from the engine's `watch.event`s.
 * "Keep N running" starts copies with nobody watching, so an untrusted preset is confirmed first (the
 * launch gate asks; the confirmed launch then starts the watcher).
 */
import type { EngineError, WatchState } from '../../../core/model';
import type { MultiopenApi } from '../../../electron/shared/contract';
import type { AppState } from '../store';
import type { LaunchGate } from './launch';

/** Watcher state and actions, part of `AppState`. */
export interface WatchSlice {
  /** Auto-unlock watchers by preset id. */
  watches: Record<string, WatchState>;
  /** Starts auto-unlock; with `keep`, an untrusted preset first asks for the user's yes (`launchConfirmation`). */
  startWatch(preset: string, keep?: number): Promise<void>;
  pauseWatch(preset: string, paused: boolean): Promise<void>;
  stopWatch(preset: string): Promise<void>;
}

/** The watcher slice over a transport; `set`/`get` are the whole store's. */
export function createWatchSlice(api: MultiopenApi, set: (partial: Partial<AppState>) => void, get: () => AppState, gate: LaunchGate): WatchSlice {
  const report = (error: EngineError, presetId: string) => set({ notice: { kind: 'watch', error, presetId } });
  const update = (state: WatchState) => set({ watches: { ...get().watches, [state.presetId]: state } });

  api.on('watch.event', (event) => {
    const cur = get().watches[event.presetId];
    if (event.kind === 'state') update(event.state);
    else if (cur && event.kind === 'closed') update({ ...cur, closedCount: cur.closedCount + 1, lastFailure: null });
    else if (cur && event.kind === 'launched') update({ ...cur, launchedCount: cur.launchedCount + 1 });
    else if (cur && event.kind === 'failed') update({ ...cur, lastFailure: event.failure });
  });

  return {
    watches: {},

    async startWatch(preset, keep) {
      const ask = { count: keep ?? 1, keep: keep ?? null };
      if (keep && gate.askIfUntrusted(preset, ask)) return;
      const r = await api.invoke('watch.start', { preset, ...(keep ? { keep } : {}) });
      if (!r.ok) {
        if (keep && r.error.code === 'PRESET_UNTRUSTED' && (await gate.askAgain(preset, ask))) return;
        return report(r.error, preset);
      }
      update(r.value);
    },

    async pauseWatch(preset, paused) {
      const r = await api.invoke('watch.pause', { preset, paused });
      if (!r.ok) return report(r.error, preset);
      update(r.value);
    },

    async stopWatch(preset) {
      const r = await api.invoke('watch.stop', { preset });
      const { [preset]: _gone, ...rest } = get().watches;
      // NOT_RUNNING means it had already stopped: the switch should show off either way.
      set({ watches: rest });
      if (!r.ok && r.error.code !== 'NOT_RUNNING') report(r.error, preset);
    },
  };
}
