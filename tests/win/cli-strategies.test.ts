/**
 * Launch strategies beyond "close the guard": pre-claiming Roblox's event name (a user preset and the
 * built-in `roblox` preset), a File guard locked by a helper process with another exe name (Weixin 4.0.0
 * style), and per-instance arguments, environment and data folders.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Preset } from '../../core/model';
import { closeLike, launchJson, leafName, psJson, runningPids } from './cli';
import {
  describeRun,
  fixtureLog,
  fixtureValues,
  fixturesBin,
  runCli,
  startFixture,
  tempPath,
  tryStart,
  useWinTestLifecycle,
  winPath,
} from './harness';

useWinTestLifecycle();

const ROBLOX = winPath(join(fixturesBin, 'RobloxPlayerBeta.exe'));

/** Writes a preset to a file of this test and adds it with `presets add --yes` (it has its own path: the review asks for a yes). */
async function addPreset(preset: Preset): Promise<void> {
  const file = tempPath(`${preset.id}.json`);
  writeFileSync(file, JSON.stringify(preset));
  const added = await runCli(['presets', 'add', winPath(file), '--yes', '--json']);
  expect(added.code, describeRun(added)).toBe(0);
}

describe('pre-claim strategy (Roblox)', () => {
  it('RobloxPlayerBeta.exe refuses a second copy when nothing is done', async () => {
    expect((await startFixture('RobloxPlayerBeta.exe')).outcome).toBe('started');
    expect(await tryStart('RobloxPlayerBeta.exe')).toBe('refused');
  });

  it('a plain launch with --guard Event:ROBLOX_singletonEvent works by closing the event', async () => {
    const log = tempPath('roblox.log');
    const { run, report } = await launchJson(['--path', ROBLOX, '--guard', 'Event:ROBLOX_singletonEvent', '-n', '2'], { env: { MULTIOPEN_FIXTURE_LOG: winPath(log) } });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(2);
    expect(report.closed.map((c) => `${c.type}:${leafName(c.name)}`)).toEqual(['Event:ROBLOX_singletonEvent', 'Event:ROBLOX_singletonEvent']);
    expect(fixtureLog(log).map((l) => l.event)).toEqual(['started', 'started']);
  });

  it('a user preset with strategy "preclaim" runs 3 copies, none refused, closing nothing', async () => {
    await addPreset({
      id: 'robloxlike',
      name: 'Roblox-like',
      exe: 'RobloxPlayerBeta.exe',
      path: ROBLOX,
      guards: [{ type: 'Event', name: 'ROBLOX_singletonEvent' }],
      strategy: 'preclaim',
      preclaim: [{ type: 'Mutant', name: 'ROBLOX_singletonEvent' }],
    });
    const log = tempPath('roblox.log');
    const { run, report } = await launchJson(['robloxlike', '-n', '3', '--yes'], { env: { MULTIOPEN_FIXTURE_LOG: winPath(log) } });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(3);
    expect(report.launched).toHaveLength(3);
    // the copies could not create their event (the name is a Mutant held by the CLI), so there was nothing to close
    expect(report.closed).toEqual([]);
    expect(fixtureLog(log).map((l) => l.event)).toEqual(['started', 'started', 'started']);
    expect(new Set(await runningPids('RobloxPlayerBeta.exe'))).toEqual(new Set(report.launched.map((l) => l.pid)));
  });

  it('the built-in roblox preset: launch roblox --path <exe> -n 2 runs 2 copies', async () => {
    const { run, report } = await launchJson(['roblox', '--path', ROBLOX, '-n', '2']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(2);
    expect(report.exe).toBe(ROBLOX);
    expect(await runningPids('RobloxPlayerBeta.exe')).toHaveLength(2);
  });
});

describe('File guard locked by a helper process with another exe name (LockHolderApp.exe + LockHolder.exe)', () => {
  const GUARD = 'File:xwechat\\lock\\lock.ini';

  /** Environment of LockHolderApp.exe: a lock file of this test `...\xwechat\lock\lock.ini`, and the helper mode. */
  function holderEnv(detached: boolean): Record<string, string | undefined> {
    const dir = join(tempPath('appdata'), 'xwechat', 'lock');
    mkdirSync(dir, { recursive: true });
    return { MULTIOPEN_FIXTURE_LOCKFILE: winPath(join(dir, 'lock.ini')), MULTIOPEN_FIXTURE_DETACHED_HELPER: detached ? '1' : undefined };
  }

  it.each([
    { mode: 'a child of the app', detached: false },
    { mode: 'not in the app\'s process tree', detached: true },
  ])('unlock --exe LockHolderApp.exe --guard File:... closes the lock held by LockHolder.exe ($mode)', async ({ detached }) => {
    const env = holderEnv(detached);
    const first = await startFixture('LockHolderApp.exe', { env });
    expect(first.outcome).toBe('started');
    expect(await tryStart('LockHolderApp.exe', { env })).toBe('refused');
    const holders = (await psJson('LockHolder.exe')).filter((p) => p.name.toLowerCase() === 'lockholder.exe');
    expect(holders).toHaveLength(1);
    expect(holders[0]!.ppid === first.pid).toBe(!detached);

    const { run, report } = await closeLike(['unlock', '--exe', 'LockHolderApp.exe', '--guard', GUARD]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.closed).toHaveLength(1);
    expect(report.closed[0]).toMatchObject({ pid: holders[0]!.pid, type: 'File' });
    expect(report.closed[0]!.name.toLowerCase()).toMatch(/\\xwechat\\lock\\lock\.ini$/);
    expect(await tryStart('LockHolderApp.exe', { env })).toBe('started');
  });

  it('launch --path LockHolderApp.exe --guard File:... -n 3 runs 3 copies (helper not in the tree)', async () => {
    const env = holderEnv(true);
    const log = tempPath('lockholder.log');
    const { run, report } = await launchJson(['--path', winPath(join(fixturesBin, 'LockHolderApp.exe')), '--guard', GUARD, '-n', '3'], {
      env: { ...env, MULTIOPEN_FIXTURE_LOG: winPath(log) },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(3);
    expect(report.closed.filter((c) => c.type === 'File')).toHaveLength(3);
    expect(fixtureLog(log).map((l) => l.event)).toEqual(['started', 'started', 'started']);
    expect(await runningPids('LockHolderApp.exe')).toHaveLength(3);
    expect(await runningPids('LockHolder.exe')).toHaveLength(3);
  });
});

describe('per-instance arguments, environment and data folder', () => {
  it('launch argsapp -n 2 gives each copy its {index}, {dir} and environment, and creates the folders', async () => {
    const base = tempPath('data root');
    mkdirSync(base);
    await addPreset({
      id: 'argsapp',
      name: 'Args app',
      exe: 'ArgsApp.exe',
      path: winPath(join(fixturesBin, 'ArgsApp.exe')),
      guards: [],
      args: ['--account', '{index}', '--dir', '{dir}'],
      instanceDir: `${winPath(base)}\\inst{index}`,
      // A preset may set only data-folder and locale variables.
      env: { LANGUAGE: 'acct{index}' },
    });
    const log = tempPath('argsapp.log');
    const { run, report } = await launchJson(['argsapp', '-n', '2', '--yes'], { env: { MULTIOPEN_FIXTURE_LOG: winPath(log) } });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(2);
    const [one, two] = report.launched.map((l) => l.pid);

    const cmdlines = new Map(fixtureValues(log, 'cmdline').map((v) => [v.pid, v.value]));
    const envs = new Map(fixtureValues(log, 'env').map((v) => [v.pid, v.value]));
    for (const [index, pid] of [one, two].entries()) {
      const dir = `${winPath(base)}\\inst${index + 1}`;
      const cmdline = cmdlines.get(pid!);
      // "data root" has a space: the folder argument must arrive as one quoted argument
      expect(cmdline, `command line of instance ${index + 1}: ${cmdline}`).toMatch(/ArgsApp\.exe"? --account (\d) --dir "(.*)"$/);
      const m = /--account (\d) --dir "(.*)"$/.exec(cmdline ?? '');
      expect(m?.[1]).toBe(String(index + 1));
      expect(m?.[2]).toBe(dir);
      expect(envs.get(pid!)).toBe(`acct${index + 1}`);
      const linuxDir = join(base, `inst${index + 1}`);
      expect(existsSync(linuxDir) && statSync(linuxDir).isDirectory(), `${linuxDir} must exist`).toBe(true);
    }
  });
});
