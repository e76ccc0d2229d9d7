/**
 * Launching N copies, and the first launch of an untrusted preset (imported or edited, starting what
 * the user has not confirmed). Such a launch is not sent at all until the user has seen what it starts
 * and said yes; the yes goes with the launch as `confirmed: true` and the engine records it. An engine
 * answer of PRESET_UNTRUSTED (the preset changed since the list was read) asks again with fresh facts.
 */
import type { EngineError, GuardSpec, LaunchProgress, LaunchReport, PresetView } from '../../../core/model';
import type { MultiopenApi } from '../../../electron/shared/contract';
import type { AppState } from '../store';

/** What the UI asks to launch: a preset (optionally from a running copy's path) or an exe path with explicit guards. */
export type LaunchRequest = ({ preset: string; path?: string } | { path: string; guards: GuardSpec[] }) & {
  /** The user confirmed what an untrusted preset starts. */
  confirmed?: boolean;
  /** Start the copies through the Windows (UAC) prompt: only from the user's "Start elevated". */
  elevate?: boolean;
  /** Start exactly the copies with these labels that are not running (a preset only). */
  only?: string[];
};

/** State of the current or last launch. */
export interface LaunchState {
  launchId: string;
  /** The preset launched, when it was one: a guard that was not found offers to check it. */
  presetId?: string;
  busy: boolean;
  target: number;
  steps: LaunchProgress[];
  report: LaunchReport | null;
  error: EngineError | null;
}

/** A launch of an untrusted preset that waits for the user's yes. */
export interface LaunchConfirmation {
  /** The preset as listed when the question was asked: the facts the user confirms. */
  preset: PresetView;
  /** The path given instead of the preset's own (the selected running copy's), when one is. */
  path?: string;
  /** Instances that should run in total once it is launched. */
  count: number;
  /** "Keep N running": after the launch, the watcher keeps this many; null for a plain launch. */
  keep: number | null;
}

/** Launch state and actions, part of `AppState`. */
export interface LaunchSlice {
  launch: LaunchState | null;
  /** The first launch waiting for the user's yes; null when none is asked. */
  launchConfirmation: LaunchConfirmation | null;
  /** Makes the Instances count run; an untrusted preset asks first (`launchConfirmation`) and returns null. */
  launchInstances(target: LaunchRequest): Promise<LaunchReport | null>;
  /** Sends the launch the user confirmed (and then keeps N running when that was asked for). */
  confirmLaunch(): Promise<LaunchReport | null>;
  /** Drops the asked launch; nothing starts. */
  cancelLaunch(): void;
  dismissLaunch(): void;
  /** The last launch again, elevated through the Windows prompt (after ELEVATION_REQUIRED, on the user's click). */
  relaunchElevated(): Promise<LaunchReport | null>;
}

/** What the rest of the store needs from the launch slice without it being state. */
export interface LaunchGate {
  /** Asks for the user's yes when this preset is untrusted; true when it asked (the caller then sends nothing). */
  askIfUntrusted(presetId: string, ask: Omit<LaunchConfirmation, 'preset'>): boolean;
  /** After the engine answered PRESET_UNTRUSTED: re-reads the presets and asks with what it starts now; false when the preset is gone. */
  askAgain(presetId: string, ask: Omit<LaunchConfirmation, 'preset'>): Promise<boolean>;
}

let launchSeq = 0;

/** A fresh id for the progress events of one launch or learning run. */
export function nextRunId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(++launchSeq).toString(36)}`;
}

/** The launch slice over a transport; `set`/`get` are the whole store's. */
export function createLaunchSlice(
  api: MultiopenApi,
  set: (partial: Partial<AppState>) => void,
  get: () => AppState,
): { slice: LaunchSlice; gate: LaunchGate } {
  api.on('launch.progress', ({ launchId, progress }) => {
    const l = get().launch;
    if (!l || l.launchId !== launchId) return;
    set({ launch: { ...l, steps: [...l.steps, progress] } });
  });

  const ask = (preset: PresetView, rest: Omit<LaunchConfirmation, 'preset'>) =>
    set({ launchConfirmation: { preset, count: rest.count, keep: rest.keep, ...(rest.path ? { path: rest.path } : {}) } });

  const gate: LaunchGate = {
    askIfUntrusted(presetId, rest) {
      const preset = get().presets.find((p) => p.id === presetId);
      if (!preset?.untrusted) return false;
      ask(preset, rest);
      return true;
    },
    async askAgain(presetId, rest) {
      await get().loadPresets();
      // The engine has the last word: whatever the list says now, it refused, so the facts are asked for.
      const preset = get().presets.find((p) => p.id === presetId);
      if (!preset) return false;
      ask(preset, rest);
      return true;
    },
  };

  let last: { target: LaunchRequest; count: number } | null = null;
  const send = async (target: LaunchRequest, count: number, keep: number | null): Promise<LaunchReport | null> => {
    last = { target, count };
    const launchId = nextRunId('l');
    set({ launch: { launchId, ...('preset' in target ? { presetId: target.preset } : {}), busy: true, target: count, steps: [], report: null, error: null } });
    const r = await api.invoke('instances.launch', { target: { ...target, count }, launchId });
    const cur = get().launch;
    const presetId = 'preset' in target ? target.preset : undefined;
    if (!r.ok) {
      if (presetId && r.error.code === 'PRESET_UNTRUSTED') {
        // Nothing started: the question replaces the launch panel.
        if (cur?.launchId === launchId) set({ launch: null });
        if (await gate.askAgain(presetId, { count, keep, ...('path' in target && target.path ? { path: target.path } : {}) })) return null;
      }
      if (get().launch?.launchId === launchId) set({ launch: { ...get().launch!, busy: false, error: r.error } });
      set({ notice: { kind: 'launch', error: r.error, ...(presetId ? { presetId } : {}) } });
      return null;
    }
    if (cur?.launchId === launchId) set({ launch: { ...cur, busy: false, report: r.value } });
    // A confirmed launch made the preset trusted (its card loses the "unconfirmed" mark); one that made every
    // copy run is the preset's new "last worked" record.
    if (target.confirmed || (presetId && r.value.failed.length === 0 && r.value.launched.length > 0)) await get().loadPresets();
    await get().refreshProcesses();
    await get().refreshHandles();
    return r.value;
  };

  const slice: LaunchSlice = {
    launch: null,
    launchConfirmation: null,

    async launchInstances(target) {
      const count = get().instances;
      if ('preset' in target && !target.confirmed && gate.askIfUntrusted(target.preset, { count, keep: null, ...(target.path ? { path: target.path } : {}) })) return null;
      return send(target, count, null);
    },

    async confirmLaunch() {
      const asked = get().launchConfirmation;
      if (!asked) return null;
      set({ launchConfirmation: null });
      const report = await send({ preset: asked.preset.id, ...(asked.path ? { path: asked.path } : {}), confirmed: true }, asked.count, asked.keep);
      if (report && asked.keep !== null) await get().startWatch(asked.preset.id, asked.keep);
      return report;
    },

    cancelLaunch: () => set({ launchConfirmation: null }),
    dismissLaunch: () => set({ launch: null }),

    async relaunchElevated() {
      return last ? send({ ...last.target, elevate: true }, last.count, null) : null;
    },
  };
  return { slice, gate };
}
