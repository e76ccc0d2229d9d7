import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { createEngine } from '../../../core/engine';
import type { FakeOsApi } from '../../../native-bindings/fake/fake-os-api';
import { fakeWorld, WECHAT_MUTEX } from '../../core/fake-world';

let fake: FakeOsApi;
let home: string;

async function cli(argv: string[], answer?: boolean) {
  let stdout = '';
  let stderr = '';
  const engine = createEngine(fake, { home, timing: { pollMs: 5, guardTimeoutMs: 200, settleMs: 20 }, env: {} });
  const asked: string[] = [];
  const confirm = answer === undefined ? {} : { confirm: async (q: string) => (asked.push(q), answer) };
  const code = await runCli(argv, { io: { out: (t) => (stdout += t), err: (t) => (stderr += t) }, engine: () => engine, version: '9.9.9', ...confirm });
  const json = argv.includes('--json') && stdout ? JSON.parse(stdout) : undefined;
  return { code, stdout, stderr, json, asked };
}

function writeFile(name: string, doc: unknown): string {
  const file = path.join(home, name);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

const storeText = () => (fs.existsSync(path.join(home, 'presets.json')) ? fs.readFileSync(path.join(home, 'presets.json'), 'utf8') : null);
const guard = { type: 'Mutant', name: WECHAT_MUTEX };

/** The file a new user was handed: it replaces WeChat with cmd.exe, arguments and NODE_OPTIONS; a UNC path; powershell behind locate. */
const HOSTILE = {
  schemaVersion: 1,
  presets: [
    { id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [guard], path: 'C:\\Windows\\System32\\cmd.exe', args: ['/c', 'calc'], env: { NODE_OPTIONS: '--require x' } },
    { id: 'unc', name: 'UNC', exe: 'WeChat.exe', guards: [guard], path: '\\\\host\\share\\WeChat.exe' },
    { id: 'ps', name: 'PS', exe: 'WeChat.exe', guards: [guard], locate: [{ kind: 'path', path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' }], args: ['-enc', 'AAAA'] },
    { id: 'harmless', name: 'Harmless', exe: 'Harmless.exe', guards: [] },
  ],
};

beforeEach(() => {
  ({ os: fake } = fakeWorld());
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-import-'));
});

describe('presets import', () => {
  it('refuses the hostile file with PRESET_UNSAFE, item by item, and saves nothing (not even the harmless one)', async () => {
    const before = storeText();
    const r = await cli(['presets', 'import', writeFile('hostile.json', HOSTILE), '--yes', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('PRESET_UNSAFE');
    expect(r.json.error.field).toBe('presets[0].path');
    const problems = r.json.review.items.map((i: { id: string; problems: { field: string; rule: string }[] }) => [i.id, i.problems.map((p) => `${p.field} ${p.rule}`)]);
    expect(problems).toEqual([
      ['wechat', ['presets[0].path interpreter', 'presets[0].env.NODE_OPTIONS env-not-allowed']],
      ['unc', ['presets[1].path not-local']],
      ['ps', ['presets[2].locate[0].path interpreter']],
      ['harmless', []],
    ]);
    expect(r.json.review.items[0]).toMatchObject({ replaces: 'builtin', facts: { path: 'C:\\Windows\\System32\\cmd.exe', args: ['/c', 'calc'] } });
    expect(storeText()).toBe(before);
    expect(fake.spawns).toEqual([]);
    const launched = await cli(['launch', 'wechat', '-n', '1', '--json']);
    expect(fake.spawns.map((s) => s.path)).not.toContain('C:\\Windows\\System32\\cmd.exe');
    expect(launched.json.failed?.[0]?.code ?? launched.json.error?.code).not.toBe(undefined);
  });

  it('prints the review in words, marking what it refuses and what it replaces', async () => {
    const r = await cli(['presets', 'import', writeFile('hostile.json', HOSTILE)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('REPLACES BUILT-IN "wechat"');
    expect(r.stdout).toContain('starts     C:\\Windows\\System32\\cmd.exe');
    expect(r.stdout).toContain('arguments  /c calc');
    expect(r.stdout).toContain('env        NODE_OPTIONS=--require x');
    expect(r.stdout).toMatch(/REFUSED .*cmd\.exe.*runs other code/);
    expect(r.stderr).toContain('[PRESET_UNSAFE]');
  });

  it('a guards-only update of a built-in needs a yes: without a terminal it refuses, with --yes it saves and launches without asking', async () => {
    const update = writeFile('update.json', { schemaVersion: 1, presets: [{ id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: 'NewGuard' }] }] });
    const refused = await cli(['presets', 'import', update, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.json.error.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.json.review.items[0].changes).toContainEqual({ field: 'guards', before: [guard, { type: 'Mutant', name: 'WeChat_GlobalConfig_Multi_Process_Mutex', optional: true }], after: [{ type: 'Mutant', name: 'NewGuard' }] });
    expect(storeText()).toBeNull();
    const saved = await cli(['presets', 'import', update, '--yes', '--json']);
    expect(saved.code).toBe(0);
    expect((await cli(['presets', 'show', 'wechat', '--json'])).json).toMatchObject({ origin: 'user', guards: [{ name: 'NewGuard' }] });
    expect((await cli(['presets', 'show', 'wechat', '--json'])).json.untrusted).toBeUndefined();
  });

  it('asks at a terminal; "no" saves nothing', async () => {
    const update = writeFile('update.json', { id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [] });
    const no = await cli(['presets', 'import', update], false);
    expect(no.asked).toHaveLength(1);
    expect(no.code).toBe(1);
    expect(storeText()).toBeNull();
    const yes = await cli(['presets', 'import', update], true);
    expect(yes.code).toBe(0);
    expect(storeText()).toContain('"wechat"');
  });

  it('a new preset with its own path is saved with --yes but stays untrusted until its first launch is confirmed', async () => {
    const exe = 'C:\\Apps\\Foo\\Foo.exe';
    fake.installProgram(exe, {});
    const file = writeFile('foo.json', { id: 'foo', name: 'Foo', exe: 'Foo.exe', guards: [], path: exe, args: ['-x'] });
    expect((await cli(['presets', 'import', file, '--yes'])).code).toBe(0);
    expect((await cli(['presets', 'show', 'foo', '--json'])).json.untrusted).toBe(true);
    const refused = await cli(['launch', 'foo', '-n', '1', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.json.error.code).toBe('PRESET_UNTRUSTED');
    expect(fake.spawns).toEqual([]);
    const confirmed = await cli(['launch', 'foo', '-n', '1', '--yes', '--json']);
    expect(confirmed.json.launched).toHaveLength(1);
    expect(fake.spawns.map((s) => [s.path, s.options.args])).toEqual([[exe, ['-x']]]);
    expect((await cli(['presets', 'show', 'foo', '--json'])).json.untrusted).toBeUndefined();
    // Any later change to what it starts asks again.
    const changed = writeFile('foo2.json', { id: 'foo', name: 'Foo', exe: 'Foo.exe', guards: [], path: exe, args: ['-y'] });
    expect((await cli(['presets', 'import', changed, '--yes'])).code).toBe(0);
    expect((await cli(['presets', 'show', 'foo', '--json'])).json.untrusted).toBe(true);
  });

  it('an untrusted preset cannot be kept running by a watcher', async () => {
    fake.installProgram('C:\\Apps\\Foo\\Foo.exe', {});
    await cli(['presets', 'import', writeFile('foo.json', { id: 'foo', name: 'Foo', exe: 'Foo.exe', guards: [], path: 'C:\\Apps\\Foo\\Foo.exe' }), '--yes']);
    const engine = createEngine(fake, { home, env: {} });
    expect(await engine.startWatch({ preset: 'foo', keep: 2 })).toMatchObject({ ok: false, error: { code: 'PRESET_UNTRUSTED' } });
    await engine.shutdown();
  });
});
