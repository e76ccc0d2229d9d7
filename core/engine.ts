import * as path from 'node:path';
import type { OsApi } from '../native-bindings/os-api';
import { engineError } from './errors';
import { findHandles } from './handles';
import { DEFAULT_LAUNCH_TIMING, launchInstances, type LaunchClaims, type LaunchPlan, type LaunchTiming } from './launch';
import { locateExe } from './locate';
import { DEFAULT_LEARN_TIMING, learnGuards, type LearnTiming } from './learn';
import type { EngineApi, LaunchTarget, Outcome, Preset, PresetView, ProcessRow, UnlockTarget, WatchEvent } from './model';
import { DEFAULT_WATCH_TIMING, GuardWatcher, type WatchTiming } from './watch';
import { importPresetsReviewed, reviewImport } from './presets/import-review';
import { programPathProblem } from './presets/safety';
import { isInstanceCount, MAX_INSTANCES } from './policy';
import { writeFileAtomic } from './presets/atomic-file';
import { PresetStore, resolveHome } from './presets/store';
import { buildShortcut } from './shortcut';
import { inFolder, shortcutFolder, writeIntoExistingFolder } from './shortcut-folders';
import { listProcesses } from './processes';
import { checkPreset, presetCopyOptions } from './check';
import { CompatStore } from './compat';
import { REGISTRY_JOURNAL } from './launch-registry';
import { closeHandle, unlockApp } from './unlock';
import { createInstancesPart } from './engine-instances';
import type { ActionTiming } from './instance-actions';
import type { LaunchIndexer } from './instances';

/** Options of an engine instance. */
export interface EngineOptions {
  /** Folder of the user's presets (MULTIOPEN_HOME); resolved from the environment when absent. */
  home?: string;
  timing?: LaunchTiming;
  learnTiming?: LearnTiming;
  watchTiming?: WatchTiming;
  env?: NodeJS.ProcessEnv;
  /** What a "launch N" shortcut starts: this front end's program and its arguments for launching a preset. */
  launcher?: { target: string; argsFor(preset: string, count: number): string[] };
  /** Receives every watcher event (the front end forwards them to the UI). */
  onWatchEvent?: (event: WatchEvent) => void;
  /** Keep labels in the copies' window titles while this engine lives (the app, `watch`, `serve`). */
  keepTitles?: boolean;
  actionTiming?: ActionTiming;
}

/** The engine plus the preset store, for front ends that need more than the shared API (CLI import/export). */
export interface Engine extends EngineApi {
  readonly presets: PresetStore;
  /** Which app version each preset last worked with (local only). */
  readonly compat: CompatStore;
  /** Releases the objects pre-claimed for a preset (all presets when absent); returns how many were released. */
  releaseClaims(presetId?: string): number;
  /** Stops every watcher and releases every claim (on exit). */
  shutdown(): Promise<void>;
}

/** EXE_NOT_FOUND with the places that were tried. */
function notFound(exe: string, tried: string[]) {
  return engineError('EXE_NOT_FOUND', `${exe} was not found; looked at: ${tried.join('; ')}. Pass --path or set the path in the preset`);
}

/** USAGE unless `count` is a whole number of instances within the limit. */
function badCount(count: number, what: string): Outcome<never> | null {
  if (isInstanceCount(count)) return null;
  return { ok: false, error: { ...engineError('USAGE', `${what} must be a whole number from 1 to ${MAX_INSTANCES}, not ${count}`), field: what === 'keep' ? 'keep' : 'count' } };
}

