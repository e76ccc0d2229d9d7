/**
 * Harness of the "win" suite: runs the real CLI and the fixture apps on the real Windows API, natively on
 * Windows or under Wine on Linux. Every wait is bounded and fails with a message saying what it waited for.
 *
 * Under Wine: node.exe dies with EBADF when its stdout/stderr is a pipe, so the CLI's output goes to files;
 * fixture apps report "<pid> started|refused|exited" to the file named by MULTIOPEN_FIXTURE_LOG, and that
 * pid is the Windows PID the CLI sees (Wine's Unix PIDs are different numbers).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { beginTestState, cliScript, current, endTestState, existingTestState, FIXTURE_EXES, fixturesBin, isWindows, repoRoot, sleep, tempPath, waitFor, wineEnv, winePrefix, winPath, type FixtureExe } from './harness-base';
import { runCli, supervise } from './harness-cli';
import { forgetChange, recordChange, type RegistryChange } from './registry-journal';

export * from './harness-base';
export * from './harness-cli';

/** Gives each test a fresh MULTIOPEN_HOME and temp folder, and afterwards stops its fixtures, every fixture-named process, and restores registry values. */
export function useWinTestLifecycle(): void {
  beforeEach(() => {
    beginTestState();
  });
  afterEach(async () => {
    await cleanupTest();
  });
}

/** Stops the current test's fixtures and every running fixture-named process, restores registry values, removes temp files. */
export async function cleanupTest(): Promise<void> {
  const s = existingTestState();
  if (!s) return;
  const errors: unknown[] = [];
  for (const b of s.background) await b.stop().catch((e: unknown) => errors.push(e));
  for (const f of s.fixtures) await f.stop().catch((e: unknown) => errors.push(e));
  await killFixtures().catch((e: unknown) => errors.push(e));
  for (const r of s.restores.reverse()) await r().catch((e: unknown) => errors.push(e));
  discardTestState();
  if (errors.length > 0) throw new AggregateError(errors, `cleanup failed: ${errors.map(String).join('; ')}`);
}

/** Removes the current temp folder (if any) without stopping anything. */
export function discardTestState(): void {
  const s = endTestState();
  if (s) rmSync(s.dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures

/** What a fixture copy reported: it got its guard, it found the guard taken, it quit at once, or it failed. */
export type FixtureOutcome = 'started' | 'refused' | 'exited' | 'failed';

/** One line of a fixture log. */
export interface FixtureLogLine {
  pid: number;
  event: FixtureOutcome;
}

/** Parses a fixture log ("<pid> started|refused|exited|failed" per line); a missing file is an empty log. */
export function fixtureLog(path: string): FixtureLogLine[] {
  if (!existsSync(path)) return [];
  const lines: FixtureLogLine[] = [];
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^(\d+) (started|refused|exited|failed)$/.exec(raw.trim());
    if (m) lines.push({ pid: Number(m[1]), event: m[2] as FixtureOutcome });
  }
  return lines;
}

/** Values a fixture logged as "<pid> KEY VALUE" lines (ArgsApp.exe: cmdline, env), in log order. */
export function fixtureValues(path: string, key: string): { pid: number; value: string }[] {
  if (!existsSync(path)) return [];
  const values: { pid: number; value: string }[] = [];
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^(\d+) (\S+) (.*)$/.exec(raw);
    if (m && m[2] === key) values.push({ pid: Number(m[1]), value: m[3] ?? '' });
  }
  return values;
}

/** A started fixture program. */
export interface Fixture {
  /** Windows PID (GetCurrentProcessId() of the fixture, as the CLI sees it). */
  pid: number;
  outcome: FixtureOutcome;
  /** The log file the fixture writes to (Linux path). */
  log: string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Kills the process (no-op when it has ended) and waits for it to end. */
  stop(): Promise<void>;
}

/** Options of `startFixture`. */
export interface FixtureOptions {
  env?: Record<string, string | undefined>;
  args?: string[];
  /** Run the exe from this folder instead of tests/fixtures/bin (a copy must already be there). */
  dir?: string;
  /** Log file (Linux path); a fresh one by default. */
  log?: string;
  timeoutMs?: number;
}

