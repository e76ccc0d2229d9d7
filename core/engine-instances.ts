/**
 * The engine's per-copy part (`InstancesApi`): listing copies with their indices, labels and windows,
 * setting a label (saved through the store, and shown at once), and the per-copy actions. Labels are not
 * launch facts, so labelling a preset never asks for its trust again.
 */
import { engineError } from './errors';
import { actOnInstance, DEFAULT_ACTION_TIMING, type ActionTiming } from './instance-actions';
import { IndexBook, launchIndexer, listInstanceRows, presetsToList, type InstanceContext, type LaunchIndexer } from './instances';
import { applyLabels, labelAfterLaunch, TitleKeeper } from './label-titles';
import { indicesOfLabels, labelProblem, withLabel } from './labels';
import type { InstancesApi, Outcome, PresetView } from './model';
import type { OsApi } from '../native-bindings/os-api';
import { MAX_INSTANCES } from './policy';
import type { PresetStore } from './presets/store';

/** What the per-copy part needs from the engine. */
export interface InstancesDeps {
  os: OsApi;
  home: string;
  env: NodeJS.ProcessEnv;
  presets: PresetStore;
  actionTiming?: ActionTiming;
  /** How often the title keeper looks (0: no keeper). */
  keepTitlesMs?: number;
}

/** The per-copy part, plus what launches and shutdown need from it. */
export interface InstancesPart extends InstancesApi {
  /** The indexer of a preset's launches; `only` (labels) picks exactly those copies. USAGE names unknown labels. */
  indexerFor(preset: PresetView, only?: readonly string[]): Outcome<LaunchIndexer>;
  /** Labels the copies a launch started (bounded wait for their windows). */
  afterLaunch(preset: PresetView, pids: readonly number[]): Promise<void>;
  /** Starts the title keeper (long-running front ends). */
  keepTitles(): void;
  /** Stops the title keeper. */
  stop(): void;
}

/** Builds the per-copy part over the store and the OS. */
export function createInstancesPart(deps: InstancesDeps): InstancesPart {
  const ctx: InstanceContext = { os: deps.os, book: new IndexBook(deps.home), env: deps.env };
  const allPresets = (): PresetView[] => {
    const listed = deps.presets.list();
    return listed.ok ? listed.value : [];
  };
  const keeper = new TitleKeeper(ctx, allPresets, deps.keepTitlesMs || 2_000);

  return {
    async listInstances(query = {}) {
      const listed = deps.presets.list();
      if (!listed.ok) return listed;
      if (query.preset !== undefined) {
        const one = deps.presets.get(query.preset);
        if (!one.ok) return one;
      }
      const rows = await listInstanceRows(ctx, presetsToList(listed.value, query.preset));
      return rows.ok ? { ok: true, value: rows.value.rows } : rows;
    },

    async setLabel(target) {
      const found = deps.presets.get(target.preset);
      if (!found.ok) return found;
      if (!Number.isInteger(target.index) || target.index < 1 || target.index > MAX_INSTANCES) {
        return { ok: false, error: { ...engineError('USAGE', `the copy index must be a whole number from 1 to ${MAX_INSTANCES}, not ${target.index}`), field: 'index' } };
      }
      const text = target.label ?? '';
      const problem = labelProblem(text);
      if (problem) return { ok: false, error: { ...engineError('PRESET_INVALID', `label "${text}": ${problem}`), field: 'label' } };
      const { origin: _origin, overridesBuiltin: _overrides, untrusted: _untrusted, ...preset } = found.value;
      const labels = withLabel(preset.labels, target.index, text);
      const { labels: _old, ...rest } = preset;
      const saved = deps.presets.save([labels.length > 0 ? { ...rest, labels } : rest]);
      if (!saved.ok) return saved;
      const view = saved.value[0];
      if (!view) return { ok: false, error: engineError('PRESET_INVALID', 'nothing was saved') };
      // Shown at once on the running copy (and taken off when cleared).
      await applyLabels(ctx, [view]);
      return { ok: true, value: view };
    },

    async instanceAction(target) {
      const found = deps.presets.get(target.preset);
      if (!found.ok) return found;
      return actOnInstance(ctx, found.value, target, deps.actionTiming ?? DEFAULT_ACTION_TIMING);
    },

    indexerFor(preset, only) {
      if (!only) return { ok: true, value: launchIndexer(ctx.book, preset.id) };
      const { indices, unknown } = indicesOfLabels(preset.labels, only);
      if (unknown.length > 0 || indices.length === 0) {
        const known = (preset.labels ?? []).filter((l) => l !== '');
        return {
          ok: false,
          error: { ...engineError('USAGE', `"${preset.id}" has no copy labelled ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; its labels: ${known.join(', ') || 'none (set one with multiopen label)'}`), field: 'only' },
        };
      }
      return { ok: true, value: launchIndexer(ctx.book, preset.id, indices) };
    },

    afterLaunch: (preset, pids) => labelAfterLaunch(ctx, preset, pids),
    keepTitles: () => {
      if (deps.keepTitlesMs !== 0) keeper.start();
    },
    stop: () => keeper.stop(),
  };
}
