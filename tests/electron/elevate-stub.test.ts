// The "restart as administrator" stub (electron/elevate): built with mingw, run under Wine (or natively on
// Windows), it must start Multiopen.exe two folders above itself. UAC itself only exists on real Windows.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const canRun = process.platform === 'win32' || (has('wine') && has('x86_64-w64-mingw32-gcc'));
const fixture = path.join(root, 'tests', 'fixtures', 'bin', 'ExitAtOnce.exe');

describe.skipIf(!canRun || !fs.existsSync(fixture))('multiopen-elevate.exe', () => {
  it('has a requireAdministrator manifest and starts <app>\\Multiopen.exe', () => {
    const build = spawnSync('bash', [path.join(root, 'electron', 'elevate', 'build.sh')], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const stub = path.join(root, 'dist', 'elevate', 'multiopen-elevate.exe');
    expect(fs.readFileSync(stub).includes(Buffer.from('requireAdministrator'))).toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-elevate-'));
    fs.mkdirSync(path.join(dir, 'app', 'resources', 'elevate'), { recursive: true });
    // ExitAtOnce.exe logs "<pid> exited" and quits: it stands in for Multiopen.exe and leaves nothing running.
    fs.copyFileSync(fixture, path.join(dir, 'app', 'Multiopen.exe'));
    fs.copyFileSync(stub, path.join(dir, 'app', 'resources', 'elevate', 'multiopen-elevate.exe'));
    const log = path.join(dir, 'log.txt');
    const winLog = process.platform === 'win32' ? log : 'Z:' + log.replace(/\//g, '\\');
    const env = {
      ...process.env,
      MULTIOPEN_FIXTURE_LOG: winLog,
      WINEPREFIX: process.env.MULTIOPEN_E2E_WINEPREFIX ?? path.join(root, '.cache', 'wineprefix-e2e'),
      WINEDEBUG: '-all',
      WINEDLLOVERRIDES: 'mscoree,mshtml=',
    };
    const target = path.join(dir, 'app', 'resources', 'elevate', 'multiopen-elevate.exe');
    const run = process.platform === 'win32' ? spawnSync(target, [], { env }) : spawnSync('wine', [target], { env, timeout: 60_000 });
    expect(run.status).toBe(0);
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(log) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    expect(fs.readFileSync(log, 'utf8')).toMatch(/^\d+ exited/);
  }, 90_000);
});
