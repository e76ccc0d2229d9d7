/** `multiopen presets`: the built-in catalog, the user store in MULTIOPEN_HOME, and a corrupt store. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Preset, PresetView } from '../../core/model';
import { closeLike, expectFailure } from './cli';
import { describeRun, expectJson, runCli, startFixture, tempPath, testHome, tryStart, useWinTestLifecycle, winPath } from './harness';

useWinTestLifecycle();

const userPreset: Preset = {
  id: 'eventapp',
  name: 'Event test app',
  exe: 'EventApp.exe',
  guards: [{ type: 'Event', name: 'MultiopenTest_SingletonEvent' }],
  instances: 2,
  notes: 'user preset of the win suite',
};

/** The presets of a `presets list --json` document (an array of PresetView). */
function presetsOf(json: unknown): PresetView[] {
  if (!Array.isArray(json)) throw new Error(`presets list printed no array: ${JSON.stringify(json).slice(0, 500)}`);
  return json as PresetView[];
}

async function listIds(): Promise<Map<string, PresetView>> {
  const r = await runCli(['presets', 'list', '--json']);
  expect(r.code, describeRun(r)).toBe(0);
  return new Map(presetsOf(expectJson(r)).map((p) => [p.id, p]));
}

/** The preset of a `presets show ID --json` document (the preset itself). */
function presetOf(json: unknown): PresetView {
  return json as PresetView;
}

describe('multiopen presets', () => {
  it('lists the built-in presets', async () => {
    const ids = await listIds();
    for (const id of ['wechat', 'weixin', 'wxwork', 'dingtalk']) {
      expect(ids.get(id), id).toMatchObject({ id, origin: 'builtin' });
    }
    expect(ids.get('wechat')).toMatchObject({
      exe: 'WeChat.exe',
      guards: expect.arrayContaining([{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }]) as unknown,
    });
  });

  it('add, show, export, remove, import round trip through the store in MULTIOPEN_HOME', async () => {
    const file = tempPath('eventapp.json');
    writeFileSync(file, JSON.stringify(userPreset, null, 2));
    const added = await runCli(['presets', 'add', winPath(file), '--json']);
    expect(added.code, describeRun(added)).toBe(0);
    expect(readdirSync(testHome()).some((f) => f.endsWith('.json')), 'the store is written under MULTIOPEN_HOME').toBe(true);

    expect((await listIds()).get('eventapp')).toMatchObject({ ...userPreset, origin: 'user' });
    const shown = await runCli(['presets', 'show', 'eventapp', '--json']);
    expect(shown.code, describeRun(shown)).toBe(0);
    expect(presetOf(expectJson(shown))).toMatchObject(userPreset);

    const exported = tempPath('export.json');
    const ex = await runCli(['presets', 'export', winPath(exported), '--json']);
    expect(ex.code, describeRun(ex)).toBe(0);
    const doc = JSON.parse(readFileSync(exported, 'utf8')) as { schemaVersion: number; presets: Preset[] };
    expect(doc.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(doc.presets.find((p) => p.id === 'eventapp')).toMatchObject(userPreset);

    const removed = await runCli(['presets', 'remove', 'eventapp', '--json']);
    expect(removed.code, describeRun(removed)).toBe(0);
    expect((await listIds()).has('eventapp')).toBe(false);

    const imported = await runCli(['presets', 'import', winPath(exported), '--json']);
    expect(imported.code, describeRun(imported)).toBe(0);
    expect((await listIds()).get('eventapp')).toMatchObject({ ...userPreset, origin: 'user' });
  });

  it('a user preset drives unlock on the real API', async () => {
    const file = tempPath('eventapp.json');
    writeFileSync(file, JSON.stringify(userPreset));
    expect((await runCli(['presets', 'add', winPath(file), '--json'])).code).toBe(0);
    const first = await startFixture('EventApp.exe');
    expect(await tryStart('EventApp.exe')).toBe('refused');
    const { run, report } = await closeLike(['unlock', 'eventapp']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.closed.map((c) => [c.pid, c.type])).toEqual([[first.pid, 'Event']]);
    expect(await tryStart('EventApp.exe')).toBe('started');
  });

  it('show of an unknown preset is a usage error (exit 2, PRESET_NOT_FOUND)', async () => {
    expectFailure(await runCli(['presets', 'show', 'no-such-preset', '--json']), 2, 'PRESET_NOT_FOUND');
  });

  it('refuses to remove a built-in preset (exit 1, PRESET_BUILTIN)', async () => {
    expectFailure(await runCli(['presets', 'remove', 'wechat', '--json']), 1, 'PRESET_BUILTIN');
    expect((await listIds()).has('wechat')).toBe(true);
  });

  it('rejects an invalid preset file (exit 1, PRESET_INVALID) and stores nothing', async () => {
    const file = tempPath('bad.json');
    writeFileSync(file, JSON.stringify({ ...userPreset, guards: [{ type: 'Gizmo', name: 'x' }] }));
    expectFailure(await runCli(['presets', 'add', winPath(file), '--json']), 1, 'PRESET_INVALID');
    expect((await listIds()).has('eventapp')).toBe(false);
  });

  it('reports a corrupt store (exit 1, STORE_CORRUPT) and keeps the file aside', async () => {
    const store = join(testHome(), 'presets.json');
    const garbage = '{ "schemaVersion": 1, "presets": [ this is not json';
    writeFileSync(store, garbage);
    const r = await runCli(['presets', 'list', '--json']);
    expectFailure(r, 1, 'STORE_CORRUPT');
    const aside = readdirSync(testHome()).filter((f) => f.startsWith('presets.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(testHome(), aside[0]!), 'utf8')).toBe(garbage);
    // not silently replaced: the garbage is not in presets.json any more, and built-ins still list afterwards
    if (existsSync(store)) expect(readFileSync(store, 'utf8')).not.toBe(garbage);
    expect((await listIds()).has('wechat')).toBe(true);
  });
});
