// Runs a driver of scripts/reliability inside Windows node.exe: natively on Windows, under Wine on Linux
// (the prefix of MULTIOPEN_WINEPREFIX, else .cache/wineprefix). node.exe under Wine dies on pipes, so its
// output goes to files and its result to a JSON file. Also starts and ends the decoy fixtures.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './bundle.mjs';

/** True on Windows (no Wine). */
export const isWindows = process.platform === 'win32';
/** The Wine prefix used. */
export const winePrefix = process.env.MULTIOPEN_WINEPREFIX ?? path.join(ROOT, '.cache', 'wineprefix');
/** Environment for Windows programs under Wine. */
export const env = { ...process.env, WINEPREFIX: winePrefix, WINEDEBUG: '-all', NODE_SKIP_PLATFORM_CHECK: '1', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
/** A Linux path as Wine sees it (Z:\...); unchanged on Windows. */
export const winPath = (p) => (isWindows ? p : `Z:${path.resolve(p).replaceAll('/', '\\')}`);
/** The fixture programs' folder. */
export const fixturesBin = path.join(ROOT, 'tests', 'fixtures', 'bin');

/** Sets up Wine (when needed) and builds the fixtures; throws when either fails. */
export function prepare() {
  const must = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  };
  if (!isWindows) must('bash', ['scripts/setup-wine.sh']);
  must('bash', ['tests/fixtures/build.sh']);
}

/** Starts a driver (a .cjs bundle) in Windows node.exe; returns the child (under Wine its PID is the node.exe's Linux process) and an `exited` promise. */
export function startDriver(cjs, args, outFile) {
  const out = openSync(outFile, 'w');
  const [cmd, pre] = isWindows ? [process.execPath, []] : ['wine', [path.join(ROOT, '.cache', 'win', 'node', 'node.exe')]];
  const child = spawn(cmd, [...pre, path.relative(ROOT, cjs), ...args], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exited };
}

/** Starts a fixture for the whole run (a decoy); returns its child process. */
export function startLongFixture(exe, log) {
  const full = path.join(fixturesBin, exe);
  const [cmd, args] = isWindows ? [full, []] : ['wine', [full]];
  const child = spawn(cmd, args, { env: { ...env, MULTIOPEN_FIXTURE_LOG: winPath(log) }, detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

/** Waits (bounded) until `log` has `count` lines saying "started". */
export async function waitStarted(log, count, timeoutMs = 60_000) {
  const since = Date.now();
  const n = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.endsWith('started')).length : 0);
  while (n() < count) {
    if (Date.now() - since > timeoutMs) throw new Error(`only ${n()} of ${count} fixtures logged "started" to ${log} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Linux PIDs of live processes of this Wine prefix whose image is one of `names` (Wine only). */
export function winePids(names) {
  const comms = new Set(names.map((n) => n.slice(0, 15).toLowerCase()));
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const m = /^\d+ \((.*)\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (!m || m[2] === 'Z' || !comms.has(m[1].toLowerCase())) continue;
      if (!readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`WINEPREFIX=${winePrefix}`)) continue;
      pids.push(Number(entry));
    } catch {
      // gone while reading
    }
  }
  return pids;
}

/** Ends every process of this prefix named like one of `names` (fixtures a killed driver left behind); Wine only. */
export function killLeftovers(names) {
  if (isWindows) return;
  for (const pid of winePids(names)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Median of numbers (0 for none). */
/** The number given to a runner's option `name N`, or `fallback`. */
export const numberArg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
