/**
 * The real engine (core/engine.ts) over the demo machine (demo-world.ts), for the browser-mode dev
 * server and the UI tests: built-in presets from the real catalog, user presets in a folder of its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { createEngine, type Engine } from '../../core/engine';
import type { LaunchTiming } from '../../core/launch';
import type { Preset, WatchEvent } from '../../core/model';
import { SHELL_FOLDERS_KEY } from '../../core/shortcut-folders';
import { createDemoWorld, DEMO_ENV, type DemoOsApi, type DemoWorldOptions } from './demo-world';

/** Options of the demo engine. */
export interface FakeEngineOptions extends DemoWorldOptions {
  /** Polls every few ms instead of a real machine's 150 ms, and settles in 20 ms instead of seconds: for tests. */
  quick?: boolean;
  /** Saved before the engine is used (they start unconfirmed, as any saved preset). */
  userPresets?: Preset[];
  /** Called with all user presets after each change (persistence in the dev server). */
  onPresetsChanged?: (presets: Preset[]) => void;
  /** Receives auto-unlock watcher events. */
  onWatchEvent?: (event: WatchEvent) => void;
}

/** The demo engine, with its machine for tests that change the world under the UI. */
export interface FakeEngine extends Engine {
  os: DemoOsApi;
}

// A demo app creates its guard startDelayMs after it starts, before the first poll looks: half a second
// is ample, and a test of a guard that never comes (GUARD_TIMEOUT) waits no longer than that.
const QUICK_LAUNCH: LaunchTiming = { pollMs: 2, guardTimeoutMs: 500, settleMs: 20 };

/** Creates the real engine over a fresh demo machine. */
export function createFakeEngine(options: FakeEngineOptions = {}): FakeEngine {
  const world = createDemoWorld(options);
  const home = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'multiopen-demo-'));
  // The core writes shortcut files itself (not through the OS layer): Desktop and Startup are real folders here.
  for (const place of ['Desktop', 'Startup']) {
    fs.mkdirSync(nodePath.join(home, place));
    world.setRegistry('HKCU', SHELL_FOLDERS_KEY, place, nodePath.join(home, place));
  }
  const engine = createEngine(world, {
    home,
    env: DEMO_ENV,
    launcher: { target: 'C:\\Program Files\\Multiopen\\Multiopen.exe', argsFor: (preset, count) => ['--launch', preset, '-n', String(count)] },
    ...(options.onWatchEvent ? { onWatchEvent: options.onWatchEvent } : {}),
    ...(options.quick
      ? { timing: QUICK_LAUNCH, actionTiming: { closeWaitMs: 300, pollMs: 10 }, learnTiming: { settleMs: 20, pollMs: 2, totalMs: 10_000 }, watchTiming: { intervalMs: 10, retryAfterFailureMs: 1_000, launch: QUICK_LAUNCH } }
      : {}),
  });
  if (options.userPresets?.length) {
    const saved = engine.presets.save(options.userPresets);
    if (!saved.ok) throw new Error(`demo user presets: ${saved.error.message}`);
  }
  const changed = <T extends { ok: boolean }>(outcome: T): T => {
    const user = outcome.ok && options.onPresetsChanged ? engine.presets.readUser() : null;
    if (user?.ok) options.onPresetsChanged?.(user.value);
    return outcome;
  };
  return {
    ...engine,
    os: world,
    savePreset: async (preset) => changed(await engine.savePreset(preset)),
    importPresets: async (document, importOptions) => changed(await engine.importPresets(document, importOptions)),
    removePreset: async (id) => changed(await engine.removePreset(id)),
  };
}
