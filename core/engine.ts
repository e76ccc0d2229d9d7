import * as path from 'node:path';
import type { OsApi } from '../native-bindings/os-api';
import { describeFailure, engineError } from './errors';
import { findHandles } from './handles';
import { DEFAULT_LAUNCH_TIMING, launchInstances, type LaunchClaims, type LaunchPlan, type LaunchTiming } from './launch';
import { locateExe } from './locate';
import type { EngineApi, LaunchTarget, Outcome, Preset, PresetView, ProcessRow, UnlockTarget } from './model';
import { PresetStore, resolveHome } from './presets/store';
import { closeHandle, unlockApp } from './unlock';

/** Options of an engine instance. */
export interface EngineOptions {
  /** Folder of the user's presets (MULTIOPEN_HOME); resolved from the environment when absent. */
  home?: string;
  timing?: LaunchTiming;
  env?: NodeJS.ProcessEnv;
}

/** The engine plus the preset store, for front ends that need more than the shared API (CLI import/export). */
export interface Engine extends EngineApi {
  readonly presets: PresetStore;
  /** Releases the objects pre-claimed for a preset (all presets when absent); returns how many were released. */
  releaseClaims(presetId?: string): number;
}

/** Builds the engine over an OsApi. */
export function createEngine(os: OsApi, options: EngineOptions = {}): Engine {
  const env = options.env ?? process.env;
  const presets = new PresetStore(options.home ?? resolveHome(env));
  const timing = options.timing ?? DEFAULT_LAUNCH_TIMING;

  const presetFor = (id: string): Outcome<PresetView> => presets.get(id);
  // Pre-claimed objects per preset: they must outlive one launch, so that later copies can start too.
  const claims = new Map<string, LaunchClaims>();

  return {
    presets,

    async listProcesses(query) {
      const listed = await os.listProcesses();
      if (!listed.ok) return { ok: false, error: describeFailure(listed.failure, 'listing processes') };
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
      if (!Number.isInteger(target.count) || target.count < 1 || target.count > 64) {
        return { ok: false, error: engineError('USAGE', `the instance count must be a whole number from 1 to 64, not ${target.count}`) };
      }
      const listed = await os.listProcesses();
      if (!listed.ok) return { ok: false, error: describeFailure(listed.failure, 'listing processes') };
      let plan: Omit<LaunchPlan, 'exePath'>;
      let located;
      let claimKey: string | undefined;
      if ('preset' in target) {
        const found = presetFor(target.preset);
        if (!found.ok) return found;
        const preset = found.value;
        claimKey = preset.id;
        plan = {
          exe: preset.exe,
          guards: preset.guards,
          args: preset.args ?? [],
          count: target.count,
          instanceDir: preset.instanceDir,
          env: preset.env,
          preclaim: preset.strategy === 'preclaim' ? preset.preclaim : undefined,
          processEnv: env,
        };
        located = await locateExe(os, { exe: preset.exe, given: target.path, chosen: preset.path, sources: preset.locate, processes: listed.value, env });
      } else {
        plan = { exe: path.win32.basename(target.path), guards: target.guards, args: [], count: target.count, processEnv: env };
        located = await locateExe(os, { exe: plan.exe, given: target.path, env });
      }
      if (!located.ok) {
        return {
          ok: true,
          value: {
            launched: [],
            running: 0,
            exe: null,
            closed: [],
            failed: [{ pid: null, handle: null, ...engineError('EXE_NOT_FOUND', `${plan.exe} was not found; looked at: ${located.tried.join('; ')}. Pass --path or set the path in the preset`) }],
          },
        };
      }
      let held = claimKey ? claims.get(claimKey) : undefined;
      if (claimKey && !held) claims.set(claimKey, (held = { held: [] }));
      return launchInstances(os, { ...plan, exePath: located.value.path }, onProgress, timing, held);
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
      return presets.list();
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
  };
}
