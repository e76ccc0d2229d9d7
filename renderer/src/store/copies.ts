/**
 * Running copies ("instances") of the presets: their indices, labels and windows, kept by polling while
 * a view shows them, and the per-copy actions. A close that the app does not obey (it hides to the tray
 * or asks first) leaves `copyStillRunning` set, so the UI can offer to end it: nothing is ended unasked.
 */
import type { EngineError, InstanceActionKind, InstanceActionReport, InstanceRow } from '../../../core/model';
import type { MultiopenApi } from '../../../electron/shared/contract';
import type { AppState } from '../store';

/** A copy that was asked to close and still runs. */
export interface StillRunning {
  preset: string;
  index: number;
  pid: number;
  label: string | null;
}

/** Copies state and actions, part of `AppState`. */
export interface CopiesSlice {
  /** Every running copy of every preset, by preset then index. */
  copies: InstanceRow[];
  copiesBusy: boolean;
  copiesLoadedAt: number | null;
  copyStillRunning: StillRunning | null;
  refreshCopies(): Promise<void>;
  /** Sets (text) or clears ("" or null) the label of copy `index`; true when saved. */
  setCopyLabel(preset: string, index: number, label: string | null): Promise<boolean>;
  /** Acts on one copy; `pid` is the copy the user saw, re-checked by the engine. */
  actOnCopy(copy: Pick<InstanceRow, 'preset' | 'index' | 'pid' | 'label'>, action: InstanceActionKind): Promise<InstanceActionReport | null>;
  dismissStillRunning(): void;
  /** Opens a copy's data folder (the desktop app); the answer says where it is when the host cannot open it. */
  openCopyFolder(copy: Pick<InstanceRow, 'preset' | 'index'>): Promise<{ folder: string; opened: boolean } | null>;
}

/** The copies of one preset, by index. */
export function copiesOf(copies: readonly InstanceRow[], presetId: string): InstanceRow[] {
  return copies.filter((c) => c.preset === presetId).sort((a, b) => a.index - b.index);
}

/** The copies slice over a transport; `set`/`get` are the whole store's. */
export function createCopiesSlice(api: MultiopenApi, set: (partial: Partial<AppState>) => void, get: () => AppState): CopiesSlice {
  const report = (error: EngineError, presetId: string) => set({ notice: { kind: 'copies', error, presetId } });
  let ticket = 0;
  return {
    copies: [],
    copiesBusy: false,
    copiesLoadedAt: null,
    copyStillRunning: null,

    async refreshCopies() {
      const mine = ++ticket;
      set({ copiesBusy: true });
      const r = await api.invoke('copies.list', {});
      // A later refresh won the race; its answer is the one to show.
      if (mine !== ticket) return;
      // A failed listing is the process list's failure too, which is reported there: not twice.
      if (!r.ok) return set({ copiesBusy: false });
      set({ copies: r.value, copiesBusy: false, copiesLoadedAt: Date.now() });
    },

    async setCopyLabel(preset, index, label) {
      const r = await api.invoke('copies.label', { preset, index, label: label === '' ? null : label });
      if (!r.ok) {
        report(r.error, preset);
        return false;
      }
      await Promise.all([get().loadPresets(), get().refreshCopies()]);
      return true;
    },

    async actOnCopy(copy, action) {
      const r = await api.invoke('copies.act', { preset: copy.preset, index: copy.index, pid: copy.pid, action });
      if (!r.ok) {
        report(r.error, copy.preset);
        await get().refreshCopies();
        return null;
      }
      if (action === 'close' && r.value.stillRunning) set({ copyStillRunning: { preset: copy.preset, index: copy.index, pid: copy.pid, label: copy.label } });
      else if (get().copyStillRunning?.pid === copy.pid) set({ copyStillRunning: null });
      await get().refreshCopies();
      return r.value;
    },

    dismissStillRunning: () => set({ copyStillRunning: null }),

    async openCopyFolder(copy) {
      const r = await api.invoke('copies.openFolder', { preset: copy.preset, index: copy.index });
      if (!r.ok) {
        report(r.error, copy.preset);
        return null;
      }
      return r.value;
    },
  };
}
