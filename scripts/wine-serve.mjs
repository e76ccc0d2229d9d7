// Helpers of `npm start` and `npm run demo` on Linux: the system packages check, the Wine prefix the engine
// runs in, and `multiopen serve` in Windows node.exe under Wine (see scripts/setup-wine.sh).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Windows node.exe (scripts/setup-wine.sh). */
export const wineNode = path.join(root, '.cache', 'win', 'node', 'node.exe');
/** Multiopen's own Wine prefix (the default of `npm start`). */
export const defaultPrefix = path.join(root, '.cache', 'wineprefix');

/** Runs a command with inherited output; exits with its code when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error || r.status !== 0) process.exit(r.status || 1);
}

/** Installs (as root) or asks for (otherwise) the system packages of `purpose`: test, start or demo. */
export function ensureSystemDeps(purpose) {
  run('bash', [path.join(root, 'scripts', 'system-deps.sh'), purpose]);
}

/** The Wine path (Z:\...) of a Linux path. */
export function winPath(p) {
  return 'Z:' + path.resolve(p).replaceAll('/', '\\');
}

/** Why `dir` cannot be the engine's Wine prefix, or null when it can. */
export function prefixProblem(dir) {
  let st;
  try {
    st = statSync(dir);
  } catch {
    return `the Wine prefix ${dir} does not exist`;
  }
  if (!st.isDirectory()) return `the Wine prefix ${dir} is not a folder`;
  const reg = path.join(dir, 'system.reg');
  if (!existsSync(reg)) return `${dir} is not a Wine prefix (it has no system.reg); run a program in it once (WINEPREFIX=${dir} wineboot -i) or leave the prefix out to use Multiopen's own`;
  if (/^#arch=win32$/m.test(readFileSync(reg, 'utf8').slice(0, 4096))) return `${dir} is a 32-bit Wine prefix; the engine's node.exe is 64-bit, so use a 64-bit prefix`;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `the Wine prefix ${dir} belongs to another user; Wine only runs prefixes you own`;
  return null;
}

/** Environment of Wine programs in `prefix`. */
export function wineEnv(prefix, extra = {}) {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', NODE_SKIP_PLATFORM_CHECK: '1', ...extra };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `multiopen serve --port PORT` in Windows node.exe under Wine in `prefix`, in its own process group
 * (Ctrl+C reaches the caller, which stops it). node.exe under Wine cannot write to a pipe: its output goes
 * to a file, from which the URL is read. Returns { url, child }; exits with the server's output when it
 * ends or prints no URL within two minutes.
 */
export async function serveUnderWine({ prefix, port = '0', env = {} }) {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'multiopen-serve-')), 'serve.out');
  const fd = openSync(out, 'w');
  const child = spawn('wine', [wineNode, 'dist/cli/multiopen.cjs', 'serve', '--port', String(port)], {
    cwd: root,
    env: wineEnv(prefix, env),
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  let exited = null;
  child.on('exit', (code, signal) => (exited = signal ?? code));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const text = readFileSync(out, 'utf8');
    const url = /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/m.exec(text)?.[0];
    if (url) return { url, child, out };
    if (exited !== null || Date.now() > deadline) {
      if (exited === null) child.kill('SIGKILL');
      console.error(`multiopen serve under Wine ${exited === null ? 'printed no address within 120 s' : `ended (${exited})`}; its output:\n${text.trim() || '(none)'}`);
      process.exit(1);
    }
    await sleep(250);
  }
}
