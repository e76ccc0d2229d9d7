/**
 * `multiopen learn --path EXE`: with no preset, it finds the guard of every kind of fixture (mutex, event,
 * semaphore, section, a guard held by a child, a Unicode name, a file locked by the app or by a helper with
 * another exe name, Roblox's event, and both mutexes of WXWork.exe in the --save test), says so for an app
 * that needs none, ends every copy it started, refuses to run while the app runs, and saves what it
 * learned as a preset that `unlock` uses.
 *
 * Learning takes 7-11 s per app under Wine (its waits are real: a copy must stay up 3 s to count as
 * started), so the apps are learned in parallel groups of different exes, each with its own lock file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LearnReport } from '../../core/model';
import { closeLike, expectFailure, runningPids } from './cli';
import {
  UNICODE_GUARD,
  describeRun,
  expectJson,
  fixturesBin,
  runCli,
  startFixture,
  tempPath,
  tryStart,
  useWinTestLifecycle,
  winPath,
  type FixtureExe,
} from './harness';

useWinTestLifecycle();

interface LearnCase {
  exe: FixtureExe;
  /** The guards learn must report (TYPE:NAME, any order); [] for an app that runs several copies by itself. */
  guards: string[];
  /** Other exes the app starts (helpers) that must be gone afterwards too. */
  helpers?: FixtureExe[];
  /** Environment of the learn run (inherited by the copies it starts), e.g. the lock file of a File guard. */
  env?: () => Record<string, string>;
}

/** A lock file `<temp>\<a>\<b>\lock.ini` of this test; a File guard is learned as its last three path parts. */
function lockFile(a: string, b: string): Record<string, string> {
  const dir = join(tempPath('appdata'), a, b);
  mkdirSync(dir, { recursive: true });
  return { MULTIOPEN_FIXTURE_LOCKFILE: winPath(join(dir, 'lock.ini')) };
}

const groups: { name: string; cases: LearnCase[] }[] = [
  {
    name: 'mutex, event, semaphore, section',
    cases: [
      { exe: 'WeChat.exe', guards: ['Mutant:_WeChat_App_Instance_Identity_Mutex_Name'] },
      { exe: 'EventApp.exe', guards: ['Event:MultiopenTest_SingletonEvent'] },
      { exe: 'SemaphoreApp.exe', guards: ['Semaphore:MultiopenTest_SingletonSemaphore'] },
      { exe: 'SectionApp.exe', guards: ['Section:MultiopenTest_SingletonSection'] },
    ],
  },
  {
    name: 'a guard held by a child, a Unicode name, Roblox\'s event',
    cases: [
      { exe: 'ChildGuard.exe', guards: ['Mutant:MultiopenTest_ChildHeldMutex'], helpers: ['ChildGuardHelper.exe'] },
      { exe: 'UnicodeApp.exe', guards: [`Mutant:${UNICODE_GUARD}`] },
      { exe: 'RobloxPlayerBeta.exe', guards: ['Event:ROBLOX_singletonEvent'] },
    ],
  },
  {
    name: 'a file locked by the app, a file locked by a helper with another exe name, no guard at all',
    cases: [
      { exe: 'LockFileApp.exe', guards: ['File:lockfileapp\\data\\lock.ini'], env: () => lockFile('lockfileapp', 'data') },
      { exe: 'LockHolderApp.exe', guards: ['File:xwechat\\lock\\lock.ini'], helpers: ['LockHolder.exe'], env: () => lockFile('xwechat', 'lock') },
      { exe: 'Plain.exe', guards: [] },
    ],
  },
];

/** Runs `learn --path <fixture> --json` and returns the run with its report. */
async function learn(c: LearnCase, extra: string[] = []): Promise<{ run: Awaited<ReturnType<typeof runCli<LearnReport>>>; report: LearnReport }> {
  const run = await runCli<LearnReport>(['learn', '--path', winPath(join(fixturesBin, c.exe)), ...extra, '--json'], { ...(c.env ? { env: c.env() } : {}), timeoutMs: 110_000 });
  expect(run.code, `learn ${c.exe}: ${describeRun(run)}`).toBe(0);
  return { run, report: expectJson(run) };
}

