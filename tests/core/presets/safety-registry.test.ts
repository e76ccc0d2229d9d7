/** The safety rule for a launch-time registry value: only the documented use, an app's own setting under its vendor's HKCU key. */
import { describe, expect, it } from 'vitest';
import type { Preset } from '../../../core/model';
import { validatePreset } from '../../../core/presets/schema';
import { presetSafetyProblems } from '../../../core/presets/safety';
import { builtinPresets } from '../../../core/presets/store';

const wxwork = builtinPresets().find((p) => p.id === 'wxwork') as Preset;
const withKey = (key: string, value = 'multi_instances', base: Preset = wxwork): Preset => ({ ...base, launchRegistry: { hive: 'HKCU', key, value, data: null } });
const rules = (p: Preset) => presetSafetyProblems(p).map((x) => `${x.field} ${x.rule}`);

describe('launchRegistry', () => {
  it('allows the built-in WeCom value and a deeper key of the same vendor', () => {
    expect(wxwork.launchRegistry).toMatchObject({ key: 'Software\\Tencent\\WXWork', value: 'multi_instances', data: null, whenMoreThan: 2 });
    expect(rules(wxwork)).toEqual([]);
    expect(rules(withKey('SOFTWARE\\tencent\\WXWork\\Settings'))).toEqual([]);
  });

  it.each([
    ['a Run key', 'Software\\Microsoft\\Windows\\CurrentVersion\\Run'],
    ['a Run key under the vendor', 'Software\\Tencent\\Run'],
    ['a policy', 'Software\\Policies\\Tencent\\WXWork'],
    ['a vendor policy key', 'Software\\Tencent\\Policies'],
    ['file associations', 'Software\\Classes\\exefile\\shell\\open\\command'],
    ['the 32-bit mirror', 'Software\\WOW6432Node\\Tencent\\WXWork'],
    ['the user environment', 'Environment\\Tencent\\WXWork'],
    ['another vendor', 'Software\\ByteDance\\Douyin'],
    ['the vendor key itself', 'Software\\Tencent'],
    ['a ".." part', 'Software\\Tencent\\WXWork\\..\\..\\Microsoft'],
    ['an empty part', 'Software\\Tencent\\\\WXWork'],
  ])('refuses %s', (_what, key) => {
    expect(rules(withKey(key))).toEqual(['launchRegistry registry-not-allowed']);
  });

  it('refuses any key for a preset that names no registry key of its own vendor', () => {
    const bare: Preset = { id: 'x', name: 'X', exe: 'X.exe', guards: [] };
    expect(rules(withKey('Software\\Tencent\\WXWork', 'v', bare))).toEqual(['launchRegistry registry-not-allowed']);
  });

  it('validation names the field (PRESET_UNSAFE) and the schema allows HKCU only', () => {
    expect(validatePreset(withKey('Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'evil'))).toMatchObject({ ok: false, code: 'PRESET_UNSAFE', field: 'launchRegistry' });
    expect(validatePreset({ ...wxwork, launchRegistry: { ...wxwork.launchRegistry, hive: 'HKLM' } })).toMatchObject({ ok: false, code: 'PRESET_INVALID', field: 'launchRegistry.hive' });
    expect(validatePreset({ ...wxwork, launchRegistry: { ...wxwork.launchRegistry, value: '' } })).toMatchObject({ ok: false, code: 'PRESET_INVALID' });
  });
});
