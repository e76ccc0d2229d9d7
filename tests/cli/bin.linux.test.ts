/**
 * The built CLI (dist/cli/multiopen.cjs) on plain Linux node, against real single-instance programs
 * (tests/fixtures/linux): `ps` lists them, `handles` shows their guards with the holder's PID, and
 * `unlock`/`close` refuse with UNSUPPORTED, because Linux copies are to be started isolated instead.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtures, CAN_RUN_FIXTURES, FixtureRun, freeTcpPort } from '../native-bindings/linux/fixtures';

const CLI = path.resolve('dist/cli/multiopen.cjs');
const home = mkdtempSync(path.join(tmpdir(), 'multiopen-cli-linux-'));

/** Runs the built CLI with plain node; the preset store and log go to a temporary home. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, MULTIOPEN_HOME: home }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const runs: FixtureRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.end();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface HandleRow {
  pid: number;
  process: string;
  handle: string;
  type: string;
  name: string | null;
}

// Real processes on a shared 2-core machine: a generous deadline, no timing asserted.
describe.skipIf(!CAN_RUN_FIXTURES)('the CLI on Linux', { timeout: 120_000 }, () => {
  beforeAll(() => {
    buildFixtures();
    // The test is of this source tree's CLI, so it is built now rather than trusted from an older dist/.
    const built = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stdout}${built.stderr}`);
  }, 180_000);

  it('lists a flock and a tcp port with the holder PID, narrowed by --type, and ps lists both programs', async () => {
    const run = new FixtureRun();
    runs.push(run);
    const port = await freeTcpPort();
    const flock = await run.start('flock-app');
    const tcp = await run.start('tcp-port-app', { MULTIOPEN_FIXTURE_PORT: String(port) });
    expect([flock.word, tcp.word]).toEqual(['started', 'started']);
    const lock = path.join(run.dir, 'app.lock');

    const ps = await cli('ps', '--name', 'app', '--json');
    expect(ps.code).toBe(0);
    const procs = JSON.parse(ps.stdout) as { pid: number; name: string; path: string | null }[];
    expect(procs.find((p) => p.pid === flock.copy.pid)).toMatchObject({ name: 'flock-app', path: path.resolve('tests/fixtures/linux/bin/flock-app') });
    expect(procs.find((p) => p.pid === tcp.copy.pid)).toMatchObject({ name: 'tcp-port-app' });

    const all = await cli('handles', '--pid', String(flock.copy.pid), '--pid', String(tcp.copy.pid), '--json');
    expect(all.code).toBe(0);
    const rows = JSON.parse(all.stdout) as HandleRow[];
    expect(rows).toContainEqual(expect.objectContaining({ pid: flock.copy.pid, process: 'flock-app', type: 'Lock', name: lock }));
    expect(rows).toContainEqual(expect.objectContaining({ pid: tcp.copy.pid, process: 'tcp-port-app', type: 'Port', name: `tcp:${port}` }));
    // The lock and the port are held by the program that took them, not by the other one.
    expect(rows.filter((r) => r.type === 'Lock' && r.name === lock).map((r) => r.pid)).toEqual([flock.copy.pid]);
    expect(rows.filter((r) => r.type === 'Port' && r.name === `tcp:${port}`).map((r) => r.pid)).toEqual([tcp.copy.pid]);

    const narrowed = await cli('handles', '--pid', String(flock.copy.pid), '--pid', String(tcp.copy.pid), '--type', 'lock,Port', '--json');
    expect(narrowed.code).toBe(0);
    const kinds = (JSON.parse(narrowed.stdout) as HandleRow[]).map((r) => [r.pid, r.type, r.name]);
    expect(kinds).toEqual([
      [flock.copy.pid, 'Lock', lock],
      [tcp.copy.pid, 'Port', `tcp:${port}`],
    ]);

    const byExe = await cli('handles', '--exe', 'flock-app', '--type', 'Lock');
    expect(byExe.code).toBe(0);
    expect(byExe.stdout).toMatch(new RegExp(`^${flock.copy.pid}\\s+flock-app\\s+0x[0-9a-f]+\\s+Lock\\s+\\S+\\s+${lock.replaceAll('/', '\\/')}$`, 'm'));
  });

  it('refuses unlock and close with UNSUPPORTED and exit 1, saying that copies are started isolated instead, and leaves the guard held', async () => {
    const run = new FixtureRun();
    runs.push(run);
    const flock = await run.start('flock-app');
    const lock = path.join(run.dir, 'app.lock');

    const unlock = await cli('unlock', '--exe', 'flock-app', '--guard', `Lock:${lock}`, '--json');
    expect(unlock.code).toBe(1);
    const report = JSON.parse(unlock.stdout) as { closed: unknown[]; failed: { pid: number; code: string; message: string }[] };
    expect(report.closed).toEqual([]);
    expect(report.failed).toEqual([expect.objectContaining({ pid: flock.copy.pid, code: 'UNSUPPORTED', message: expect.stringMatching(/copies are started isolated instead/) })]);

    const held = JSON.parse((await cli('handles', '--pid', String(flock.copy.pid), '--type', 'Lock', '--json')).stdout) as HandleRow[];
    expect(held.map((r) => r.name)).toEqual([lock]);
    const close = await cli('close', '--pid', String(flock.copy.pid), '--handle', held[0]!.handle);
    expect(close.code).toBe(1);
    expect(close.stdout + close.stderr).toMatch(/UNSUPPORTED.*copies are started isolated instead/);

    // Still running, still holding its lock: a second copy is still refused.
    const second = await run.start('flock-app');
    expect(second.word).toBe('refused');
  });

  it.each([
    [['handles', '--type', 'NoSuch'], 2, /--type "NoSuch" is not an object type; known types include .*Lock, Pidfile, Port, Socket, DBus/],
    [['unlock', '--exe', 'flock-app', '--guard', 'Port:tcp:70000'], 2, /port 70000 is out of range: a port is 1 to 65535 \[USAGE\]/],
    [['unlock', '--exe', 'flock-app', '--guard', 'Lock:app.lock'], 2, /a Lock guard needs at least a folder and a file name .*\[USAGE\]/],
    [['unlock', '--exe', 'flock-app', '--guard', 'DBus:MyApp'], 2, /is not a D-Bus name.*\[USAGE\]/],
    [['unlock', '--exe', 'no-such-program-here', '--guard', 'Port:tcp:8080'], 1, /no-such-program-here is not running/],
  ])('%j exits %i', async (args, code, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(code);
    expect(r.stdout + r.stderr).toMatch(message);
  });

  it('reports GUARD_NOT_FOUND for a guard the running program does not hold', async () => {
    const run = new FixtureRun();
    runs.push(run);
    await run.start('flock-app');
    const r = await cli('unlock', '--exe', 'flock-app', '--guard', `Lock:${path.join(run.dir, 'other.lock')}`, '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { failed: { code: string }[] }).failed.map((f) => f.code)).toEqual(['GUARD_NOT_FOUND']);
  });
});
