/**
 * Global setup of the "win" suite: prepares Wine (on Linux), builds the fixture programs and the CLI,
 * keeps a persistent wineserver for faster starts, and kills every Wine process of the suite's prefix at
 * the end. A missing Wine or mingw fails loudly with what to install; it never skips silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { cliScript, isWindows, killAllWine, killFixtures, repoRoot, wineEnv, winePrefix, wineNode } from './harness';

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

/** Builds the CLI when it is missing or older than its sources; returns why it could not be built, or null. */
function ensureCli(): string | null {
  const sources = Math.max(...['cli', 'core', 'native-bindings'].map((d) => newestMtime(join(repoRoot, d))));
  if (existsSync(cliScript) && statSync(cliScript).mtimeMs >= sources) return null;
  if (process.env.MULTIOPEN_SKIP_BUILD && existsSync(cliScript)) return null;
  const r = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000, shell: isWindows });
  if (r.error || r.status !== 0) {
    return `"npm run build" failed (${r.error ? r.error.message : `exit ${String(r.status)}`}): ${(r.stderr || r.stdout || '').slice(-2000)}`;
  }
  return existsSync(cliScript) ? null : `"npm run build" succeeded but ${cliScript} does not exist`;
}

/** Vitest global setup; returns the teardown. */
export default function setup(project: TestProject): () => Promise<void> {
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
  run('building the fixtures (tests/fixtures/build.sh)', 'bash', [join(repoRoot, 'tests', 'fixtures', 'build.sh')]);
  project.provide('cliError', ensureCli());

  if (!isWindows) {
    // persistent wineserver: later program starts skip starting the server and its services
    // (exits non-zero when a server is already running for the prefix: that one is used as it is)
    spawnSync('wineserver', ['-p'], { env: wineEnv(), stdio: 'ignore', timeout: 30_000 });
    run('warming up Wine', 'wine', ['cmd', '/c', 'exit'], wineEnv(), 120_000);
  }

  return async () => {
    await killFixtures().catch(() => undefined);
    killAllWine();
  };
}
