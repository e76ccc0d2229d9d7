import { userInfo } from 'node:os';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { displayName, isProcessAlive, listLinuxProcesses, parsePasswd, processStartTime, startTimeMs, terminateProcess } from '../../../native-bindings/linux/processes';
import { buildFixtures, CAN_RUN_FIXTURES, FixtureRun } from './fixtures';

describe('pure helpers', () => {
  it('turns stat ticks (USER_HZ 100) into ms after boot', () => {
    expect(startTimeMs(1_700_000_000_000, 151437)).toBe(1_700_000_000_000 + 1_514_370);
  });
  it.each([
    ['bash', '/usr/bin/bash', 'bash'],
    // comm is cut at 15 bytes: the exe's full name is used when comm is its prefix.
    ['abstractsock-ap', '/x/abstractsock-app', 'abstractsock-app'],
    // A script: comm is the script's name, exe the interpreter's; comm wins.
    ['fixture.py', '/usr/bin/python3.11', 'fixture.py'],
    ['kworker/0:1', null, 'kworker/0:1'],
  ])('displayName(%j, %j) is %j', (comm, exe, want) => {
    expect(displayName(comm, exe)).toBe(want);
  });
  it('reads /etc/passwd lines', () => {
    expect([...parsePasswd('root:x:0:0:root:/root:/bin/bash\nbad line\nalice:x:1000:1000::/home/alice:/bin/sh\n')]).toEqual([
      [0, 'root'],
      [1000, 'alice'],
    ]);
  });
});

describe.skipIf(process.platform !== 'linux')('listLinuxProcesses (real /proc)', { timeout: 30_000 }, () => {
  it('lists this process with its parent, exe, user and a stable start time', async () => {
    const listed = await listLinuxProcesses();
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    const me = listed.value.find((p) => p.pid === process.pid)!;
    expect(me).toMatchObject({ ppid: process.ppid, path: process.execPath, uid: process.getuid!(), user: userInfo().username });
    expect(me.argv[0]).toBe(process.argv0);
    expect(me.handleCount).toBeGreaterThan(2);
    expect(me.startTime).toBe(await processStartTime(process.pid));
    // The start time is when this process started: before now, and not before boot.
    expect(me.startTime).toBeLessThanOrEqual(Date.now());
    expect(me.startTime).toBeGreaterThan(Date.now() - process.uptime() * 1000 - 60_000);
  });
});

describe.skipIf(!CAN_RUN_FIXTURES)('processes of a fixture', { timeout: 30_000 }, () => {
  beforeAll(() => buildFixtures(), 120_000);
  let run: FixtureRun | null = null;
  afterEach(async () => {
    await run?.end();
    expect(run?.allGone()).toBe(true);
  });

  it('names a 16-character program by its full name, and is gone after terminateProcess', async () => {
    run = new FixtureRun({ MULTIOPEN_FIXTURE_NAME: `multiopen-proc-${process.pid}` });
    const { copy } = await run.start('abstractsock-app');
    const listed = await listLinuxProcesses();
    if (!listed.ok) throw new Error('list failed');
    expect(listed.value.find((p) => p.pid === copy.pid)).toMatchObject({ name: 'abstractsock-app', comm: 'abstractsock-ap', ppid: process.pid });
    expect(await isProcessAlive(copy.pid)).toBe(true);
    expect(terminateProcess(copy.pid)).toEqual({ ok: true, value: undefined });
    await copy.exited;
    expect(await isProcessAlive(copy.pid)).toBe(false);
    // Killing it again: the PID no longer exists (ESRCH), reported as Win32 87 (process gone).
    expect(terminateProcess(copy.pid)).toMatchObject({ ok: false, failure: { kind: 'win32', code: 87 } });
  });
});
