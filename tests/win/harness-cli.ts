/**
 * Running the real CLI in tests: `multiopen ...args` with node.exe under Wine on Linux (or natively on
 * Windows), its output going to files (under Wine node.exe dies with EBADF when its stdout is a pipe),
 * in the foreground (`runCli`) or the background (`startCli`, stopped when the test ends).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { cliScript, current, isWindows, repoRoot, sleep, tempPath, testHome, wineEnv, wineNode, winPath } from './harness-base';

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
export interface Supervised {
  exited: Promise<number | null>;
  /** undefined while it runs. */
  exitCode(): number | null | undefined;
  /** Kills it (no-op when it has ended) and waits at most 10 s for it to end. */
  stop(): Promise<void>;
}

/** Follows a child process's exit; `describe` names it in the error when a kill does not end it. */
export function supervise(child: ChildProcess, describe: () => string): Supervised {
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

