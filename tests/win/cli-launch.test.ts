/** `multiopen launch`: make N instances run, by explicit path and guard or by a preset found through the registry. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, launchJson, runningPids, psJson } from './cli';
import {
  describeRun,
  fixtureLog,
  fixturesBin,
  installCopy,
  runCli,
  setRegistryValue,
  startFixture,
  tempPath,
  useWinTestLifecycle,
  winPath,
} from './harness';

useWinTestLifecycle();

const WECHAT_GUARD = 'Mutant:_WeChat_App_Instance_Identity_Mutex_Name';

describe('multiopen launch --path --guard', () => {
  it('makes exactly 3 WeChat.exe run, none refused', async () => {
    const log = tempPath('launched.log');
    const { run, report } = await launchJson(['--path', winPath(join(fixturesBin, 'WeChat.exe')), '--guard', WECHAT_GUARD, '-n', '3'], {
      env: { MULTIOPEN_FIXTURE_LOG: winPath(log) },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(3);
    expect(report.launched).toHaveLength(3);
    const pids = await runningPids('WeChat.exe');
    expect(pids).toHaveLength(3);
    expect(new Set(pids)).toEqual(new Set(report.launched.map((l) => l.pid)));
    // every launched copy got its guard (the launched apps inherit the CLI's environment)
    const lines = fixtureLog(log);
    expect(lines.map((l) => l.event)).toEqual(['started', 'started', 'started']);
    expect(new Set(lines.map((l) => l.pid))).toEqual(new Set(pids));
  });

  it('counts the instance already running and launches only the rest', async () => {
    const first = await startFixture('WeChat.exe');
    const { run, report } = await launchJson(['--path', winPath(join(fixturesBin, 'WeChat.exe')), '--guard', WECHAT_GUARD, '-n', '3']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.launched).toHaveLength(2);
    expect(report.running).toBe(3);
    // the running copy's guard was closed so the next could start
    expect(report.closed.some((c) => c.pid === first.pid)).toBe(true);
    const pids = await runningPids('WeChat.exe');
    expect(pids).toHaveLength(3);
    expect(pids).toContain(first.pid);
  });

  it('reports EXE_NOT_FOUND for a path that does not exist (exit 1)', async () => {
    const missing = winPath(join(tempPath('nowhere'), 'WeChat.exe'));
    const r = await runCli(['launch', '--path', missing, '--guard', WECHAT_GUARD, '-n', '1', '--json']);
    expectFailure(r, 1, 'EXE_NOT_FOUND');
    expect(await runningPids('WeChat.exe')).toEqual([]);
  });

  it('reports INSTANCE_EXITED when the app quits before its guard appears (exit 1)', async () => {
    const r = await runCli(['launch', '--path', winPath(join(fixturesBin, 'ExitAtOnce.exe')), '--guard', 'Mutant:MultiopenTest_NeverCreated', '-n', '1', '--json'], {
      timeoutMs: 110_000,
    });
    expectFailure(r, 1, 'INSTANCE_EXITED');
    expect((r.json as { running?: number }).running).toBe(0);
  });

  it('rejects a count that is not a positive number (exit 2, USAGE)', async () => {
    const r = await runCli(['launch', '--path', winPath(join(fixturesBin, 'WeChat.exe')), '--guard', WECHAT_GUARD, '-n', 'zero', '--json']);
    expectFailure(r, 2, 'USAGE');
  });
});

describe('multiopen launch PRESET', () => {
  it('launch wechat -n 3 finds WeChat.exe through HKCU\\Software\\Tencent\\WeChat InstallPath', async () => {
    const install = installCopy(['WeChat.exe'], 'WeChat install');
    setRegistryValue('HKCU\\Software\\Tencent\\WeChat', 'InstallPath', winPath(install));
    expect(await runningPids('WeChat.exe')).toEqual([]);

    const { run, report } = await launchJson(['wechat', '-n', '3']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(3);
    expect(report.exe?.toLowerCase()).toBe(winPath(join(install, 'WeChat.exe')).toLowerCase());
    const rows = (await psJson('WeChat.exe')).filter((p) => p.name.toLowerCase() === 'wechat.exe');
    expect(rows).toHaveLength(3);
    for (const p of rows) expect(p.path?.toLowerCase()).toBe(winPath(join(install, 'WeChat.exe')).toLowerCase());
  });

  it('launch wxwork -n 2 finds WXWork.exe through HKCU\\Software\\Tencent\\WXWork Executable', async () => {
    const install = installCopy(['WXWork.exe'], 'WXWork');
    setRegistryValue('HKCU\\Software\\Tencent\\WXWork', 'Executable', winPath(join(install, 'WXWork.exe')));
    const { run, report } = await launchJson(['wxwork', '-n', '2']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.running).toBe(2);
    expect(await runningPids('WXWork.exe')).toHaveLength(2);
  });

  it('reports EXE_NOT_FOUND when the preset finds no executable (exit 1)', async () => {
    const presetFile = tempPath('ghost.json');
    const missing = winPath(join(tempPath('nowhere'), 'Ghost.exe'));
    writeFileSync(presetFile, JSON.stringify({ id: 'ghost', name: 'Ghost', exe: 'Ghost.exe', guards: [{ type: 'Mutant', name: 'G' }], locate: [{ kind: 'path', path: missing }] }));
    const added = await runCli(['presets', 'add', winPath(presetFile), '--yes', '--json']);
    expect(added.code, describeRun(added)).toBe(0);
    const r = await runCli(['launch', 'ghost', '-n', '1', '--yes', '--json']);
    expectFailure(r, 1, 'EXE_NOT_FOUND');
    expect(r.stdout).toContain('Ghost.exe');
  });

  it('rejects an unknown preset (exit 2, PRESET_NOT_FOUND)', async () => {
    expectFailure(await runCli(['launch', 'no-such-preset', '-n', '2', '--json']), 2, 'PRESET_NOT_FOUND');
  });
});
