/**
 * The Linux OsApi against real single-instance programs: each fixture holds one classic guard; the
 * snapshot must list it with its holder's PID, the second copy must be refused, and a name query must
 * notice when the guard is no longer what the snapshot saw.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LinuxOsApi, SYNTHETIC_HANDLE_BASE } from '../../../native-bindings/linux';
import type { BusAddress } from '../../../native-bindings/linux/dbus';
import { buildFixtures, CAN_RUN_FIXTURES, fixtureRoot, FixtureRun, freeTcpPort, freeUdpPort, startPrivateBus, type FixtureName } from './fixtures';

const runs: FixtureRun[] = [];
function newRun(env: Record<string, string> = {}): FixtureRun {
  const run = new FixtureRun(env);
  runs.push(run);
  return run;
}

afterEach(async () => {
  for (const run of runs.splice(0)) {
    await run.end();
    expect(run.allGone()).toBe(true);
  }
});

interface Case {
  fixture: FixtureName;
  typeName: string;
  env: () => Promise<Record<string, string>>;
  name: (run: FixtureRun, env: Record<string, string>) => string;
}

const CASES: Case[] = [
  { fixture: 'pidfile-app', typeName: 'Pidfile', env: async () => ({}), name: (run) => path.join(run.dir, 'app.pid') },
  { fixture: 'flock-app', typeName: 'Lock', env: async () => ({}), name: (run) => path.join(run.dir, 'app.lock') },
  { fixture: 'posixlock-app', typeName: 'Lock', env: async () => ({}), name: (run) => path.join(run.dir, 'app.lock') },
  { fixture: 'tcp-port-app', typeName: 'Port', env: async () => ({ MULTIOPEN_FIXTURE_PORT: String(await freeTcpPort()) }), name: (_r, env) => `tcp:${env.MULTIOPEN_FIXTURE_PORT}` },
  { fixture: 'udp-port-app', typeName: 'Port', env: async () => ({ MULTIOPEN_FIXTURE_PORT: String(await freeUdpPort()) }), name: (_r, env) => `udp:${env.MULTIOPEN_FIXTURE_PORT}` },
  { fixture: 'unixsock-app', typeName: 'Socket', env: async () => ({}), name: (run) => path.join(run.dir, 'app.sock') },
  { fixture: 'abstractsock-app', typeName: 'Socket', env: async () => ({ MULTIOPEN_FIXTURE_NAME: `multiopen-test-${process.pid}-${Date.now()}` }), name: (_r, env) => `@${env.MULTIOPEN_FIXTURE_NAME}` },
];

// Real processes and a walk of the real /tmp on a shared 2-core machine: a generous deadline, no timing asserted.
describe.skipIf(!CAN_RUN_FIXTURES)('LinuxOsApi with real guard fixtures', { timeout: 60_000 }, () => {
  beforeAll(() => buildFixtures(), 120_000);
  const os = new LinuxOsApi({ pidfileRoots: [{ dir: fixtureRoot(), depth: 2 }], buses: [] });

  it.each(CASES)('$fixture: lists its $typeName guard with the holder PID and refuses a second copy', async (c) => {
    const env = await c.env();
    const run = newRun(env);
    const first = await run.start(c.fixture);
    expect(first.word).toBe('started');
    const second = await run.start(c.fixture);
    expect(second.word).toBe('refused');
    expect(await second.copy.exited).toBe(3);

    const want = c.name(run, env);
    // Across all processes, filtered only by type: the holder is found, not assumed.
    const snap = await os.snapshotHandles({ types: [c.typeName] });
    expect(snap.ok).toBe(true);
    if (!snap.ok) return;
    const entries = snap.value.handles.filter((h) => h.typeName === c.typeName);
    const names = await os.queryHandleNames(entries);
    const holders = names.filter((n) => n.name.ok && n.name.value === want).map((n) => n.pid);
    expect(holders).toEqual([first.copy.pid]);
    // The second copy is gone and holds nothing.
    expect(snap.value.handles.some((h) => h.pid === second.copy.pid)).toBe(false);
  });

  it('gives fd-based guards their fd as the handle, and pidfiles a synthetic one', async () => {
    const run = newRun();
    const lock = await run.start('flock-app');
    const pid = await run.start('pidfile-app');
    const snap = await os.snapshotHandles({ pids: [lock.copy.pid, pid.copy.pid] });
    if (!snap.ok) throw new Error('snapshot failed');
    const lockEntry = snap.value.handles.find((h) => h.pid === lock.copy.pid && h.typeName === 'Lock')!;
    expect(lockEntry.handle).toBeLessThan(SYNTHETIC_HANDLE_BASE);
    // The same fd is also listed as an open File with the same path.
    const file = snap.value.handles.find((h) => h.pid === lock.copy.pid && h.typeName === 'File' && h.handle === lockEntry.handle);
    expect(file).toBeDefined();
    // The fixture opened the lock file O_RDWR.
    expect(lockEntry.access).toBe(2);
    const pidEntry = snap.value.handles.find((h) => h.pid === pid.copy.pid && h.typeName === 'Pidfile')!;
    expect(pidEntry.handle).toBeGreaterThanOrEqual(SYNTHETIC_HANDLE_BASE);
    // A second snapshot gives the pidfile the same synthetic handle.
    const again = await os.snapshotHandles({ pids: [pid.copy.pid], types: ['Pidfile'] });
    expect(again.ok && again.value.handles.map((h) => h.handle)).toEqual([pidEntry.handle]);
  });

  it('reports a guard that changed since the snapshot, and a holder that exited', async () => {
    const run = newRun();
    const copy = await run.start('pidfile-app');
    const snap = await os.snapshotHandles({ pids: [copy.copy.pid], types: ['Pidfile'] });
    if (!snap.ok) throw new Error('snapshot failed');
    const entry = snap.value.handles[0]!;
    expect((await os.queryHandleNames([entry]))[0]!.name).toEqual({ ok: true, value: path.join(run.dir, 'app.pid') });
    // Another process's PID written into the file: it no longer guards this copy.
    writeFileSync(path.join(run.dir, 'app.pid'), '1\n');
    expect((await os.queryHandleNames([entry]))[0]!.name).toMatchObject({ ok: false, failure: { kind: 'changed' } });

    const sock = await run.start('unixsock-app');
    const s = await os.snapshotHandles({ pids: [sock.copy.pid], types: ['Socket'] });
    if (!s.ok) throw new Error('snapshot failed');
    await run.end();
    // Gone process: reported as Win32 87, which core reads as PROCESS_GONE.
    expect((await os.queryHandleNames(s.value.handles))[0]!.name).toMatchObject({ ok: false, failure: { kind: 'win32', code: 87 } });
  });

  it.each(['flock-app', 'posixlock-app'] as const)('%s: a lock released with the fd still open reads as changed to a File', async (fixture) => {
    const run = newRun();
    const { copy } = await run.start(fixture);
    const snap = await os.snapshotHandles({ pids: [copy.pid], types: ['Lock'] });
    if (!snap.ok) throw new Error('snapshot failed');
    expect(snap.value.handles).toHaveLength(1);
    const lockPath = path.join(run.dir, 'app.lock');
    expect((await os.queryHandleNames(snap.value.handles))[0]!.name).toEqual({ ok: true, value: lockPath });
    process.kill(copy.pid, 'SIGUSR1');
    for (let i = 0; i < 100 && !run.words(copy.pid).includes('unlocked'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(run.words(copy.pid)).toEqual(['started', 'unlocked']);
    expect((await os.queryHandleNames(snap.value.handles))[0]!.name).toEqual({ ok: false, failure: { kind: 'changed', actualType: 'File', actualName: lockPath } });
    // A third copy now gets the lock: the guard really is gone.
    expect((await run.start(fixture)).word).toBe('started');
  });

  it('lets the first socket copy take what the second forwards before it exits', async () => {
    const run = newRun();
    const first = await run.start('unixsock-app');
    const second = await run.start('unixsock-app');
    expect(await second.copy.exited).toBe(3);
    for (let i = 0; i < 100 && !run.words(first.copy.pid).includes('forwarded'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(run.words(first.copy.pid)).toEqual(['started', 'forwarded']);
  });

  it('asks a process it was not asked about by handle value alone', async () => {
    const run = newRun({ MULTIOPEN_FIXTURE_PORT: String(await freeTcpPort()) });
    const copy = await run.start('tcp-port-app');
    const snap = await new LinuxOsApi({ pidfileRoots: [], buses: [] }).snapshotHandles({ pids: [copy.copy.pid], types: ['Port'] });
    if (!snap.ok) throw new Error('snapshot failed');
    // A fresh instance has no memory of that snapshot: it reads the process again.
    const names = await new LinuxOsApi({ pidfileRoots: [], buses: [] }).queryHandleNames(snap.value.handles);
    expect(names.map((n) => n.name)).toEqual([{ ok: true, value: `tcp:${run.env.MULTIOPEN_FIXTURE_PORT}` }]);
  });

  it('DBus: lists a name requested with do-not-queue with its owner PID', async () => {
    const bus = startPrivateBus();
    try {
      const name = `org.multiopen.Test${process.pid}`;
      const run = newRun({ DBUS_SESSION_BUS_ADDRESS: bus.address, MULTIOPEN_FIXTURE_NAME: name });
      const first = await run.start('dbusname-app');
      expect(first.word).toBe('started');
      const second = await run.start('dbusname-app');
      expect(second.word).toBe('refused');
      expect(await second.copy.exited).toBe(3);
      const buses: BusAddress[] = [{ kind: 'session', address: bus.address }];
      const withBus = new LinuxOsApi({ pidfileRoots: [], buses });
      const snap = await withBus.snapshotHandles({ types: ['DBus'] });
      if (!snap.ok) throw new Error('snapshot failed');
      const names = await withBus.queryHandleNames(snap.value.handles);
      expect(names.filter((n) => n.name.ok && n.name.value === name).map((n) => n.pid)).toEqual([first.copy.pid]);
      expect(withBus.unreachableBuses()).toEqual([]);
    } finally {
      process.kill(bus.pid, 'SIGKILL');
    }
  });
});
