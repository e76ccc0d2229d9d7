/**
 * Starting the browser-mode server for e2e: over the fake engine with Linux node, or the real CLI
 * (`multiopen serve`) with Windows node.exe under Wine. node.exe under Wine dies with EBADF on a pipe,
 * so its stdout goes to a file and the URL (first line) is read from there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Repository root. */
export const root = path.resolve(__dirname, '..', '..');
/** Wine prefix of the e2e suite: its own, because teardown kills everything in it. */
export const winePrefix = process.env.MULTIOPEN_E2E_WINEPREFIX ?? path.join(root, '.cache', 'wineprefix-e2e');
/** Windows node.exe (scripts/setup-wine.sh). */
export const wineNode = path.join(root, '.cache', 'win', 'node', 'node.exe');
/** Fixture programs (tests/fixtures/build.sh). */
export const fixturesBin = path.join(root, 'tests', 'fixtures', 'bin');

/** A running server. */
export interface Served {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** Converts a Linux path to the Wine path of the same file. */
export function winPath(p: string): string {
  return 'Z:' + path.resolve(p).replace(/\//g, '\\');
}

/** Environment for Wine programs of the e2e prefix. */
export function wineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: winePrefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', NODE_SKIP_PLATFORM_CHECK: '1', ...extra };
}

/** Why the Wine e2e cannot run here, or null when it can. */
export function wineMissing(): string | null {
  if (spawnSync('wine', ['--version'], { stdio: 'ignore' }).status !== 0) return 'wine is not installed (apt-get install -y wine64 wine)';
  if (!fs.existsSync(wineNode)) return `${wineNode} is missing (npm run setup:wine)`;
  if (!fs.existsSync(path.join(fixturesBin, 'WeChat.exe'))) return 'fixture programs are missing (bash tests/fixtures/build.sh)';
  if (!fs.existsSync(path.join(root, 'dist', 'cli', 'multiopen.cjs'))) return 'dist/cli/multiopen.cjs is missing (npm run build)';
  return null;
}

/** Prepares the e2e Wine prefix (first use) and a persistent wineserver so each program starts fast. */
export function prepareWine(): void {
  if (!fs.existsSync(path.join(winePrefix, 'system.reg'))) spawnSync('wineboot', ['-i'], { env: wineEnv(), stdio: 'ignore', timeout: 120_000 });
  spawnSync('wineserver', ['-p'], { env: wineEnv(), stdio: 'ignore' });
}

/** Ends every process of the e2e prefix (fixtures, launched copies, the server). */
export function killWine(): void {
  spawnSync('wineserver', ['-k'], { env: wineEnv(), stdio: 'ignore', timeout: 30_000 });
}

async function waitForUrl(outFile: string, child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    const first = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').split(/\r?\n/)[0] : '';
    if (first && /^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(first)) return first.trim();
    if (exited !== undefined) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const err = fs.existsSync(`${outFile}.err`) ? fs.readFileSync(`${outFile}.err`, 'utf8') : '';
  throw new Error(`${what} did not print its URL within ${timeoutMs} ms (exit ${String(exited)}): ${err.slice(0, 2000)}`);
}

function served(url: string, child: ChildProcess): Served {
  return {
    url,
    token: new URL(url).searchParams.get('token') ?? '',
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
        setTimeout(resolve, 10_000);
      }),
  };
}

/** Starts the fake-engine server (.cache/fake-serve.cjs, built by the global setup). */
export async function startFakeServer(args: string[] = []): Promise<Served> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mo-fake-')), 'serve.out');
  const fd = fs.openSync(out, 'w');
  const efd = fs.openSync(`${out}.err`, 'w');
  const child = spawn(process.execPath, [path.join(root, '.cache', 'fake-serve.cjs'), '--static', path.join(root, 'dist', 'renderer'), ...args], { cwd: root, stdio: ['ignore', fd, efd] });
  fs.closeSync(fd);
  fs.closeSync(efd);
  return served(await waitForUrl(out, child, 'the fake server', 15_000), child);
}

/** Starts `multiopen serve --port P` with Windows node.exe under Wine. */
export async function startWineServer(opts: { home: string; port: number; logDir: string; fixtureLog?: string }): Promise<Served> {
  const out = path.join(opts.logDir, `serve-${opts.port}.out`);
  const fd = fs.openSync(out, 'w');
  const efd = fs.openSync(`${out}.err`, 'w');
  const env = wineEnv({ MULTIOPEN_HOME: winPath(opts.home), ...(opts.fixtureLog ? { MULTIOPEN_FIXTURE_LOG: winPath(opts.fixtureLog) } : {}) });
  const child = spawn('wine', [wineNode, 'dist/cli/multiopen.cjs', 'serve', '--port', String(opts.port)], { cwd: root, env, stdio: ['ignore', fd, efd] });
  fs.closeSync(fd);
  fs.closeSync(efd);
  return served(await waitForUrl(out, child, 'multiopen serve under Wine', 90_000), child);
}

/** Starts a fixture program under Wine and waits until it logs started/refused; returns that line. */
export async function startWineFixture(exe: string, log: string): Promise<{ pid: number; event: string }> {
  const before = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
  const child = spawn('wine', [path.join(fixturesBin, exe)], { env: wineEnv({ MULTIOPEN_FIXTURE_LOG: winPath(log) }), detached: true, stdio: 'ignore' });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    const line = lines[before];
    if (line) {
      const [pid, event] = line.trim().split(/\s+/);
      return { pid: Number(pid), event: event ?? '' };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${exe} did not log its outcome to ${log} within 30 s`);
}

/** Ends every copy of these fixture programs in the e2e prefix (the server keeps running): each test starts from no copies. */
export function killWineFixtures(exes: readonly string[]): void {
  for (const exe of exes) spawnSync('wine', ['taskkill', '/F', '/IM', exe], { env: wineEnv(), stdio: 'ignore', timeout: 30_000 });
}

/** Calls a contract channel of a running server (for checks beside the UI). */
export async function apiCall<T>(server: Served, channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${new URL(server.url).origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-multiopen-token': server.token },
    body: JSON.stringify(payload),
  });
  return (await res.json()) as T;
}
