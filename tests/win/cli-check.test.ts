/**
 * `multiopen check` on the real API: the built-in wechat preset against WeChat.exe (ok, version read from
 * its resource), against an updated WeChat.exe whose guard was renamed (guard-changed with the new guard;
 * --save makes `launch -n 3` work again), and against WindowApp.exe, which holds no named object and finds
 * its first copy's window (unexplained, with the window class; learn names it too).
 *
 * Wine needs a display for windows: CreateWindowExW fails without one. On Linux these tests start their
 * own Xvfb (Debian package xvfb) and give its DISPLAY to the CLI, which passes it to the copies it starts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport, Preset, PresetView } from '../../core/model';
import { expectFailure, launchJson, runningPids } from './cli';
import { describeRun, expectJson, fixturesBin, runCli, tempPath, useOwnDisplay, useWinTestLifecycle, winPath } from './harness';

useWinTestLifecycle();

const WECHAT = winPath(join(fixturesBin, 'WeChat.exe'));
/** WeChat.exe after an update: the same exe name, its guard renamed to WeChat_Updated_Instance_Mutex, version 4.1.7.1. */
const UPDATED_WECHAT = winPath(join(fixturesBin, 'updated', 'WeChat.exe'));
const WINDOW_APP = winPath(join(fixturesBin, 'WindowApp.exe'));

const display = useOwnDisplay(70 + (process.pid % 200));

async function check(args: string[], env: Record<string, string> = {}) {
  const run = await runCli<CheckReport & { saved?: string }>(['check', ...args, '--json'], { env, timeoutMs: 150_000 });
  return { run, report: expectJson(run) };
}

describe('multiopen check', () => {
  it('ok: the built-in wechat preset still matches WeChat.exe (which has no version resource: said so)', async () => {
    const { run, report } = await check(['wechat', '--path', WECHAT]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.notes.join(' ')).toMatch(/no readable version resource/);
    expect(report).toMatchObject({ status: 'ok', appVersion: null, found: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }] });
    expect(report.expected[0]).toMatchObject({ name: '_WeChat_App_Instance_Identity_Mutex_Name', held: true });
    expect(run.stderr).toMatch(/starting the first copy/);
    expect(await runningPids('WeChat.exe'), 'copies left running').toEqual([]);
  });

  it('guard-changed on an updated WeChat.exe: the new guard beside the old, and --save makes launch -n 3 work again', async () => {
    const { run, report } = await check(['wechat', '--path', UPDATED_WECHAT]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.status).toBe('guard-changed');
    expect(report.appVersion).toBe('4.1.7.1');
    expect(report.expected.map((g) => [g.name, g.held])).toEqual([
      ['_WeChat_App_Instance_Identity_Mutex_Name', false],
      ['WeChat_GlobalConfig_Multi_Process_Mutex', false],
    ]);
    expect(report.found).toEqual([{ type: 'Mutant', name: 'WeChat_Updated_Instance_Mutex' }]);
    expect(report.proposed?.guards[0]).toEqual({ type: 'Mutant', name: 'WeChat_Updated_Instance_Mutex' });
    expect(await runningPids('WeChat.exe'), 'copies left running').toEqual([]);

    const saved = await check(['wechat', '--path', UPDATED_WECHAT, '--save']);
    expect(saved.run.code, describeRun(saved.run)).toBe(0);
    expect(saved.report.saved).toBe('wechat');
    const shown = expectJson(await runCli<PresetView & { lastWorked?: unknown }>(['presets', 'show', 'wechat', '--json']));
    expect(shown).toMatchObject({ origin: 'user', checkedVersion: '4.1.7.1', lastWorked: { version: '4.1.7.1', result: 'checked' } });

    const launched = await launchJson(['wechat', '--path', UPDATED_WECHAT, '-n', '3']);
    expect(launched.run.code, describeRun(launched.run)).toBe(0);
    expect(launched.report.running).toBe(3);
    expect(launched.report.closed.map((c) => c.name?.slice(c.name.lastIndexOf('\\') + 1))).toEqual(Array(3).fill('WeChat_Updated_Instance_Mutex'));
  });
});

describe('an app that finds its own window', () => {
  it('check says unexplained and names the window class; --save saves nothing', async () => {
    const preset: Preset = { id: 'windowapp', name: 'WindowApp', exe: 'WindowApp.exe', guards: [{ type: 'Mutant', name: 'WindowApp_Old_Guard' }] };
    const file = tempPath('windowapp.json');
    writeFileSync(file, JSON.stringify(preset));
    expect((await runCli(['presets', 'add', winPath(file), '--json'])).code).toBe(0);
    const { run, report } = await check(['windowapp', '--path', WINDOW_APP, '--save'], display());
    expect(run.code, describeRun(run)).toBe(1);
    expect(report.status).toBe('unexplained');
    expect(report.windows[0]).toEqual({ className: 'MultiopenTest_WindowClass', title: 'Multiopen window test' });
    expect(report.proposed).toBeNull();
    expect(report.saved).toBeUndefined();
    expect(await runningPids('WindowApp.exe'), 'copies left running').toEqual([]);
  });

  it('learn fails with LEARN_FAILED and names the window class', async () => {
    const run = await runCli(['learn', '--path', WINDOW_APP, '--json'], { env: display(), timeoutMs: 150_000 });
    expectFailure(run, 1, 'LEARN_FAILED');
    expect((run.json as { error: { message: string } }).error.message).toMatch(/window of class "MultiopenTest_WindowClass"/);
    expect(await runningPids('WindowApp.exe')).toEqual([]);
  });
});
