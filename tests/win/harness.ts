/**
 * Harness of the "win" suite: runs the real CLI and the fixture apps on the real Windows API, natively on
 * Windows or under Wine on Linux. Every wait is bounded and fails with a message saying what it waited for.
 *
 * Under Wine: node.exe dies with EBADF when its stdout/stderr is a pipe, so the CLI's output goes to files;
 * fixture apps report "<pid> started|refused|exited" to the file named by MULTIOPEN_FIXTURE_LOG, and that
 * pid is the Windows PID the CLI sees (Wine's Unix PIDs are different numbers).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, inject } from 'vitest';
import { forgetChange, recordChange, type RegistryChange } from './registry-journal';

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

interface TestState {
  dir: string;
  home: string;
  fixtures: Fixture[];
  /** Background CLI runs (startCli), stopped before the fixtures. */
  background: { stop(): Promise<void> }[];
  restores: (() => Promise<void>)[];
  seq: number;
}
let state: TestState | null = null;

function current(): TestState {
  if (!state) state = newState();
  return state;
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

/** Gives each test a fresh MULTIOPEN_HOME and temp folder, and afterwards stops its fixtures, every fixture-named process, and restores registry values. */
export function useWinTestLifecycle(): void {
  beforeEach(() => {
    state = newState();
  });
  afterEach(async () => {
    await cleanupTest();
  });
}

/** Stops the current test's fixtures and every running fixture-named process, restores registry values, removes temp files. */
export async function cleanupTest(): Promise<void> {
  const s = state;
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
  if (state) rmSync(state.dir, { recursive: true, force: true });
  state = null;
}

// ---------------------------------------------------------------------------------------------------------
// CLI

/** Result of one CLI run. `json` is the parsed stdout when `--json` was passed and stdout parsed. */
export interface CliResult<T = unknown> {
  code: number | null;
  stdout: string;
  stderr: string;
  json?: T;
  /** Milliseconds the run took. */
  ms: number;
}

/** Options of `runCli`. */
export interface CliOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** MULTIOPEN_HOME as a Linux path; the current test's home by default. */
  home?: string;
}

function cliBuildError(): string | null {
  try {
    return inject('cliError');
  } catch {
    return null;
  }
}

/** The command line and environment that run `multiopen ...args` (node.exe under Wine on Linux). */
function cliCommand(args: string[], opts: CliOptions): { cmd: string; cmdArgs: string[]; env: NodeJS.ProcessEnv } {
  const buildError = cliBuildError();
  if (buildError) throw new Error(`the CLI could not be built, so it cannot be run: ${buildError}`);
  if (!existsSync(cliScript)) throw new Error(`${cliScript} is missing: run "npm run build"`);
  const env = wineEnv({ MULTIOPEN_HOME: winPath(opts.home ?? testHome()), ...opts.env });
  return isWindows
    ? { cmd: process.execPath, cmdArgs: [cliScript, ...args], env }
    : { cmd: 'wine', cmdArgs: [wineNode, 'dist/cli/multiopen.cjs', ...args], env };
}

/** A CLI command running in the background (e.g. `watch`), its output going to files. */
export interface BackgroundCli {
  /** Everything it has written to stdout so far. */
  output(): string;
  /** Everything it has written to stderr so far. */
  errors(): string;
  /** Resolves with the exit code when it ends. */
  exited: Promise<number | null>;
  /** Kills it (no-op when it has ended) and waits, bounded, until it has ended. */
  stop(): Promise<void>;
}

/** A started child process: its exit, its exit code once known, and a bounded kill. */
interface Supervised {
  exited: Promise<number | null>;
  /** undefined while it runs. */
  exitCode(): number | null | undefined;
  /** Kills it (no-op when it has ended) and waits at most 10 s for it to end. */
  stop(): Promise<void>;
}

/** Follows a child process's exit; `describe` names it in the error when a kill does not end it. */
function supervise(child: ChildProcess, describe: () => string): Supervised {
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((res) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      res(exitCode);
    });
    child.once('error', () => {
      exitCode = -1;
      res(-1);
    });
  });
  const stop = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGKILL');
    await Promise.race([
      exited,
      sleep(10_000).then(() => {
        throw new Error(`${describe()} did not end within 10 s of being killed`);
      }),
    ]);
  };
  return { exited, exitCode: () => exitCode, stop };
}

/**
 * Starts `multiopen ...args` in the background (under Wine on Linux), stdout and stderr to files (node.exe
 * under Wine dies with EBADF on pipes). The current test's cleanup stops it before it kills the fixtures.
 */
export function startCli(args: string[], opts: CliOptions = {}): BackgroundCli {
  const { cmd, cmdArgs, env } = cliCommand(args, opts);
  const outPath = tempPath('bg-cli.out');
  const errPath = tempPath('bg-cli.err');
  const out = openSync(outPath, 'w');
  const err = openSync(errPath, 'w');
  let child: ChildProcess;
  try {
    child = spawn(cmd, cmdArgs, { cwd: repoRoot, env, stdio: ['ignore', out, err], windowsHide: true });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const { exited, stop } = supervise(child, () => `multiopen ${args.join(' ')}`);
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
  current().background.push({ stop });
  return { output: () => read(outPath), errors: () => read(errPath), exited, stop };
}

/** Runs `multiopen ...args` (under Wine on Linux) with output redirected to files; parses stdout as JSON when `--json` is given. */
export async function runCli<T = unknown>(args: string[], opts: CliOptions = {}): Promise<CliResult<T>> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const outPath = tempPath('cli.out');
  const errPath = tempPath('cli.err');
  const { cmd, cmdArgs, env } = cliCommand(args, opts);
  const out = openSync(outPath, 'w');
  const err = openSync(errPath, 'w');
  const started = Date.now();
  let code: number | null;
  try {
    const child = spawn(cmd, cmdArgs, { cwd: repoRoot, env, stdio: ['ignore', out, err], windowsHide: true });
    code = await waitExit(child, timeoutMs, () => `multiopen ${args.join(' ')}`);
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const ms = Date.now() - started;
  const stdout = readFileSync(outPath, 'utf8');
  const stderr = readFileSync(errPath, 'utf8');
  const result: CliResult<T> = { code, stdout, stderr, ms };
  if (args.includes('--json') && stdout.trim() !== '') {
    try {
      result.json = JSON.parse(stdout) as T;
    } catch {
      // left undefined: expectJson reports stdout and stderr
    }
  }
  return result;
}

function waitExit(child: ChildProcess, timeoutMs: number, what: () => string): Promise<number | null> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`${what()} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      rej(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      res(code ?? (signal ? -1 : null));
    });
  });
}

/** Returns the parsed JSON of a CLI result, or throws with the run's output when there is none. */
export function expectJson<T>(r: CliResult<T>): T {
  if (r.json === undefined) {
    throw new Error(`expected JSON on stdout (exit ${String(r.code)})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return r.json;
}

/** Describes a CLI result for assertion messages. */
export function describeRun(r: CliResult): string {
  return `exit ${String(r.code)} in ${r.ms} ms\nstdout: ${r.stdout.slice(0, 4000)}\nstderr: ${r.stderr.slice(0, 4000)}`;
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
