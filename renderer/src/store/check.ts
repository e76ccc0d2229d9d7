/**
 * Checking a preset against the installed app: the dialog opens first and says what a check does, the
 * check starts only on the user's click, its steps stream in as `check.progress` events, and the fix it
 * proposes is saved only on a second click after the user has seen old and new guards side by side.
 * Saving goes through `presets.save`, the same store path as any edit (trust is unchanged: guards are
 * not launch facts).
 */
import type { CheckProgress, CheckReport, EngineError, PresetView } from '../../../core/model';
import type { MultiopenApi } from '../../../electron/shared/contract';
import type { AppState } from '../store';
import { nextRunId } from './launch';

/** State of the Check dialog: the preset it is about, the running or finished check, and saving its fix. */
export interface CheckState {
  /** The preset as listed when the dialog opened: the "before" of the diff. */
  preset: PresetView;
  /** Ties the progress events to the current run; null before the first run. */
  checkId: string | null;
  busy: boolean;
  steps: CheckProgress[];
  report: CheckReport | null;
  error: EngineError | null;
  /** "saving" while the fix is written, "saved" after; null when not asked. */
  save: 'saving' | 'saved' | null;
  saveError: EngineError | null;
}

/** Check state and actions, part of `AppState`. */
export interface CheckSlice {
  check: CheckState | null;
  /** Opens the Check dialog for a preset; nothing starts until `runCheck`. False when the preset is not listed. */
  openCheck(presetId: string): boolean;
  /** Runs the check of the open dialog's preset; the report, or null when it failed (the error is in `check`). */
  runCheck(): Promise<CheckReport | null>;
  /** Saves the preset the last check proposed (the user's explicit yes after seeing the diff). */
  saveCheckFix(): Promise<boolean>;
  /** Closes the dialog, unless a check is still running (it cannot be stopped part-way). */
  dismissCheck(): void;
}

/** The check slice over a transport; `set`/`get` are the whole store's. */
export function createCheckSlice(api: MultiopenApi, set: (partial: Partial<AppState>) => void, get: () => AppState): CheckSlice {
  api.on('check.progress', ({ checkId, progress }) => {
    const c = get().check;
    if (!c || c.checkId !== checkId) return;
    set({ check: { ...c, steps: [...c.steps, progress] } });
  });

  return {
    check: null,

    openCheck(presetId) {
      if (get().check?.busy) return false;
      const preset = get().presets.find((p) => p.id === presetId);
      if (!preset) return false;
      set({ check: { preset, checkId: null, busy: false, steps: [], report: null, error: null, save: null, saveError: null } });
      return true;
    },

    async runCheck() {
      const open = get().check;
      if (!open || open.busy) return null;
      const checkId = nextRunId('c');
      set({ check: { ...open, checkId, busy: true, steps: [], report: null, error: null, save: null, saveError: null } });
      const r = await api.invoke('presets.check', { preset: open.preset.id, checkId });
      const cur = get().check;
      if (cur?.checkId === checkId) set({ check: { ...cur, busy: false, report: r.ok ? r.value : null, error: r.ok ? null : r.error } });
      // An ok check is a compatibility record (the card's "last worked" line changes); the copies it started are gone.
      if (r.ok) await get().loadPresets();
      await get().refreshProcesses();
      return r.ok ? r.value : null;
    },

    async saveCheckFix() {
      const c = get().check;
      const proposed = c?.report?.proposed;
      if (!c || c.busy || !proposed || c.save === 'saving') return false;
      set({ check: { ...c, save: 'saving', saveError: null } });
      const r = await api.invoke('presets.save', proposed);
      const cur = get().check;
      if (cur?.checkId === c.checkId) set({ check: { ...cur, save: r.ok ? 'saved' : null, saveError: r.ok ? null : r.error } });
      if (r.ok) await get().loadPresets();
      return r.ok;
    },

    dismissCheck() {
      if (!get().check?.busy) set({ check: null });
    },
  };
}
