/**
 * `multiopen unlock`: for every kind of guard (mutex, event, semaphore, section, two guards, a guard held
 * by a child process, a Unicode name) a second copy is refused, unlock closes the guard(s) in the running
 * copy, and then a second copy starts.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeLike, expectFailure, leafName, runningPids } from './cli';
import { UNICODE_GUARD, describeRun, runCli, startFixture, tempPath, tryStart, useWinTestLifecycle, winPath, type FixtureExe } from './harness';

useWinTestLifecycle();

interface Case {
  exe: FixtureExe;
  guards: string[];
  /** The guard is held by a child process (ChildGuardHelper.exe), not by the exe itself. */
  childHeld?: boolean;
}

const cases: Case[] = [
  { exe: 'WeChat.exe', guards: ['Mutant:_WeChat_App_Instance_Identity_Mutex_Name'] },
  { exe: 'EventApp.exe', guards: ['Event:MultiopenTest_SingletonEvent'] },
  { exe: 'SemaphoreApp.exe', guards: ['Semaphore:MultiopenTest_SingletonSemaphore'] },
  { exe: 'SectionApp.exe', guards: ['Section:MultiopenTest_SingletonSection'] },
  { exe: 'WXWork.exe', guards: ['Mutant:Tencent.WeWork.ExclusiveObject', 'Mutant:Tencent.WeWork.ExclusiveObjectInstance1'] },
  { exe: 'ChildGuard.exe', guards: ['Mutant:MultiopenTest_ChildHeldMutex'], childHeld: true },
  { exe: 'UnicodeApp.exe', guards: [`Mutant:${UNICODE_GUARD}`] },
  {
    exe: 'DingTalk.exe',
    guards: ['Mutant:{{239B7D43-86D5-4E5C-ADE6-CEC42155B475}}DingTalk', 'Mutant:{{239B7D43-86D5-4E5C-ADE6-CEC42155B475}}DingTalk_loginframe'],
  },
];

/** Asserts the report closed exactly `guards` (TYPE:NAME) in the processes `pids`, with nothing failed. */
function expectClosed(report: { closed: { pid: number; type: string; name: string }[]; failed: unknown[] }, guards: string[], pids: number[]): void {
  expect(report.failed).toEqual([]);
  const closed = report.closed.map((c) => `${c.type}:${leafName(c.name)}`).sort();
  expect(closed).toEqual([...guards].sort());
  for (const c of report.closed) expect(pids).toContain(c.pid);
}

describe('multiopen unlock --exe --guard', () => {
  it.each(cases)('$exe: unlock closes its guard(s) and a second copy starts', async ({ exe, guards, childHeld }) => {
    const first = await startFixture(exe);
    expect(first.outcome).toBe('started');
    expect(await tryStart(exe)).toBe('refused');

    const holders = childHeld ? await runningPids('ChildGuardHelper.exe') : [first.pid];
    expect(holders).toHaveLength(1);
    const { run, report } = await closeLike(['unlock', '--exe', exe, ...guards.flatMap((g) => ['--guard', g])]);
    expect(run.code, describeRun(run)).toBe(0);
    expectClosed(report, guards, holders);

    const second = await startFixture(exe);
    expect(second.outcome).toBe('started');
    expect(await runningPids(exe)).toEqual(expect.arrayContaining([first.pid, second.pid]));
  });

  it('closes the guard in every running instance', async () => {
    const a = await startFixture('WeChat.exe');
    await closeLike(['unlock', '--exe', 'WeChat.exe', '--guard', 'Mutant:_WeChat_App_Instance_Identity_Mutex_Name']);
    const b = await startFixture('WeChat.exe');
    expect(b.outcome).toBe('started');
    // now only b holds the guard; a second unlock closes it there
    const { run, report } = await closeLike(['unlock', '--exe', 'wechat.EXE', '--guard', 'Mutant:_WeChat_App_Instance_Identity_Mutex_Name']);
    expect(run.code, describeRun(run)).toBe(0);
    expectClosed(report, ['Mutant:_WeChat_App_Instance_Identity_Mutex_Name'], [b.pid]);
    expect(report.closed.some((c) => c.pid === a.pid)).toBe(false);
    expect(await tryStart('WeChat.exe')).toBe('started');
  });

  it('reports GUARD_NOT_FOUND when the running app holds no such guard (exit 1)', async () => {
    const plain = await startFixture('Plain.exe');
    const r = await runCli(['unlock', '--exe', 'Plain.exe', '--guard', 'Mutant:MultiopenTest_NoSuchGuard', '--json']);
    expectFailure(r, 1, 'GUARD_NOT_FOUND');
    expect(await runningPids('Plain.exe')).toContain(plain.pid);
  });

  it('reports NOT_RUNNING when no instance runs (exit 1)', async () => {
    const r = await runCli(['unlock', '--exe', 'WeChat.exe', '--guard', 'Mutant:_WeChat_App_Instance_Identity_Mutex_Name', '--json']);
    expectFailure(r, 1, 'NOT_RUNNING');
  });

  it('rejects a guard without a type (exit 2, USAGE)', async () => {
    expectFailure(await runCli(['unlock', '--exe', 'WeChat.exe', '--guard', 'NoTypeHere', '--json']), 2, 'USAGE');
  });

  it('rejects an unknown guard type (exit 2, USAGE)', async () => {
    expectFailure(await runCli(['unlock', '--exe', 'WeChat.exe', '--guard', 'Gizmo:Name', '--json']), 2, 'USAGE');
  });
});