/** Builds the engine over an OsApi. */
export function createEngine(os: OsApi, options: EngineOptions = {}): Engine {
  const env = options.env ?? process.env;
  const home = options.home ?? resolveHome(env);
  const presets = new PresetStore(home);
  const compat = new CompatStore(home);
  const registryJournal = path.join(home, REGISTRY_JOURNAL);
  const timing = options.timing ?? DEFAULT_LAUNCH_TIMING;
  const copies = createInstancesPart({ os, home, env, presets, ...(options.actionTiming ? { actionTiming: options.actionTiming } : {}) });
  if (options.keepTitles) copies.keepTitles();

  const presetFor = (id: string): Outcome<PresetView> => presets.get(id);

  /** PRESET_UNTRUSTED unless the preset may start without asking, or the user just confirmed it (recorded). */
  const trustedOrConfirmed = (preset: PresetView, confirmed: boolean | undefined): Outcome<void> => {
    if (!preset.untrusted) return { ok: true, value: undefined };
    if (!confirmed) {
      return {
        ok: false,
        error: engineError(
          'PRESET_UNTRUSTED',
          `preset "${preset.id}" was imported or edited and starts ${preset.path ?? preset.exe}${preset.args?.length ? ` with arguments ${preset.args.join(' ')}` : ''}; check it (multiopen presets show ${preset.id}) and confirm its first launch (multiopen launch ${preset.id} --yes, or Launch in the app)`,
        ),
      };
    }
    try {
      presets.trust.confirm(preset);
    } catch (error) {
      return { ok: false, error: engineError('FILE_ERROR', `cannot write ${presets.trust.file}: ${(error as Error).message}`) };
    }
    return { ok: true, value: undefined };
  };
  // Pre-claimed objects per preset: they must outlive one launch, so that later copies can start too.
  const claims = new Map<string, LaunchClaims>();
  const watchers = new Map<string, GuardWatcher>();

  /** Resolves a preset into what launching it needs (exe located), or the reason it cannot be. */
  const planFor = async (preset: PresetView, count: number, givenPath?: string, indexer?: LaunchIndexer): Promise<Outcome<LaunchPlan>> => {
    const listed = await listProcesses(os);
    if (!listed.ok) return listed;
    const located = await locateExe(os, { exe: preset.exe, given: givenPath, chosen: preset.path, sources: preset.locate, processes: listed.value, env });
    if (!located.ok) return { ok: false, error: notFound(preset.exe, located.tried) };
    const unsafe = programPathProblem(preset.exe, located.value.path, located.value.source);
    if (unsafe) return { ok: false, error: { ...engineError('PRESET_UNSAFE', `${unsafe.message}; nothing was started`), field: unsafe.field } };
    return {
      ok: true,
      value: {
        exePath: located.value.path,
        exe: preset.exe,
        guards: preset.guards,
        args: preset.args ?? [],
        count,
        instanceDir: preset.instanceDir,
        env: preset.env,
        preclaim: preset.strategy === 'preclaim' ? preset.preclaim : undefined,
        processEnv: env,
        launchRegistry: preset.launchRegistry,
        registryJournal,
        ready: preset.ready,
        indexer: indexer ?? (copies.indexerFor(preset) as { ok: true; value: LaunchIndexer }).value,
        needsElevation: preset.needsElevation,
      },
    };
  };

  return {
    presets,
    compat,
    listInstances: (query) => copies.listInstances(query),
    setLabel: (target) => copies.setLabel(target),
    instanceAction: (target) => copies.instanceAction(target),

    async listProcesses(query) {
      const listed = await listProcesses(os);
      if (!listed.ok) return listed;
      const needle = query?.name?.toLowerCase();
      const rows: ProcessRow[] = listed.value
        .filter((p) => !needle || p.name.toLowerCase().includes(needle))
        .map((p) => ({ pid: p.pid, ppid: p.ppid, name: p.name, path: p.path, sessionId: p.sessionId, handleCount: p.handleCount }))
        .sort((a, b) => a.pid - b.pid);
      return { ok: true, value: rows };
    },

    listHandles: (query) => findHandles(os, query),

    closeHandle: (target) => closeHandle(os, target),

    async unlock(target: UnlockTarget) {
      if ('preset' in target) {
        const preset = presetFor(target.preset);
        if (!preset.ok) return preset;
        return unlockApp(os, preset.value.exe, preset.value.guards);
      }
      return unlockApp(os, target.exe, target.guards);
    },

    async launch(target: LaunchTarget, onProgress) {
      const invalid = badCount(target.count, 'the instance count');
      if (invalid) return invalid;
      let plan: Outcome<LaunchPlan>;
      let claimKey: string | undefined;
      let labelled: PresetView | undefined;
      if ('preset' in target) {
        const found = presetFor(target.preset);
        if (!found.ok) return found;
        const allowed = trustedOrConfirmed(found.value, target.confirmed);
        if (!allowed.ok) return allowed;
        // --only: exactly the copies with these labels (their indices), so each keeps its data folder.
        const indexer = copies.indexerFor(found.value, target.only);
        if (!indexer.ok) return indexer;
        claimKey = found.value.id;
        labelled = found.value;
        plan = await planFor(found.value, target.count, target.path, indexer.value);
      } else {
        const exe = path.win32.basename(target.path);
        const unsafe = programPathProblem(exe, target.path, 'path');
        if (unsafe) return { ok: false, error: { ...engineError('PRESET_UNSAFE', unsafe.message), field: unsafe.field } };
        const located = await locateExe(os, { exe, given: target.path, env });
        plan = located.ok
          ? { ok: true, value: { exePath: located.value.path, exe, guards: target.guards, args: [], count: target.count, processEnv: env } }
          : { ok: false, error: notFound(exe, located.tried) };
      }
      if (!plan.ok) {
        if (plan.error.code !== 'EXE_NOT_FOUND') return plan;
        return { ok: true, value: { launched: [], running: 0, exe: null, closed: [], failed: [{ pid: null, handle: null, ...plan.error }] } };
      }
      // Elevated starts (the UAC prompt) only ever on the user's explicit request.
      if (target.elevate) plan.value.elevate = true;
      let held = claimKey ? claims.get(claimKey) : undefined;
      if (claimKey && !held) claims.set(claimKey, (held = { held: [] }));
      const launched = await launchInstances(os, plan.value, onProgress, timing, held);
      // A launch that made every copy it started run is a compatibility record (local only).
      if (claimKey && launched.ok && launched.value.failed.length === 0 && launched.value.launched.length > 0) {
        const version = await os.fileVersion(plan.value.exePath);
        compat.record(claimKey, version.ok ? version.value : null, 'launched');
      }
      if (labelled && launched.ok) await copies.afterLaunch(labelled, launched.value.launched.map((l) => l.pid));
      return launched;
    },

    async check(target, onProgress) {
      const found = presetFor(target.preset);
      if (!found.ok) return found;
      // A check starts the preset's program like a launch does: an untrusted preset is confirmed by launching it first.
      const allowed = trustedOrConfirmed(found.value, false);
      if (!allowed.ok) return allowed;
      const planned = await planFor(found.value, 2, target.path);
      if (!planned.ok) return planned;
      const exePath = planned.value.exePath;
      const checked = await checkPreset(os, { preset: found.value, exePath, copyOptions: presetCopyOptions(os, found.value, exePath, env), registryJournal }, onProgress, options.learnTiming ?? DEFAULT_LEARN_TIMING);
      if (checked.ok && checked.value.status === 'ok') compat.record(found.value.id, checked.value.appVersion, 'checked');
      return checked;
    },

    releaseClaims(presetId) {
      let released = 0;
      for (const [id, claim] of claims) {
        if (presetId !== undefined && id !== presetId) continue;
        for (const h of claim.held) h.release();
        released += claim.held.length;
        claims.delete(id);
      }
      return released;
    },

    async listPresets() {
      const listed = presets.list();
      if (!listed.ok) return listed;
      // The local record of what last worked here wins over one an imported preset brought along.
      return {
        ok: true,
        value: listed.value.map((p) => {
          const last = compat.lastWorked(p.id);
          return last ? { ...p, lastWorked: last } : p;
        }),
      };
    },

    async savePreset(preset: Preset) {
      const saved = presets.save([preset]);
      if (!saved.ok) return saved;
      const first = saved.value[0];
      return first ? { ok: true, value: first } : { ok: false, error: engineError('PRESET_INVALID', 'nothing was saved') };
    },

    async removePreset(id: string) {
      return presets.remove(id);
    },

    async reviewImport(document) {
      return reviewImport(presets, document);
    },

    async importPresets(document, importOptions = {}) {
      return importPresetsReviewed(presets, document, importOptions.confirmed === true);
    },

    async exportPresets() {
      // What last worked travels with an export, so whoever imports a shared preset sees it.
      const doc = presets.exportDocument();
      if (!doc.ok) return doc;
      return { ok: true, value: { ...doc.value, presets: doc.value.presets.map((p) => ({ ...p, ...(compat.lastWorked(p.id) ? { lastWorked: compat.lastWorked(p.id) } : {}) })) } };
    },

    async learn(target, onProgress) {
      const exe = path.win32.basename(target.path);
      const unsafe = programPathProblem(exe, target.path, 'path');
      if (unsafe) return { ok: false, error: { ...engineError('PRESET_UNSAFE', unsafe.message), field: unsafe.field } };
      const located = await locateExe(os, { exe, given: target.path, env });
      if (!located.ok) return { ok: false, error: notFound(exe, located.tried) };
      return learnGuards(os, located.value.path, onProgress, options.learnTiming ?? DEFAULT_LEARN_TIMING);
    },

    async startWatch(target) {
      const found = presetFor(target.preset);
      if (!found.ok) return found;
      const preset = found.value;
      // Keeping N running starts copies with nobody watching: only a preset the user confirmed.
      if (target.keep !== undefined) {
        const allowed = trustedOrConfirmed(preset, false);
        if (!allowed.ok) return allowed;
      }
      const invalid = target.keep === undefined ? null : badCount(target.keep, 'keep');
      if (invalid) return invalid;
      let plan: LaunchPlan | undefined;
      if (target.keep !== undefined) {
        const planned = await planFor(preset, target.keep);
        if (!planned.ok) return planned;
        plan = planned.value;
      }
      // Swap before any await: two quick starts (or a stop in between) must never leave a watcher nobody can reach.
      const previous = watchers.get(preset.id);
      const watcher = new GuardWatcher(
        os,
        {
          presetId: preset.id,
          exe: preset.exe,
          guards: preset.guards,
          ...(plan ? { plan } : {}),
          ...(target.keep !== undefined ? { keep: target.keep } : {}),
          ...(preset.strategy === 'preclaim' && preset.preclaim ? { preclaim: preset.preclaim } : {}),
        },
        (event) => options.onWatchEvent?.(event),
        options.watchTiming ?? DEFAULT_WATCH_TIMING,
      );
      watchers.set(preset.id, watcher);
      await previous?.stop();
      if (watchers.get(preset.id) === watcher) watcher.start();
      return { ok: true, value: watcher.snapshot };
    },

    async setWatchPaused(target) {
      const watcher = watchers.get(target.preset.toLowerCase());
      if (!watcher) return { ok: false, error: engineError('NOT_RUNNING', `no watcher for "${target.preset}" is running`) };
      watcher.setPaused(target.paused);
      return { ok: true, value: watcher.snapshot };
    },

    async stopWatch(target) {
      const id = target.preset.toLowerCase();
      const watcher = watchers.get(id);
      if (!watcher) return { ok: false, error: engineError('NOT_RUNNING', `no watcher for "${target.preset}" is running`) };
      watchers.delete(id);
      await watcher.stop();
      return { ok: true, value: { stopped: id } };
    },

    async listWatches() {
      return { ok: true, value: [...watchers.values()].map((w) => w.snapshot) };
    },

    async createShortcut(target) {
      const found = presetFor(target.preset);
      if (!found.ok) return found;
      const invalid = badCount(target.count, 'the instance count');
      if (invalid) return invalid;
      const launcher = options.launcher;
      if (!launcher) return { ok: false, error: engineError('UNSUPPORTED', 'this front end cannot make shortcuts') };
      const title = `Multiopen - ${found.value.name.replace(/[\\/:*?"<>|]/g, '_')} x${target.count}.lnk`;
      const args = launcher.argsFor(found.value.id, target.count);
      const bytes = buildShortcut({ target: launcher.target, args, description: `Multiopen: ${found.value.name} x${target.count}`, minimized: true });
      let file: string;
      if (typeof target.where === 'object') {
        file = target.where.file;
        try {
          writeFileAtomic(file, bytes);
        } catch (error) {
          return { ok: false, error: engineError('FILE_ERROR', `cannot write ${file}: ${(error as Error).message}`) };
        }
      } else {
        // The user's real Desktop / Startup folder (the registry's), which must exist: it is never created.
        const folder = await shortcutFolder(os, target.where, env);
        if (!folder.ok) return folder;
        file = inFolder(folder.value.folder, title);
        const written = writeIntoExistingFolder(target.where, file, bytes);
        if (!written.ok) return written;
      }
      return { ok: true, value: { file, target: launcher.target, args } };
    },

    async shutdown() {
      copies.stop();
      for (const w of watchers.values()) await w.stop();
      watchers.clear();
      this.releaseClaims();
    },
  };
}