/** Starts a fixture (detached, under Wine on Linux), waits until it logs its outcome, and returns its Windows PID. */
export async function startFixture(name: FixtureExe, opts: FixtureOptions = {}): Promise<Fixture> {
  const exe = join(opts.dir ?? fixturesBin, name);
  if (!existsSync(exe)) throw new Error(`${exe} is missing: run tests/fixtures/build.sh`);
  const log = opts.log ?? tempPath(`${name}.log`);
  const before = fixtureLog(log).length;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const env = wineEnv({ MULTIOPEN_FIXTURE_LOG: winPath(log), ...opts.env });
  const [cmd, args] = isWindows ? [exe, opts.args ?? []] : ['wine', [exe, ...(opts.args ?? [])]];
  const child = spawn(cmd, args, { env, detached: true, stdio: 'ignore', windowsHide: true });
  child.unref();
  const { exited, exitCode: currentExit, stop } = supervise(child, () => `${name} (Windows PID ${pid})`);
  let pid = -1;
  const fixture: Fixture = { pid, outcome: 'failed', log, exited, stop };
  current().fixtures.push(fixture);
  const line = await waitFor(
    `${name} to log its outcome to ${log}`,
    () => {
      const l = fixtureLog(log).slice(before)[0];
      if (l) return l;
      if (currentExit() !== undefined) throw new Error(`${name} ended with exit code ${String(currentExit())} before logging anything`);
      return undefined;
    },
    timeoutMs,
  );
  pid = line.pid;
  fixture.pid = line.pid;
  fixture.outcome = line.event;
  if (line.event !== 'started') {
    // a refused or quitting copy exits by itself; wait for it so it does not linger into the next step
    await Promise.race([exited, sleep(10_000)]);
  }
  return fixture;
}

/** Starts a second copy of a fixture and returns only its outcome ("refused" when the guard is held). */
export async function tryStart(name: FixtureExe, opts: FixtureOptions = {}): Promise<FixtureOutcome> {
  return (await startFixture(name, opts)).outcome;
}

/** Copies fixture exes into a fresh folder of the current test (an "install dir"); returns its Linux path. */
export function installCopy(names: FixtureExe[], stem = 'install'): string {
  const dir = tempPath(stem);
  mkdirSync(dir, { recursive: true });
  for (const n of names) copyFileSync(join(fixturesBin, n), join(dir, n));
  return dir;
}

/** Linux PIDs of running Wine processes of the suite's prefix whose image is one of `names`. */
function winePidsOf(names: readonly string[]): number[] {
  const comms = new Set(names.map((n) => n.slice(0, 15).toLowerCase()));
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) (\S)/.exec(stat);
      if (!m || m[2] === 'Z' || !comms.has((m[1] ?? '').toLowerCase())) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (!environ.includes(`WINEPREFIX=${winePrefix}`)) continue;
      pids.push(Number(entry));
    } catch {
      // process ended while reading, or not ours to read
    }
  }
  return pids;
}

