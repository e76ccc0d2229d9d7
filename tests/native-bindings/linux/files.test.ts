import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listOpenFds, lockHoldings, openFiles, readFdTarget, readSystemLocks } from '../../../native-bindings/linux/files';
import type { ProcRoot } from '../../../native-bindings/linux/processes';
import { buildFixtures, CAN_RUN_FIXTURES, FixtureRun } from './fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A /proc laid out from captured text: /proc/locks and, per process, fd symlinks and fdinfo files. */
function capturedProc(locks: string, processes: Record<number, Record<number, { target: string; fdinfo?: string }>>): ProcRoot {
  const root = mkdtempSync(path.join(tmpdir(), 'multiopen-proc-'));
  dirs.push(root);
  writeFileSync(path.join(root, 'locks'), locks);
  for (const [pid, fds] of Object.entries(processes)) {
    mkdirSync(path.join(root, pid, 'fd'), { recursive: true });
    mkdirSync(path.join(root, pid, 'fdinfo'), { recursive: true });
    for (const [fd, f] of Object.entries(fds)) {
      symlinkSync(f.target, path.join(root, pid, 'fd', fd));
      writeFileSync(path.join(root, pid, 'fdinfo', fd), f.fdinfo ?? 'pos:\t0\nflags:\t02\nmnt_id:\t1\n');
    }
  }
  return { proc: root, passwd: '/nonexistent' };
}

describe('lockHoldings on a captured /proc', () => {
  // PID 200 forked from 100 after taking the flock: /proc/locks still says 100, fdinfo shows 200 holds it.
  const LOCKS = '1: FLOCK  ADVISORY  WRITE 100 fe:00:777 0 EOF\n1: -> FLOCK  ADVISORY  WRITE 300 fe:00:777 0 EOF\n2: POSIX  ADVISORY  READ 200 fe:00:888 0 99\n';
  const held = 'pos:\t0\nflags:\t0100002\nmnt_id:\t29\nino:\t777\nlock:\t1: FLOCK  ADVISORY  WRITE 100 fe:00:777 0 EOF\n';
  const root = () =>
    capturedProc(LOCKS, {
      200: {
        3: { target: '/home/u/.config/app/app.lock', fdinfo: held },
        4: { target: '/home/u/.config/app/data.db', fdinfo: 'pos:\t0\nflags:\t02\nmnt_id:\t29\nino:\t888\nlock:\t1: POSIX  ADVISORY  READ 200 fe:00:888 0 99\n' },
        5: { target: 'socket:[55]' },
        6: { target: '/home/u/notes.txt (deleted)', fdinfo: 'pos:\t0\nflags:\t0\nmnt_id:\t29\nino:\t999\n' },
      },
      300: { 3: { target: '/home/u/.config/app/app.lock', fdinfo: 'pos:\t0\nflags:\t02\nmnt_id:\t29\nino:\t777\n' } },
    });

  it('joins fdinfo lock lines with /proc/locks: holder fd, path, kind, waiters', async () => {
    const r = root();
    const fds = [...(await listOpenFds(200, r).then((x) => (x.ok ? x.value : []))), ...(await listOpenFds(300, r).then((x) => (x.ok ? x.value : [])))];
    const locks = await readSystemLocks(r);
    if (!locks.ok) throw new Error('locks');
    const holdings = await lockHoldings(fds, locks.value, r);
    expect(holdings.map((h) => ({ pid: h.pid, fd: h.fd, path: h.path, kind: h.lock.kind, waiters: h.waiters, accessMode: h.accessMode }))).toEqual([
      { pid: 200, fd: 3, path: '/home/u/.config/app/app.lock', kind: 'FLOCK', waiters: 1, accessMode: 2 },
      { pid: 200, fd: 4, path: '/home/u/.config/app/data.db', kind: 'POSIX', waiters: 0, accessMode: 2 },
    ]);
    // The lock line's own PID is kept: it is the forking parent's, which is why fdinfo is what decides.
    expect(holdings[0]!.lock.pid).toBe(100);
  });

  it('reads no fdinfo when /proc/locks holds nothing', async () => {
    const r = capturedProc('', { 200: { 3: { target: '/a/b', fdinfo: held } } });
    const fds = await listOpenFds(200, r);
    expect(fds.ok && (await lockHoldings(fds.value, [], r))).toEqual([]);
  });

  it('lists regular files with their paths, deleted ones marked, sockets left out', async () => {
    const fds = await listOpenFds(200, root());
    if (!fds.ok) throw new Error('fds');
    expect(openFiles(fds.value).map((f) => [f.fd, f.path, f.deleted])).toEqual([
      [3, '/home/u/.config/app/app.lock', false],
      [4, '/home/u/.config/app/data.db', false],
      [6, '/home/u/notes.txt', true],
    ]);
  });

  it('tells a gone fd (Win32 6) from a gone process (Win32 87)', async () => {
    const r = root();
    expect(await readFdTarget(200, 99, r)).toMatchObject({ ok: false, failure: { kind: 'win32', code: 6 } });
    expect(await readFdTarget(12345, 3, r)).toMatchObject({ ok: false, failure: { kind: 'win32', code: 87 } });
    expect(await listOpenFds(12345, r)).toMatchObject({ ok: false, failure: { kind: 'win32', code: 87 } });
  });
});

describe.skipIf(!CAN_RUN_FIXTURES)('lockHoldings with a real flock holder and waiter', { timeout: 30_000 }, () => {
  beforeAll(() => buildFixtures(), 120_000);
  let run: FixtureRun | null = null;
  afterEach(async () => {
    await run?.end();
    expect(run?.allGone()).toBe(true);
  });

  it('finds the holder through fdinfo and counts a blocked waiter', async () => {
    run = new FixtureRun();
    const { copy, word } = await run.start('flock-app');
    expect(word).toBe('started');
    const lockPath = path.join(run.dir, 'app.lock');
    // util-linux flock without -n blocks on the same lock: /proc/locks shows it as "->".
    const waiter = spawn('flock', [lockPath, 'true'], { stdio: 'ignore' });
    const waiterGone = new Promise((r) => waiter.once('exit', r));
    try {
      let holdings: Awaited<ReturnType<typeof lockHoldings>> = [];
      for (let i = 0; i < 100; i++) {
        const locks = await readSystemLocks();
        const fds = await listOpenFds(copy.pid);
        if (locks.ok && fds.ok) holdings = await lockHoldings(fds.value, locks.value);
        if (holdings[0]?.waiters === 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(holdings.map((h) => ({ pid: h.pid, path: h.path, kind: h.lock.kind, access: h.lock.access, waiters: h.waiters }))).toEqual([
        { pid: copy.pid, path: lockPath, kind: 'FLOCK', access: 'WRITE', waiters: 1 },
      ]);
      // The waiter holds nothing: it has the file open but its lock line is a "->" one.
      const waiterFds = await listOpenFds(waiter.pid!);
      const locks = await readSystemLocks();
      if (waiterFds.ok && locks.ok) expect(await lockHoldings(waiterFds.value, locks.value)).toEqual([]);
    } finally {
      waiter.kill('SIGKILL');
      await waiterGone;
    }
  });
});
