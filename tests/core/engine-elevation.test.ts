// A preset that says its app needs administrator rights: the schema takes it, the import review and the
// first-launch facts show it (it changes what runs, so it asks for a yes), and an elevated Multiopen then
// keeps its rights for the app instead of starting it at the desktop user's level.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import type { Preset } from '../../core/model';
import { reviewImport } from '../../core/presets/import-review';
import { validatePreset } from '../../core/presets/schema';
import { PresetStore } from '../../core/presets/store';
import { isPlainLaunch, launchFacts } from '../../core/presets/trust';
import { fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { pollMs: 2, guardTimeoutMs: 100, settleMs: 5 };
const home = () => fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-elevation-'));
const admin: Preset = { id: 'mine', name: 'Mine', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: WECHAT_MUTEX }], needsElevation: true };

describe('a preset that needs elevation', () => {
  it('is valid with a boolean, and refused with anything else, naming the field', () => {
    expect(validatePreset(admin)).toMatchObject({ ok: true, preset: { needsElevation: true } });
    expect(validatePreset({ ...admin, needsElevation: 'yes' })).toMatchObject({ ok: false, code: 'PRESET_INVALID', field: 'needsElevation' });
  });

  it('is a launch fact: the import review shows it and asks for a yes', () => {
    const { needsElevation: _, ...plain } = admin;
    expect(isPlainLaunch(plain)).toBe(true);
    expect(launchFacts(admin)).toEqual({ exe: 'WeChat.exe', needsElevation: true });
    expect(isPlainLaunch(admin)).toBe(false);
    const review = reviewImport(new PresetStore(home()), admin);
    expect(review.ok && review.value.items[0]).toMatchObject({ facts: { needsElevation: true }, needsConfirmation: true });
    expect(review.ok && review.value.items[0]?.changes.map((c) => c.field)).toContain('needsElevation');
  });

  it('keeps an elevated Multiopen\'s rights for the app; without it the copies start at the desktop user\'s level', async () => {
    for (const [needsElevation, level, reported] of [
      [true, 'inherit', 'elevated'],
      [false, 'desktop-user', 'normal'],
    ] as const) {
      const { os: fake, wechatPath } = fakeWorld();
      fake.elevation = { elevated: true, type: 'full' };
      const dir = home();
      new PresetStore(dir).save([{ ...admin, path: wechatPath, needsElevation }]);
      const engine = createEngine(fake, { home: dir, env: {}, timing });
      const r = await engine.launch({ preset: 'mine', count: 1, confirmed: true });
      expect(r.ok && r.value.failed).toEqual([]);
      expect(fake.spawns.map((s) => s.options.level ?? 'inherit')).toEqual([level]);
      expect(r.ok && r.value.launched.map((l) => l.level)).toEqual([reported]);
    }
  });
});