/** Kills every running process named like a fixture (also copies launched by the CLI) and waits until they are gone. */
export async function killFixtures(names: readonly string[] = FIXTURE_EXES): Promise<void> {
  if (isWindows) {
    await killOwnWindowsProcesses(names);
    return;
  }
  for (const pid of winePidsOf(names)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await waitFor('fixture processes to end', () => (winePidsOf(names).length === 0 ? true : undefined), 10_000);
}

/**
 * On Windows, kills only fixture-named processes whose image lies in tests/fixtures/bin or in a temp folder
 * of this suite, found with the CLI's own `ps` (never a user's real WeChat.exe of the same name).
 */
async function killOwnWindowsProcesses(names: readonly string[]): Promise<void> {
  if (!existsSync(cliScript)) return;
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const ours = (p: string | null): boolean => {
    const lower = (p ?? '').toLowerCase();
    return lower.startsWith(fixturesBin.toLowerCase()) || lower.startsWith(join(tmpdir(), 'multiopen-win-').toLowerCase());
  };
  const r = await runCli<{ pid: number; name: string; path: string | null }[]>(['ps', '--json'], { home: tmpdir() });
  for (const p of r.json ?? []) {
    if (wanted.has(p.name.toLowerCase()) && ours(p.path)) {
      spawnSync('taskkill', ['/F', '/T', '/PID', String(p.pid)], { stdio: 'ignore', windowsHide: true });
    }
  }
}

/** Number of live processes of the suite's prefix with the given exe name, seen from Linux (independent of the CLI). */
export function countWineProcesses(name: string): number {
  if (isWindows) throw new Error('countWineProcesses works under Wine only');
  return winePidsOf([name]).length;
}

// ---------------------------------------------------------------------------------------------------------
// Registry and Wine

/**
 * Runs a Windows console tool (under Wine on Linux) with its output in files: a Wine program may start
 * services that inherit a pipe and keep it open long after the tool has ended.
 */
function runTool(cmd: string, args: string[], timeoutMs = 30_000): { code: number | null; stdout: string; stderr: string } {
  const [c, a] = isWindows ? [cmd, args] : ['wine', [cmd, ...args]];
  const dir = mkdtempSync(join(tmpdir(), 'multiopen-tool-'));
  try {
    const out = openSync(join(dir, 'out'), 'w');
    const err = openSync(join(dir, 'err'), 'w');
    let r;
    try {
      r = spawnSync(c, a, { env: wineEnv(), stdio: ['ignore', out, err], timeout: timeoutMs, windowsHide: true });
    } finally {
      closeSync(out);
      closeSync(err);
    }
    if (r.error) throw new Error(`${cmd} ${args.join(' ')} failed to run: ${r.error.message}`);
    return { code: r.status, stdout: readFileSync(join(dir, 'out'), 'utf8'), stderr: readFileSync(join(dir, 'err'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a REG_SZ value (e.g. key "HKCU\\Software\\Tencent\\WeChat"); null when absent. */
export function getRegistryValue(key: string, name: string): string | null {
  const r = runTool('reg', ['query', key, '/v', name]);
  if (r.code !== 0) return null;
  for (const line of r.stdout.split(/\r?\n/)) {
    const m = /^\s+(.+?)\s+REG_\w+\s+(.*)$/.exec(line);
    if (m && m[1]?.toLowerCase() === name.toLowerCase()) return m[2] ?? '';
  }
  return null;
}

/** Where the suite writes down registry changes before making them (per Wine prefix; the user's own registry on Windows). */
export const registryJournal = isWindows ? join(repoRoot, '.cache', 'win-registry-journal.json') : join(winePrefix, 'multiopen-test-registry-journal.json');

/** Puts one registry value back as it was; true when that worked. */
export function undoRegistryChange(change: Pick<RegistryChange, 'key' | 'name' | 'previous'>): boolean {
  const undo =
    change.previous === null
      ? runTool('reg', ['delete', change.key, '/v', change.name, '/f'])
      : runTool('reg', ['add', change.key, '/v', change.name, '/t', 'REG_SZ', '/d', change.previous, '/f']);
  // Deleting a value that is already gone is fine.
  return undo.code === 0 || (change.previous === null && getRegistryValue(change.key, change.name) === null);
}

/** Sets a REG_SZ value with `reg add`; the previous state is restored when the test ends, or by the next run when this one is killed. */
export function setRegistryValue(key: string, name: string, value: string): void {
  const previous = getRegistryValue(key, name);
  const change = { id: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`, key, name, previous };
  recordChange(registryJournal, change);
  const r = runTool('reg', ['add', key, '/v', name, '/t', 'REG_SZ', '/d', value, '/f']);
  if (r.code !== 0) throw new Error(`reg add ${key} /v ${name} failed (${String(r.code)}): ${r.stdout}${r.stderr}`);
  current().restores.push(async () => {
    if (!undoRegistryChange(change)) throw new Error(`could not restore ${key}\\${name}`);
    forgetChange(registryJournal, change.id);
  });
}

/** Ends one process by its Windows PID (`taskkill /F /PID`, Wine's own under Wine), e.g. a copy the CLI launched. */
export function killWindowsProcess(pid: number): void {
  const r = runTool('taskkill', ['/F', '/PID', String(pid)]);
  if (r.code !== 0) throw new Error(`taskkill /F /PID ${pid} failed (${String(r.code)}): ${r.stdout}${r.stderr}`);
}

/** Kills every process of the suite's Wine prefix, the wineserver included (`wineserver -k`); a no-op on Windows. */
export function killAllWine(): void {
  if (isWindows) return;
  spawnSync('wineserver', ['-k'], { env: wineEnv(), stdio: 'ignore', timeout: 30_000 });
}

/** The exe name part of a Windows or Linux path. */
export function exeName(path: string): string {
  return basename(path.replace(/\\/g, '/'));
}


/**
 * A display of the test file's own, for fixtures that show windows (Wine needs one; nothing on Windows):
 * an Xvfb on a free number from `first` up, with this file's Wine started afresh before it and ended after
 * it, because Wine's desktop process outlives a file and stays tied to the display it started on. Every
 * Wine program of the file runs on it (DISPLAY is set for the file: the first one started brings up the
 * desktop). Returns that environment, for runs that name it explicitly.
 */
export function useOwnDisplay(first: number): () => Record<string, string> {
  let xvfb: ReturnType<typeof spawn> | null = null;
  let env: Record<string, string> = {};
  const before = process.env.DISPLAY;
  beforeAll(async () => {
    if (isWindows) return;
    killAllWine();
    let n = first;
    while (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) n++;
    xvfb = spawn('Xvfb', [`:${n}`, '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    xvfb.once('error', () => {});
    await waitFor(`Xvfb :${n} to start (install it with: apt-get install -y xvfb)`, () => (existsSync(`/tmp/.X11-unix/X${n}`) ? true : undefined), 15_000, 100);
    env = { DISPLAY: `:${n}` };
    process.env.DISPLAY = env.DISPLAY;
  });
  afterAll(async () => {
    if (isWindows) return;
    killAllWine();
    if (before === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = before;
    xvfb?.kill('SIGTERM');
    await sleep(100);
  });
  return () => env;
}
