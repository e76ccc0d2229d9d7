import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { builtinPresets, PresetStore, resolveHome } from '../../../core/presets/store';
import { parsePresetDocument } from '../../../core/presets/schema';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-store-'));
});

const mine = { id: 'myapp', name: 'My App', exe: 'MyApp.exe', guards: [{ type: 'Event', name: 'MyApp_Single' }], instances: 3 };

describe('built-in catalog', () => {
  it('holds the required presets, each with a source and a confidence', () => {
    const ids = builtinPresets().map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['wechat', 'weixin', 'wxwork', 'dingtalk']));
    for (const p of builtinPresets()) {
      expect(p.source, p.id).toBeTruthy();
      expect(p.confidence, p.id).toBeTruthy();
    }
    const wechat = builtinPresets().find((p) => p.id === 'wechat');
    expect(wechat?.guards[0]).toEqual({ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' });
    expect(wechat?.locate?.[0]).toMatchObject({ kind: 'registry', hive: 'HKCU', key: 'Software\\Tencent\\WeChat', value: 'InstallPath' });
  });
});

describe('PresetStore', () => {
  it('saves atomically, lists user presets beside built-ins, removes them', () => {
    const store = new PresetStore(home);
    expect(store.save([mine]).ok).toBe(true);
    const written = JSON.parse(fs.readFileSync(store.file, 'utf8'));
    expect(written).toEqual({ schemaVersion: 1, presets: [mine] });
    expect(fs.readdirSync(home)).toEqual(['presets.json']);
    const listed = store.list();
    expect(listed.ok && listed.value.find((p) => p.id === 'myapp')?.origin).toBe('user');
    expect(listed.ok && listed.value.find((p) => p.id === 'wechat')?.origin).toBe('builtin');
    expect(store.remove('myapp')).toEqual({ ok: true, value: { removed: 'myapp' } });
    expect(store.get('myapp').ok).toBe(false);
  });

  it('lets a user preset override a built-in, and refuses to remove a built-in', () => {
    const store = new PresetStore(home);
    store.save([{ id: 'wechat', name: 'WeChat (mine)', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: 'New_Name' }] }]);
    const got = store.get('WECHAT');
    expect(got.ok && got.value).toMatchObject({ origin: 'user', overridesBuiltin: true, name: 'WeChat (mine)' });
    store.remove('wechat');
    expect(store.remove('wechat')).toMatchObject({ ok: false, error: { code: 'PRESET_BUILTIN' } });
  });

  it('keeps a corrupt file aside, reports it, and never overwrites it', () => {
    const store = new PresetStore(home);
    fs.writeFileSync(store.file, '{"schemaVersion": 1, "presets": [ {"id": "x"');
    const first = store.list();
    expect(first).toMatchObject({ ok: false, error: { code: 'STORE_CORRUPT' } });
    const aside = fs.readdirSync(home).filter((f) => f.startsWith('presets.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(home, aside[0] as string), 'utf8')).toContain('"id": "x"');
    expect(!first.ok && first.error.message).toContain(aside[0]);
    expect(store.list().ok).toBe(true);
  });

  it('moves aside a file whose preset is invalid, naming the bad field', () => {
    const store = new PresetStore(home);
    fs.writeFileSync(store.file, JSON.stringify({ schemaVersion: 1, presets: [{ ...mine, guards: [{ type: 'Window', name: 'x' }] }] }));
    const result = store.list();
    expect(!result.ok && result.error.message).toContain('presets[0].guards[0].type');
  });

  it('leaves a file from a newer version untouched', () => {
    const store = new PresetStore(home);
    fs.writeFileSync(store.file, JSON.stringify({ schemaVersion: 99, presets: [] }));
    expect(store.list()).toMatchObject({ ok: false, error: { code: 'STORE_CORRUPT' } });
    expect(fs.readdirSync(home)).toEqual(['presets.json']);
  });

  it('rejects an invalid preset on save without writing', () => {
    const store = new PresetStore(home);
    const result = store.save([{ ...mine, exe: 'C:\\x\\MyApp.exe' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'PRESET_INVALID' } });
    expect(!result.ok && result.error.message).toMatch(/^exe:/);
    expect(fs.existsSync(store.file)).toBe(false);
  });
});

describe('parsePresetDocument', () => {
  it('accepts a single preset object or a document, and names unknown fields', () => {
    expect(parsePresetDocument(mine)).toMatchObject({ ok: true, presets: [{ id: 'myapp' }] });
    expect(parsePresetDocument({ schemaVersion: 1, presets: [mine, mine] })).toMatchObject({ ok: false, message: expect.stringContaining('appears twice') });
    expect(parsePresetDocument({ schemaVersion: 1, presets: [{ ...mine, gaurds: [] }] })).toMatchObject({ ok: false, message: expect.stringContaining('presets[0]') });
    expect(parsePresetDocument({ ...mine, guards: [{ type: 'File', name: 'desktop.ini' }] })).toMatchObject({ ok: false, message: expect.stringContaining('guards[0].name: a File guard needs') });
  });
});

describe('resolveHome', () => {
  it('prefers MULTIOPEN_HOME, then %APPDATA%\\Multiopen', () => {
    expect(resolveHome({ MULTIOPEN_HOME: '/x' })).toBe('/x');
    expect(resolveHome({ APPDATA: '/appdata' })).toBe(path.join('/appdata', 'Multiopen'));
  });
});