describe('multiopen unlock with a File guard (a locked file, like Weixin 4.0.0)', () => {
  it('closes the locked file handle so a second copy gets the lock', async () => {
    const lockDir = join(tempPath('appdata'), 'xwechat lock');
    mkdirSync(lockDir, { recursive: true });
    const env = { MULTIOPEN_FIXTURE_LOCKFILE: winPath(join(lockDir, 'lock.ini')) };
    const first = await startFixture('LockFileApp.exe', { env });
    expect(first.outcome).toBe('started');
    expect(await tryStart('LockFileApp.exe', { env })).toBe('refused');
    const { run, report } = await closeLike(['unlock', '--exe', 'LockFileApp.exe', '--guard', 'File:xwechat lock\\lock.ini']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.closed).toHaveLength(1);
    expect(report.closed[0]).toMatchObject({ pid: first.pid, type: 'File' });
    expect(report.closed[0]!.name.toLowerCase()).toMatch(/\\xwechat lock\\lock\.ini$/);
    expect(await tryStart('LockFileApp.exe', { env })).toBe('started');
  });
});

describe('multiopen unlock PRESET', () => {
  const presetCases: { id: string; exe: FixtureExe; closes: string[] }[] = [
    { id: 'wechat', exe: 'WeChat.exe', closes: ['Mutant:_WeChat_App_Instance_Identity_Mutex_Name'] },
    { id: 'weixin', exe: 'Weixin.exe', closes: ['Mutant:XWeChat_App_Instance_Identity_Mutex_Name'] },
    { id: 'wxwork', exe: 'WXWork.exe', closes: ['Mutant:Tencent.WeWork.ExclusiveObject', 'Mutant:Tencent.WeWork.ExclusiveObjectInstance1'] },
    {
      id: 'dingtalk',
      exe: 'DingTalk.exe',
      closes: ['Mutant:{{239B7D43-86D5-4E5C-ADE6-CEC42155B475}}DingTalk', 'Mutant:{{239B7D43-86D5-4E5C-ADE6-CEC42155B475}}DingTalk_loginframe'],
    },
  ];

  it.each(presetCases)('unlock $id closes the guards of the built-in preset', async ({ id, exe, closes }) => {
    const first = await startFixture(exe);
    expect(await tryStart(exe)).toBe('refused');
    const { run, report } = await closeLike(['unlock', id]);
    expect(run.code, describeRun(run)).toBe(0);
    expectClosed(report, closes, [first.pid]);
    expect(await tryStart(exe)).toBe('started');
  });

  it('rejects an unknown preset (exit 2, PRESET_NOT_FOUND)', async () => {
    expectFailure(await runCli(['unlock', 'no-such-preset', '--json']), 2, 'PRESET_NOT_FOUND');
  });
});
