import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import { launchInstances } from '../../core/launch';
import { PresetStore } from '../../core/presets/store';
import { fakeWorld } from './fake-world';

const timing = { pollMs: 2, guardTimeoutMs: 50, settleMs: 5 };
const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-safety-'));

describe('the exe is checked again right before it starts', () => {
  it('a registry value that names another program starts nothing (PRESET_UNSAFE)', async () => {
    const { os: fake } = fakeWorld();
    const ps = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
    fake.installProgram(ps, {});
    fake.setRegistry('HKCU', 'Software\\Tencent\\WeChat', 'InstallPath', ps);
    const dir = home();
    new PresetStore(dir).save([{ id: 'mine', name: 'Mine', exe: 'WeChat.exe', guards: [], locate: [{ kind: 'registry', hive: 'HKCU', key: 'Software\\Tencent\\WeChat', value: 'InstallPath', points: 'file' }] }]);
    const engine = createEngine(fake, { home: dir, env: {}, timing });
    const result = await engine.launch({ preset: 'mine', count: 1, confirmed: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'PRESET_UNSAFE' } });
    expect(fake.spawns).toEqual([]);
  });

  it('a running copy whose image is another program is not copied from', async () => {
    const { os: fake } = fakeWorld();
    fake.installProgram('C:\\Tools\\cmd.exe', {});
    // A process named like the app whose image path is a shell.
    fake.addProcess({ ppid: 500, name: 'WeChat.exe', path: 'C:\\Tools\\cmd.exe', handles: [] });
    const engine = createEngine(fake, { home: home(), env: {}, timing });
    const result = await engine.launch({ preset: 'wechat', count: 2 });
    expect(result).toMatchObject({ ok: false, error: { code: 'PRESET_UNSAFE' } });
    expect(fake.spawns).toEqual([]);
  });

  it('launchInstances itself refuses a plan whose file is not the exe, or whose environment is not allowed', async () => {
    const { os: fake } = fakeWorld();
    fake.installProgram('C:\\Apps\\Other.exe', {});
    const mismatch = await launchInstances(fake, { exePath: 'C:\\Apps\\Other.exe', exe: 'WeChat.exe', guards: [], args: [], count: 1 }, undefined, timing);
    expect(mismatch.ok && mismatch.value.failed.map((f) => [f.code, f.field])).toEqual([['PRESET_UNSAFE', 'path']]);
    fake.installProgram('C:\\Apps\\WeChat.exe', {});
    const env = await launchInstances(fake, { exePath: 'C:\\Apps\\WeChat.exe', exe: 'WeChat.exe', guards: [], args: [], count: 1, env: { PATH: 'C:\\x' } }, undefined, timing);
    expect(env.ok && env.value.failed.map((f) => [f.code, f.field])).toEqual([['PRESET_UNSAFE', 'env.PATH']]);
    expect(fake.spawns).toEqual([]);
  });

  it('an explicit --path to an interpreter is refused for launch and learn', async () => {
    const { os: fake } = fakeWorld();
    const engine = createEngine(fake, { home: home(), env: {}, timing });
    expect(await engine.launch({ path: 'C:\\Windows\\System32\\cmd.exe', guards: [], count: 1 })).toMatchObject({ ok: false, error: { code: 'PRESET_UNSAFE' } });
    expect(await engine.learn({ path: '\\\\host\\share\\App.exe' })).toMatchObject({ ok: false, error: { code: 'PRESET_UNSAFE' } });
    expect(fake.spawns).toEqual([]);
  });
});

describe('the store holds only safe presets', () => {
  it('save refuses an unsafe preset, naming the field', () => {
    const store = new PresetStore(home());
    expect(store.save([{ id: 'x', name: 'X', exe: 'X.exe', guards: [], env: { NODE_OPTIONS: '--require y' } }])).toMatchObject({
      ok: false,
      error: { code: 'PRESET_UNSAFE', field: 'env.NODE_OPTIONS' },
    });
  });

  it('a store file with an unsafe preset (written by an older version) is kept aside and nothing of it is used', () => {
    const dir = home();
    const file = path.join(dir, 'presets.json');
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, presets: [{ id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [], path: 'C:\\Windows\\System32\\cmd.exe' }] }));
    const store = new PresetStore(dir);
    const read = store.readUser();
    expect(read).toMatchObject({ ok: false, error: { code: 'STORE_CORRUPT' } });
    expect(!read.ok && read.error.message).toContain('path');
    expect(fs.readdirSync(dir).some((f) => f.startsWith('presets.json.corrupt-'))).toBe(true);
    expect(store.get('wechat')).toMatchObject({ ok: true, value: { origin: 'builtin' } });
  });
});
