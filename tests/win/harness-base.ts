/**
 * The ground of the "win" suite's harness: where things are (repository, fixtures, the built CLI, Wine's
 * node.exe and prefix), the Wine environment, bounded waits, and each test's own state (temp folder,
 * MULTIOPEN_HOME, what to stop and restore afterwards).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** True when the suite runs on real Windows rather than under Wine. */
export const isWindows = process.platform === 'win32';
/** Folder of the built fixture programs. */
export const fixturesBin = join(repoRoot, 'tests', 'fixtures', 'bin');
/** The built CLI. */
export const cliScript = join(repoRoot, 'dist', 'cli', 'multiopen.cjs');
/** The Windows node.exe used under Wine. */
export const wineNode = join(repoRoot, '.cache', 'win', 'node', 'node.exe');
/** The Wine prefix of the suite; MULTIOPEN_WINEPREFIX overrides it (e.g. to keep away from other Wine users). */
export const winePrefix = process.env.MULTIOPEN_WINEPREFIX ?? join(repoRoot, '.cache', 'wineprefix');

/** Exe names of every fixture program (what cleanup looks for). */
export const FIXTURE_EXES = [
  'WeChat.exe',
  'Weixin.exe',
  'LockFileApp.exe',
  'EventApp.exe',
  'SemaphoreApp.exe',
  'SectionApp.exe',
  'WXWork.exe',
  'UnicodeApp.exe',
  'DingTalk.exe',
  'ChildGuard.exe',
  'ChildGuardHelper.exe',
  'Plain.exe',
  'ExitAtOnce.exe',
  'ManyHandles.exe',
  'RobloxPlayerBeta.exe',
  'LockHolderApp.exe',
  'LockHolder.exe',
  'ArgsApp.exe',
  'ProtectedApp.exe',
  'ReuseApp.exe',
  'PendingPipeApp.exe',
  'ElevatedApp.exe',
  'TimerApp.exe',
  'JobApp.exe',
  'PipeApp.exe',
  'WindowApp.exe',
  'titled/WeChat.exe',
  'PrivateNsApp.exe',
] as const;
/** A fixture program name. */
export type FixtureExe = (typeof FIXTURE_EXES)[number];

/** Exit code of a fixture copy that found its guard taken. */
export const EXIT_REFUSED = 3;

/** Unicode guard name of UnicodeApp.exe ("多开测试_互斥体"). */
export const UNICODE_GUARD = '\u591a\u5f00\u6d4b\u8bd5_\u4e92\u65a5\u4f53';

/** Converts a Linux path to the Wine path of the same file (Z:\...); a no-op on Windows. */
export function winPath(linuxPath: string): string {
  if (isWindows) return resolve(linuxPath);
  return 'Z:' + resolve(linuxPath).replace(/\//g, '\\');
}

/** Environment for Wine programs: the suite's prefix, quiet logs, and node.exe's platform check off. */
export function wineEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_SKIP_PLATFORM_CHECK: '1' };
  if (!isWindows) {
    env.WINEPREFIX = winePrefix;
    env.WINEDEBUG = '-all';
    env.WINEDLLOVERRIDES = 'mscoree,mshtml=';
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Sleeps for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs` saying `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}


// ---------------------------------------------------------------------------------------------------------
// Per-test state: a temp folder (MULTIOPEN_HOME, logs, outputs), fixtures to stop, registry values to restore.

/** What one test set up and must undo. */
export interface TestState {
  dir: string;
  home: string;
  /** Fixture copies, stopped after the background runs. */
  fixtures: { stop(): Promise<void> }[];
  /** Background CLI runs (startCli), stopped before the fixtures. */
  background: { stop(): Promise<void> }[];
  restores: (() => Promise<void>)[];
  seq: number;
}
let state: TestState | null = null;

/** The current test's state (made on first use, e.g. by a beforeAll). */
export function current(): TestState {
  if (!state) state = newState();
  return state;
}

/** Starts a fresh state for the next test and returns the one it replaces (null when none). */
export function beginTestState(): TestState | null {
  const previous = state;
  state = newState();
  return previous;
}

/** The current test's state, or null when there is none (nothing is made). */
export function existingTestState(): TestState | null {
  return state;
}

/** Forgets the current state and returns it (null when none), for the caller to undo and remove. */
export function endTestState(): TestState | null {
  const s = state;
  state = null;
  return s;
}

function newState(): TestState {
  const dir = mkdtempSync(join(tmpdir(), 'multiopen-win-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  return { dir, home, fixtures: [], background: [], restores: [], seq: 0 };
}

/** A fresh file path in the current test's temp folder. */
export function tempPath(stem: string): string {
  const s = current();
  s.seq += 1;
  return join(s.dir, `${s.seq}-${stem}`);
}

/** The current test's MULTIOPEN_HOME folder (Linux path). */
export function testHome(): string {
  return current().home;
}
