/**
 * Global setup of the "win" suite: prepares Wine (on Linux), builds the fixture programs and the CLI,
 * keeps a persistent wineserver for faster starts, and kills every Wine process of the suite's prefix at
 * the end. A missing Wine or mingw fails loudly with what to install; it never skips silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { cliScript, discardTestState, isWindows, killAllWine, killFixtures, registryJournal, repoRoot, undoRegistryChange, wineEnv, winePrefix, wineNode } from './harness';
import { replayJournal } from './registry-journal';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the CLI could not be built (null when dist/cli/multiopen.cjs is ready). */
    cliError: string | null;
  }
}

function run(what: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000): void {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: timeoutMs });
  if (r.error || r.status !== 0) {
    const detail = r.error ? r.error.message : `exit ${String(r.status)}`;
    throw new Error(`win suite setup: ${what} failed (${detail})\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
  if (process.env.MULTIOPEN_WIN_VERBOSE) console.log(`win suite setup: ${what} took ${Date.now() - started} ms`);
}

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Folders whose files go into the CLI (a file added there is newer than the build, even before it is imported). */
const CLI_SOURCE_DIRS = ['cli', 'core', 'native-bindings', join('electron', 'shared')];
/** Every input of the last CLI build, written beside it by scripts/build.mjs. */
const cliInputsFile = join(repoRoot, 'dist', 'cli', 'multiopen.inputs.json');

/** Newest modification time among the CLI's sources; Infinity when a listed input is gone or the list is missing. */
function newestCliSource(): number {
  let inputs: string[];
  try {
    inputs = JSON.parse(readFileSync(cliInputsFile, 'utf8')) as string[];
  } catch {
    return Infinity;
  }
  const files = [...inputs, 'package.json', join('scripts', 'build.mjs')].map((f) => join(repoRoot, f));
  const fileTimes = files.map((f) => (existsSync(f) ? statSync(f).mtimeMs : Infinity));
  return Math.max(...fileTimes, ...CLI_SOURCE_DIRS.map((d) => newestMtime(join(repoRoot, d))));
}

/**
 * Builds the CLI (`node scripts/build.mjs cli`) when it is missing or older than any file it is built
 * from; returns why it cannot be run, or null. A failed rebuild is reported, never hidden by testing an
 * older build: every CLI test then fails with the build error (the fixture self-tests still run).
 * MULTIOPEN_SKIP_BUILD=1 tests the existing build as it is.
 */
function ensureCli(): string | null {
  if (existsSync(cliScript) && (process.env.MULTIOPEN_SKIP_BUILD || statSync(cliScript).mtimeMs >= newestCliSource())) return null;
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), 'cli'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  if (!r.error && r.status === 0 && existsSync(cliScript)) return null;
  const why = r.error ? r.error.message : r.status === 0 ? `it did not produce ${cliScript}` : `exit ${String(r.status)}`;
  return `"node scripts/build.mjs cli" failed (${why}): ${(r.stderr || r.stdout || '').slice(-2000)}`;
}

/** Vitest global setup; returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!isWindows) {
    if (!has('wine', ['--version'])) {
      throw new Error(
        'win suite: Wine is not installed. On Debian/Ubuntu: apt-get install -y wine64 wine ' +
          '(the suite runs the real Windows API under Wine; it is never skipped).',
      );
    }
    if (!has('x86_64-w64-mingw32-gcc', ['--version'])) {
      throw new Error('win suite: mingw-w64 is not installed. On Debian/Ubuntu: apt-get install -y gcc-mingw-w64-x86-64');
    }
    run('scripts/setup-wine.sh', 'bash', [join(repoRoot, 'scripts', 'setup-wine.sh')]);
    if (!existsSync(wineNode)) throw new Error(`win suite: ${wineNode} is missing after scripts/setup-wine.sh`);
    if (!existsSync(join(winePrefix, 'system.reg'))) {
      // a private prefix chosen with MULTIOPEN_WINEPREFIX: create it like setup-wine.sh does
      spawnSync('wineboot', ['-i'], { env: wineEnv(), stdio: 'ignore', timeout: 180_000 });
      spawnSync('wineserver', ['-w'], { env: wineEnv(), stdio: 'ignore', timeout: 180_000 });
      if (!existsSync(join(winePrefix, 'system.reg'))) throw new Error(`win suite: could not create the Wine prefix ${winePrefix}`);
    }
  }
  // A run that was killed half-way left registry values changed: put them back before anything else.
  const notUndone = replayJournal(registryJournal, undoRegistryChange);
  if (notUndone.length > 0) throw new Error(`win suite: could not restore registry values an earlier run changed: ${notUndone.map((c) => `${c.key}\\${c.name}`).join(', ')}`);
  run('building the fixtures (tests/fixtures/build.sh)', 'bash', [join(repoRoot, 'tests', 'fixtures', 'build.sh')]);
  project.provide('cliError', ensureCli());

  if (!isWindows) {
    // leftovers of an aborted earlier run would hold guards the tests expect to be free
    await killFixtures();
    // persistent wineserver: later program starts skip starting the server and its services
    // (exits non-zero when a server is already running for the prefix: that one is used as it is)
    spawnSync('wineserver', ['-p'], { env: wineEnv(), stdio: 'ignore', timeout: 30_000 });
    // warm-up: starts Wine's services now rather than in the first test. Output is not piped: those
    // services inherit the caller's stdio and keep a pipe open for as long as they run.
    const warm = spawnSync('wine', ['cmd', '/c', 'exit'], { env: wineEnv(), stdio: 'ignore', timeout: 120_000 });
    if (warm.error || warm.status !== 0) throw new Error(`win suite setup: "wine cmd /c exit" failed (${warm.error?.message ?? `exit ${String(warm.status)}`})`);
  }

  return async () => {
    await killFixtures().catch(() => undefined);
    discardTestState();
    killAllWine();
  };
}