/** Asserts a learn report found exactly `c.guards` (none: the app runs several copies by itself) and that no copy of the app or its helpers is left running. */
async function expectLearned(c: LearnCase, report: LearnReport): Promise<void> {
  const what = `${c.exe}: ${JSON.stringify(report)}`;
  expect(report.exe, what).toBe(c.exe);
  expect(report.guards.map((g) => `${g.type}:${g.name}`).sort(), what).toEqual([...c.guards].sort());
  expect(report.multiInstanceByItself, what).toBe(c.guards.length === 0);
  if (c.guards.length === 0) expect(report.notes.join(' '), what).toMatch(/without closing anything/);
  else expect(report.trials, what).toBeGreaterThanOrEqual(2);
  for (const exe of [c.exe, ...(c.helpers ?? [])]) expect(await runningPids(exe), `copies of ${exe} left running after learn ${c.exe}`).toEqual([]);
  if (process.env.MULTIOPEN_WIN_VERBOSE) console.log(`learn ${c.exe}: ${report.durationMs} ms, ${report.trials} trials, ${report.candidates.length} candidates`);
}

describe('multiopen learn --path', () => {
  it.each(groups)('finds the guard(s) with no preset: $name', async ({ cases }) => {
    const results = await Promise.all(cases.map((c) => learn(c)));
    for (const [i, c] of cases.entries()) await expectLearned(c, results[i]!.report);
  });

  it('finds a file locked by a helper the app detached from its process tree (like Weixin 4.0.0\'s rundll32)', async () => {
    // Alone, not in a parallel group: another learn's orphaned helper would be a candidate there too.
    const c: LearnCase = {
      exe: 'LockHolderApp.exe',
      guards: ['File:detached\\lock\\lock.ini'],
      helpers: ['LockHolder.exe'],
      env: () => ({ ...lockFile('detached', 'lock'), MULTIOPEN_FIXTURE_DETACHED_HELPER: '1' }),
    };
    const { report } = await learn(c);
    await expectLearned(c, report);
  });

  it('refuses to learn while the app runs (exit 1, APP_RUNNING), leaving the running copy alone', async () => {
    const running = await startFixture('WeChat.exe');
    const r = await runCli(['learn', '--path', winPath(join(fixturesBin, 'WeChat.exe')), '--json']);
    expectFailure(r, 1, 'APP_RUNNING');
    expect(await runningPids('WeChat.exe')).toEqual([running.pid]);
  });

  it('finds both mutexes of WXWork.exe; learn --save ID stores a preset that unlock ID uses on a freshly started app', async () => {
    const c: LearnCase = { exe: 'WXWork.exe', guards: ['Mutant:Tencent.WeWork.ExclusiveObject', 'Mutant:Tencent.WeWork.ExclusiveObjectInstance1'] };
    const { report } = await learn(c, ['--save', 'myid']);
    expect((report as LearnReport & { saved?: string }).saved).toBe('myid');
    await expectLearned(c, report);
    const shown = await runCli<{ id: string; exe: string; path?: string; guards: unknown[] }>(['presets', 'show', 'myid', '--json']);
    expect(shown.code, describeRun(shown)).toBe(0);
    expect(expectJson(shown)).toMatchObject({ id: 'myid', exe: 'WXWork.exe', path: winPath(join(fixturesBin, 'WXWork.exe')) });

    const first = await startFixture('WXWork.exe');
    expect(await tryStart('WXWork.exe')).toBe('refused');
    const { run, report: closed } = await closeLike(['unlock', 'myid']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(closed.failed).toEqual([]);
    expect(closed.closed.map((h) => h.pid)).toEqual([first.pid, first.pid]);
    expect(await tryStart('WXWork.exe')).toBe('started');
  });
});
