/**
 * The fixture programs themselves, without the CLI: each holds its guard, so a second copy is refused,
 * and a copy started after the first is gone gets the guard again. Proves the ground the CLI tests stand on.
 */
import { describe, expect, it } from 'vitest';
import { psJson } from './cli';
import { countWineProcesses, fixtureLog, fixtureValues, isWindows, startFixture, tempPath, tryStart, useWinTestLifecycle, waitFor, winPath, type FixtureExe } from './harness';

useWinTestLifecycle();

const singleInstance: FixtureExe[] = [
  'WeChat.exe',
  'Weixin.exe',
  'EventApp.exe',
  'SemaphoreApp.exe',
  'SectionApp.exe',
  'WXWork.exe',
  'UnicodeApp.exe',
  'DingTalk.exe',
  'ChildGuard.exe',
  'RobloxPlayerBeta.exe',
];

describe('fixture programs', () => {
  it.each(singleInstance)('%s refuses a second copy and starts again once the first is gone', async (name) => {
    const first = await startFixture(name);
    expect(first.outcome).toBe('started');
    expect(first.pid).toBeGreaterThan(0);
    const second = await startFixture(name);
    expect(second.outcome).toBe('refused');
    expect(await second.exited).toBe(3);
    expect(second.pid).not.toBe(first.pid);
    await first.stop();
    expect(await tryStart(name)).toBe('started');
  });

  it('LockFileApp.exe refuses while another copy holds the lock on its file', async () => {
    const env = { MULTIOPEN_FIXTURE_LOCKFILE: winPath(tempPath('lock.ini')) };
    const first = await startFixture('LockFileApp.exe', { env });
    expect(first.outcome).toBe('started');
    expect(await tryStart('LockFileApp.exe', { env })).toBe('refused');
    // another lock file is another guard
    expect(await tryStart('LockFileApp.exe', { env: { MULTIOPEN_FIXTURE_LOCKFILE: winPath(tempPath('other.ini')) } })).toBe('started');
    await first.stop();
    expect(await tryStart('LockFileApp.exe', { env })).toBe('started');
  });

  it('Plain.exe runs any number of copies', async () => {
    const a = await startFixture('Plain.exe');
    const b = await startFixture('Plain.exe');
    expect([a.outcome, b.outcome]).toEqual(['started', 'started']);
  });

  it('ExitAtOnce.exe quits at once with exit code 0', async () => {
    const f = await startFixture('ExitAtOnce.exe');
    expect(f.outcome).toBe('exited');
    expect(await f.exited).toBe(0);
  });

  it('ManyHandles.exe opens its handles and holds the named guard it is given', async () => {
    const first = await startFixture('ManyHandles.exe', { args: ['2000', 'MultiopenTest_BenchGuard'] });
    expect(first.outcome).toBe('started');
    const second = await startFixture('ManyHandles.exe', { args: ['10', 'MultiopenTest_BenchGuard'] });
    expect(second.outcome).toBe('refused');
  });

  it('ChildGuard.exe keeps its guard in the helper process, which ends with its parent', async () => {
    const parent = await startFixture('ChildGuard.exe');
    expect(parent.outcome).toBe('started');
    expect(fixtureLog(parent.log)).toEqual([{ pid: parent.pid, event: 'started' }]);
    if (!isWindows) expect(countWineProcesses('ChildGuardHelper.exe')).toBe(1);
    await parent.stop();
    // the helper waits on its parent's handle and must end by itself
    const deadline = Date.now() + 10_000;
    while (!isWindows && countWineProcesses('ChildGuardHelper.exe') > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!isWindows) expect(countWineProcesses('ChildGuardHelper.exe')).toBe(0);
    expect(await tryStart('ChildGuard.exe')).toBe('started');
  });

  it.each([false, true])('LockHolderApp.exe refuses while another copy\'s LockHolder.exe holds the lock (helper detached: %s)', async (detached) => {
    const env = { MULTIOPEN_FIXTURE_LOCKFILE: winPath(tempPath('lock.ini')), MULTIOPEN_FIXTURE_DETACHED_HELPER: detached ? '1' : undefined };
    const first = await startFixture('LockHolderApp.exe', { env });
    expect(first.outcome).toBe('started');
    const procs = await psJson('LockHolder');
    const holders = procs.filter((p) => p.name.toLowerCase() === 'lockholder.exe');
    expect(holders).toHaveLength(1);
    // the child mode holder is the app's child; the detached holder's parent (the relay) is gone
    if (detached) {
      expect(holders[0]!.ppid).not.toBe(first.pid);
      expect(procs.some((p) => p.pid === holders[0]!.ppid)).toBe(false);
    } else expect(holders[0]!.ppid).toBe(first.pid);
    expect(await tryStart('LockHolderApp.exe', { env })).toBe('refused');
    await first.stop();
    // the holder waits on its app's process handle and ends by itself, releasing the lock
    if (!isWindows) await waitFor('LockHolder.exe to end with its app', () => (countWineProcesses('LockHolder.exe') === 0 ? true : undefined), 10_000);
    expect(await tryStart('LockHolderApp.exe', { env })).toBe('started');
  });

  it('ArgsApp.exe logs its command line and LANGUAGE', async () => {
    const f = await startFixture('ArgsApp.exe', { args: ['--account', '7', 'd\u00e9j\u00e0 vu'], env: { LANGUAGE: 'acct7' } });
    expect(f.outcome).toBe('started');
    const [cmdline] = fixtureValues(f.log, 'cmdline');
    expect(cmdline?.pid).toBe(f.pid);
    expect(cmdline?.value).toMatch(/ArgsApp\.exe"? --account 7 "d\u00e9j\u00e0 vu"$/);
    expect(fixtureValues(f.log, 'env')).toEqual([{ pid: f.pid, value: 'acct7' }]);
    const other = await startFixture('ArgsApp.exe', { env: { LANGUAGE: undefined } });
    expect(other.outcome).toBe('started');
    expect(fixtureValues(other.log, 'env')).toEqual([{ pid: other.pid, value: '-' }]);
  });
});
