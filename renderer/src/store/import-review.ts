/**
 * Presets import and export. An import is two steps: the file is read and reviewed by the engine
 * (`presets.review`, which saves nothing), the user sees the review, and only their Save sends
 * `presets.import` with `confirmed: true`. A refused review (a preset that would start anything but its
 * own app) can only be closed.
 */
import type { EngineError, ImportReview, Preset } from '../../../core/model';
import { MAX_PRESET_DOCUMENT_CHARS, type MultiopenApi } from '../../../electron/shared/contract';
import type { AppState } from '../store';

/** The outcome of the last presets import or export, shown in the presets panel. */
export type PresetTransfer =
  | { kind: 'imported'; saved: string[] }
  | { kind: 'exported'; count: number }
  /** `json`: not JSON; `shape`: JSON but not an object; `size`: too large; `engine`: refused (`field` names the bad one). */
  | { kind: 'import-failed'; reason: 'json' | 'shape' | 'size' | 'engine'; error?: EngineError; field?: string | null }
  | { kind: 'export-failed'; error: EngineError };

/** An import file under review: what the engine said it would do, and the document to save on a yes. */
export interface ImportReviewState {
  document: Record<string, unknown>;
  review: ImportReview;
  /** True while the confirmed import is being saved. */
  saving: boolean;
}

/** The field a PRESET_INVALID message starts with ("presets[0].guards[1].type: ..." → "presets[0].guards[1].type"). */
export function invalidField(message: string): string | null {
  const m = /^((?:[A-Za-z_$][\w$]*|\(root\))(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*): /.exec(message);
  return m ? m[1]! : null;
}

/** Import/export state and actions, part of `AppState`. */
export interface PresetTransferSlice {
  /** The last presets import or export. */
  presetTransfer: PresetTransfer | null;
  /** The import waiting for the user's review; null when none is open. */
  importReview: ImportReviewState | null;
  /** Parses a presets file's text and has the engine review it (opens the review); null when refused before that (reason in `presetTransfer`). */
  importPresets(text: string): Promise<ImportReview | null>;
  /** Saves the reviewed import with the user's yes; returns the saved ids, or null (the reason is in `presetTransfer`). */
  saveReviewedImport(): Promise<string[] | null>;
  /** Closes the review; nothing is saved. */
  cancelImport(): void;
  /** The user presets as an export document, or null (the reason is in `presetTransfer`). */
  exportPresets(): Promise<{ schemaVersion: number; presets: Preset[] } | null>;
  dismissPresetTransfer(): void;
}

/** The import/export slice over a transport; `set`/`get` are the whole store's. */
export function createPresetTransferSlice(api: MultiopenApi, set: (partial: Partial<AppState>) => void, get: () => AppState): PresetTransferSlice {
  const engineFailure = (error: EngineError): PresetTransfer => ({
    kind: 'import-failed',
    reason: 'engine',
    error,
    field: error.code === 'PRESET_INVALID' ? invalidField(error.message) : null,
  });

  return {
    presetTransfer: null,
    importReview: null,

    async importPresets(text) {
      const failed = (reason: 'json' | 'shape' | 'size') => {
        set({ presetTransfer: { kind: 'import-failed', reason }, importReview: null });
        return null;
      };
      if (text.length > MAX_PRESET_DOCUMENT_CHARS) return failed('size');
      let document: unknown;
      try {
        document = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        return failed('json');
      }
      if (typeof document !== 'object' || document === null || Array.isArray(document)) return failed('shape');
      const doc = document as Record<string, unknown>;
      const r = await api.invoke('presets.review', { document: doc });
      if (!r.ok) {
        set({ presetTransfer: engineFailure(r.error), importReview: null });
        return null;
      }
      // The bar's last message is about an earlier file; the review now speaks for this one.
      set({ presetTransfer: null, importReview: { document: doc, review: r.value, saving: false } });
      return r.value;
    },

    async saveReviewedImport() {
      const pending = get().importReview;
      if (!pending || pending.saving || pending.review.refused) return null;
      set({ importReview: { ...pending, saving: true } });
      const r = await api.invoke('presets.import', { document: pending.document, confirmed: true });
      set({ importReview: null });
      if (!r.ok) {
        set({ presetTransfer: engineFailure(r.error) });
        return null;
      }
      set({ presetTransfer: { kind: 'imported', saved: r.value.saved } });
      await get().loadPresets();
      return r.value.saved;
    },

    cancelImport: () => {
      if (!get().importReview?.saving) set({ importReview: null });
    },

    async exportPresets() {
      const r = await api.invoke('presets.export', {});
      if (!r.ok) {
        set({ presetTransfer: { kind: 'export-failed', error: r.error } });
        return null;
      }
      set({ presetTransfer: { kind: 'exported', count: r.value.presets.length } });
      return r.value;
    },

    dismissPresetTransfer: () => set({ presetTransfer: null }),
  };
}
