/**
 * `check`: a preset compared with a fresh copy of the installed app. Each status, the proposed preset, the
 * window hint, the version, the compatibility record, and that nothing the check started is left running.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPreset } from '../../core/check';
import { createEngine } from '../../core/engine';
import type { Preset } from '../../core/model';
import { instanceRoots } from '../../core/processes';
import { validatePreset } from '../../core/presets/schema';
import { builtinPresets } from '../../core/presets/store';
import type { FakeOsApi } from '../../native-bindings/fake/fake-os-api';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { settleMs: 30, pollMs: 5, totalMs: 5_000 };
const wechat = builtinPresets().find((p) => p.id === 'wechat') as Preset;
const noise: [string, string][] = [
  ['Event', bno('SomeUiEvent')],
  ['Section', bno('SharedCache')],
];

async function running(fake: FakeOsApi, exe = 'WeChat.exe'): Promise<number> {
  const listed = await fake.listProcesses();
  return listed.ok ? instanceRoots(listed.value, exe).length : -1;
}

async function check(fake: FakeOsApi, exePath: string, preset: Preset = wechat) {
  const result = await checkPreset(fake, { preset, exePath }, undefined, timing);
  expect(await running(fake, path.win32.basename(exePath)), 'copies left running').toBe(0);
  if (!result.ok) throw new Error(`check failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('checkPreset', () => {
  it('ok: the copy holds the preset\'s guard and closing it lets a second copy start; the proposal records the version', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], objects: noise, version: '3.9.12.51' });
    const report = await check(fake, wechatPath);
    expect(report).toMatchObject({ status: 'ok', appVersion: '3.9.12.51', found: [{ type: 'Mutant', name: WECHAT_MUTEX }] });
    expect(report.expected).toEqual([
      { type: 'Mutant', name: WECHAT_MUTEX, held: true },
      { type: 'Mutant', name: 'WeChat_GlobalConfig_Multi_Process_Mutex', optional: true, held: false },
    ]);
    expect(report.proposed).toEqual({ ...wechat, checkedVersion: '3.9.12.51' });
  });

  it('guard-changed: an updated app with a renamed guard; old and new side by side, and a proposal that is a valid preset', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { guards: [['Mutant', bno('WeChat_Renamed_Instance_Mutex')]], objects: noise, version: '4.0.0.1' });
    const report = await check(fake, wechatPath);
    expect(report.status).toBe('guard-changed');
    expect(report.expected.map((g) => g.held)).toEqual([false, false]);
    expect(report.found).toEqual([{ type: 'Mutant', name: 'WeChat_Renamed_Instance_Mutex' }]);
    expect(report.proposed?.guards).toEqual([
      { type: 'Mutant', name: 'WeChat_Renamed_Instance_Mutex' },
      { type: 'Mutant', name: 'WeChat_GlobalConfig_Multi_Process_Mutex', optional: true },
    ]);
    expect(report.proposed?.checkedVersion).toBe('4.0.0.1');
    expect(validatePreset(report.proposed).ok).toBe(true);
  });

  it('guard-changed: the old guard is still there but a new one also has to go', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)], ['Event', bno('WeChat_Second_Lock')]], objects: noise });
    const report = await check(fake, wechatPath);
    expect(report.status).toBe('guard-changed');
    expect(report.expected[0]?.held).toBe(true);
    expect(report.found.map((g) => `${g.type}:${g.name}`).sort()).toEqual([`Event:WeChat_Second_Lock`, `Mutant:${WECHAT_MUTEX}`]);
  });

  it('guard-changed, not ok, when a required guard is gone and an optional one is all that matters', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { guards: [['Mutant', bno('WeChat_GlobalConfig_Multi_Process_Mutex')]] });
    const report = await check(fake, wechatPath);
    expect(report.status).toBe('guard-changed');
    expect(report.proposed?.guards).toEqual([{ type: 'Mutant', name: 'WeChat_GlobalConfig_Multi_Process_Mutex' }]);
  });

  it('no-guard-needed: the guard is gone and a second copy starts by itself', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { noGuard: true, objects: noise });
    const report = await check(fake, wechatPath);
    expect(report.status).toBe('no-guard-needed');
    expect(report.found).toEqual([]);
    expect(report.proposed?.guards).toEqual([{ type: 'Mutant', name: 'WeChat_GlobalConfig_Multi_Process_Mutex', optional: true }]);
  });

  it('ok for a launch-only preset whose app still runs several copies by itself', async () => {
    const { os: fake } = fakeWorld();
    const qq = 'C:\\Program Files\\Tencent\\QQNT\\QQ.exe';
    fake.installProgram(qq, { noGuard: true });
    const report = await check(fake, qq, builtinPresets().find((p) => p.id === 'qqnt') as Preset);
    expect(report.status).toBe('ok');
  });

  it('unexplained: the app finds its first copy\'s window; the report names the window class', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { noGuard: true, objects: noise, window: { className: 'WeChatMainWndForPC', title: 'WeChat' }, refusesWhenWindow: 'WeChatMainWndForPC' });
    const report = await check(fake, wechatPath);
    expect(report.status).toBe('unexplained');
    expect(report.windows).toEqual([{ className: 'WeChatMainWndForPC', title: 'WeChat' }]);
    expect(report.notes.join(' ')).toMatch(/class "WeChatMainWndForPC"/);
    expect(report.proposed).toBeNull();
  });

  it('access-denied: the copy runs with rights Multiopen lacks', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    const spawn = fake.spawnDetached.bind(fake);
    fake.spawnDetached = async (...args) => {
      const started = await spawn(...args);
      if (started.ok) fake.deniedPids.add(started.value.pid);
      return started;
    };
    const report = await check(fake, wechatPath);
    expect(report.status).toBe('access-denied');
    expect(report.proposed).toBeNull();
  });

  it('refuses while the app runs (APP_RUNNING) and leaves that copy alone', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath });
    const result = await checkPreset(fake, { preset: wechat, exePath: wechatPath }, undefined, timing);
    expect(result).toMatchObject({ ok: false, error: { code: 'APP_RUNNING' } });
    expect(await running(fake)).toBe(1);
  });

  it('ends its copies and restores a registry value it changed, also when the check fails half-way', async () => {
    const { os: fake } = fakeWorld();
    const wx = 'C:\\WXWork\\WXWork.exe';
    fake.installProgram(wx, { guards: [['Mutant', bno('Tencent.WeWork.ExclusiveObject')]] });
    await fake.writeRegistryString('HKCU', 'Software\\Tencent\\WXWork', 'multi_instances', 'kept');
    const preset: Preset = {
      ...(builtinPresets().find((p) => p.id === 'wxwork') as Preset),
      launchRegistry: { hive: 'HKCU', key: 'Software\\Tencent\\WXWork', value: 'multi_instances', data: null },
    };
    let spawned = 0;
    const spawn = fake.spawnDetached.bind(fake);
    fake.spawnDetached = async (...args) => {
      expect(await fake.readRegistryString('HKCU', 'Software\\Tencent\\WXWork', 'multi_instances')).toEqual({ ok: true, value: null });
      if (++spawned === 2) throw new Error('boom');
      return spawn(...args);
    };
    await expect(checkPreset(fake, { preset, exePath: wx }, undefined, timing)).rejects.toThrow('boom');
    expect(await running(fake, 'WXWork.exe')).toBe(0);
    expect(await fake.readRegistryString('HKCU', 'Software\\Tencent\\WXWork', 'multi_instances')).toEqual({ ok: true, value: 'kept' });
  });

  it('starts copies as a launch would: the preset\'s arguments and data folder per copy', async () => {
    const { os: fake } = fakeWorld();
    const tg = 'C:\\Telegram\\Telegram.exe';
    fake.installProgram(tg, { noGuard: true });
    const engine = createEngine(fake, { home: fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-check-')), env: { LOCALAPPDATA: 'C:\\L' }, learnTiming: timing });
    const result = await engine.check({ preset: 'telegram', path: tg });
    expect(result.ok && result.value.status).toBe('ok');
    expect(fake.spawns.map((s) => s.options.args)).toEqual([
      ['-many', '-workdir', 'C:\\L\\Multiopen\\Telegram\\1'],
      ['-many', '-workdir', 'C:\\L\\Multiopen\\Telegram\\2'],
    ]);
  });

  it('through the engine: an ok check is a compatibility record that show and export carry as lastWorked', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], version: '3.9.12.51' });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-check-'));
    const engine = createEngine(fake, { home, env: {}, learnTiming: timing });
    expect(engine.compat.lastWorked('wechat')).toBeUndefined();
    const result = await engine.check({ preset: 'wechat', path: wechatPath });
    expect(result.ok && result.value.status).toBe('ok');
    expect(engine.compat.lastWorked('wechat')).toEqual({ version: '3.9.12.51', date: new Date().toISOString().slice(0, 10), result: 'checked' });
    const saved = await engine.savePreset({ ...wechat, guards: [...wechat.guards] });
    expect(saved.ok).toBe(true);
    const exported = await engine.exportPresets();
    expect(exported.ok && exported.value.presets[0]?.lastWorked).toMatchObject({ version: '3.9.12.51', result: 'checked' });
    expect(fs.readFileSync(path.join(home, 'compat.json'), 'utf8')).toContain('3.9.12.51');
  });
});
