/**
 * `multiopen watch PRESET`, running in the background until killed: it closes the guard of every copy that
 * appears (so the user's own second start works), and with -n N keeps N copies running, starting a new
 * one when one exits. Stopping the watcher (killing it) leaves the copies running; the lifecycle ends them.
 */
import { describe, expect, it } from 'vitest';
import type { WatchEvent, WatchState } from '../../core/model';
import { runningPids } from './cli';
import {
  cleanupTest,
  fixtureLog,
  installCopy,
  killWindowsProcess,
  setRegistryValue,
  startCli,
  startFixture,
  tempPath,
  useWinTestLifecycle,
  waitFor,
  winPath,
  type BackgroundCli,
} from './harness';

useWinTestLifecycle();

const GUARD_NAME = '_WeChat_App_Instance_Identity_Mutex_Name';

/** Waits (bounded) until the watcher has said on stderr that it watches. */
async function watching(cli: BackgroundCli): Promise<void> {
  await waitFor(
    `the watcher to start (stderr so far: ${cli.errors()})`,
    async () => {
      if (/watching /.test(cli.errors())) return true;
      const code = await Promise.race([cli.exited, Promise.resolve(undefined)]);
      if (code !== undefined) throw new Error(`the watcher ended with exit code ${String(code)}\nstdout: ${cli.output()}\nstderr: ${cli.errors()}`);
      return undefined;
    },
    30_000,
    100,
  );
}

/** Parses the watcher's --json output: one JSON document per line. */
function events(cli: BackgroundCli): WatchEvent[] {
  return cli
    .output()
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as WatchEvent);
}

/** The state carried by the watcher's last "state" event. */
function lastState(cli: BackgroundCli): WatchState | undefined {
  return events(cli)
    .filter((e): e is Extract<WatchEvent, { kind: 'state' }> => e.kind === 'state')
    .at(-1)?.state;
}

describe('multiopen watch', () => {
  it('watch wechat closes the guard of a new copy, so the user\'s second start works', async () => {
    const watcher = startCli(['watch', 'wechat']);
    await watching(watcher);
    const log = tempPath('wechat.log');
    const first = await startFixture('WeChat.exe', { log });
    expect(first.outcome).toBe('started');
    // the watcher closes the first copy's guard within a look or two
    await waitFor(
      `a "closed" line for PID ${first.pid} in the watch output (so far: ${watcher.output()})`,
      () => (new RegExp(`closed Mutant \\S*${GUARD_NAME} in PID ${first.pid}\\b`).test(watcher.output()) ? true : undefined),
      15_000,
      100,
    );
    const second = await startFixture('WeChat.exe', { log });
    expect(second.outcome).toBe('started');
    expect(fixtureLog(log)).toEqual([
      { pid: first.pid, event: 'started' },
      { pid: second.pid, event: 'started' },
    ]);
    // and the second copy's guard is closed too
    await waitFor(
      `a "closed" line for PID ${second.pid} (so far: ${watcher.output()})`,
      () => (watcher.output().includes(`in PID ${second.pid}`) ? true : undefined),
      15_000,
      100,
    );
    await watcher.stop();
    expect(new Set(await runningPids('WeChat.exe'))).toEqual(new Set([first.pid, second.pid]));
  });

  it('watch wechat -n 2 --json keeps 2 copies running; the lifecycle ends them after the watcher is stopped', async () => {
    const install = installCopy(['WeChat.exe'], 'WeChat install');
    setRegistryValue('HKCU\\Software\\Tencent\\WeChat', 'InstallPath', winPath(install));
    const log = tempPath('wechat.log');
    const watcher = startCli(['watch', 'wechat', '-n', '2', '--json'], { env: { MULTIOPEN_FIXTURE_LOG: winPath(log) } });
    await watching(watcher);

    const launched = () => events(watcher).filter((e): e is Extract<WatchEvent, { kind: 'launched' }> => e.kind === 'launched').map((e) => e.pid);
    const two = await waitFor(
      `2 copies launched and running (events so far: ${watcher.output()})`,
      async () => {
        const pids = launched();
        if (pids.length < 2) return undefined;
        const running = await runningPids('WeChat.exe');
        return running.length === 2 ? running : undefined;
      },
      30_000,
      250,
    );
    expect(new Set(two)).toEqual(new Set(launched()));

    // one copy exits: the watcher starts another
    const [victim, survivor] = two as [number, number];
    killWindowsProcess(victim);
    const after = await waitFor(
      `a third copy to replace PID ${victim} (events so far: ${watcher.output()})`,
      async () => {
        if (launched().length < 3) return undefined;
        const running = await runningPids('WeChat.exe');
        return running.length === 2 && !running.includes(victim) ? running : undefined;
      },
      30_000,
      250,
    );
    expect(after).toContain(survivor);
    expect(after).toContain(launched()[2]);

    // a copy the user starts beside them runs too, and the watcher closes its guard ("closed" event)
    const user = await startFixture('WeChat.exe', { log });
    expect(user.outcome).toBe('started');
    const closedEvents = () => events(watcher).filter((e): e is Extract<WatchEvent, { kind: 'closed' }> => e.kind === 'closed');
    await waitFor(
      `a "closed" event for the user's copy PID ${user.pid} (events so far: ${watcher.output()})`,
      () => (closedEvents().some((e) => e.handle.pid === user.pid) ? true : undefined),
      15_000,
      100,
    );
    await waitFor(`a state event with 3 running (events so far: ${watcher.output()})`, () => (lastState(watcher)?.running === 3 ? true : undefined), 15_000, 100);

    // every output line is one JSON event of this preset
    const all = events(watcher);
    for (const e of all) {
      expect(['closed', 'launched', 'state']).toContain(e.kind);
      expect(e.presetId).toBe('wechat');
    }
    for (const c of closedEvents()) expect(c.handle).toMatchObject({ type: 'Mutant', name: expect.stringMatching(new RegExp(`\\\\${GUARD_NAME}$`)) as unknown });
    // the watcher launched 3 copies; it does not end the user's extra copy
    expect(lastState(watcher)).toMatchObject({ keep: 2, running: 3, launchedCount: 3, lastFailure: null });
    expect(fixtureLog(log).map((l) => l.event)).toEqual(['started', 'started', 'started', 'started']);
    expect(new Set(await runningPids('WeChat.exe'))).toEqual(new Set([...after, user.pid]));

    // killing the watcher leaves its copies running; the test lifecycle ends them
    await watcher.stop();
    expect(new Set(await runningPids('WeChat.exe'))).toEqual(new Set([...after, user.pid]));
    await cleanupTest();
    expect(await runningPids('WeChat.exe')).toEqual([]);
  });
});
