/**
 * `multiopen check PRESET [--path EXE] [--save] [--json]` over the fake OS: the JSON contract, exit codes,
 * progress on stderr, --save through the store (the fix then launches), and the presets list/show/export
 * additions it feeds (legacy, lastWorked).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { createEngine } from '../../../core/engine';
import type { FakeOsApi } from '../../../native-bindings/fake/fake-os-api';
import { bno, fakeWorld, WECHAT_MUTEX } from '../../core/fake-world';

let fake: FakeOsApi;
let wechatPath: string;
let home: string;

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const engine = createEngine(fake, { home, timing: { pollMs: 5, guardTimeoutMs: 200, settleMs: 20 }, learnTiming: { settleMs: 30, pollMs: 5, totalMs: 5_000 }, env: {} });
  const code = await runCli(argv, { io: { out: (t) => (stdout += t), err: (t) => (stderr += t) }, engine: () => engine, version: '9.9.9' });
  const json = argv.includes('--json') && stdout ? JSON.parse(stdout) : undefined;
  return { code, stdout, stderr, json };
}

beforeEach(() => {
  ({ os: fake, wechatPath } = fakeWorld());
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-check-cli-'));
});

describe('multiopen check', () => {
  it('ok: exit 0, the contract\'s fields, progress on stderr only', async () => {
    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], version: '3.9.12.51' });
    const r = await cli(['check', 'wechat', '--path', wechatPath, '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 'ok', appVersion: '3.9.12.51', found: [{ type: 'Mutant', name: WECHAT_MUTEX }], proposed: { id: 'wechat', checkedVersion: '3.9.12.51' } });
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['status', 'expected', 'found', 'appVersion', 'proposed']));
    expect(r.stderr).toMatch(/starting the first copy/);
    expect(fs.existsSync(path.join(home, 'presets.json'))).toBe(false);
  });

  it('guard-changed, then --save stores the fix as the user\'s preset and launch -n 3 works with it', async () => {
    fake.installProgram(wechatPath, { guards: [['Mutant', bno('WeChat_Renamed_Instance_Mutex')]], version: '4.0.0.1' });
    const before = await cli(['launch', 'wechat', '--path', wechatPath, '-n', '3', '--json']);
    expect(before.code).toBe(1);
    for (const p of [...fake.processes.values()]) if (p.name === 'WeChat.exe') fake.kill(p.pid);

    const r = await cli(['check', 'wechat', '--path', wechatPath, '--save', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 'guard-changed', saved: 'wechat', found: [{ type: 'Mutant', name: 'WeChat_Renamed_Instance_Mutex' }] });
    expect(r.json.expected.map((g: { held: boolean }) => g.held)).toEqual([false, false]);
    const shown = await cli(['presets', 'show', 'wechat', '--json']);
    expect(shown.json).toMatchObject({ origin: 'user', overridesBuiltin: true, checkedVersion: '4.0.0.1', lastWorked: { version: '4.0.0.1', result: 'checked' } });
    expect(shown.json.untrusted).toBeUndefined();

    const after = await cli(['launch', 'wechat', '--path', wechatPath, '-n', '3', '--json']);
    expect(after.code).toBe(0);
    expect(after.json.running).toBe(3);
  });

  it('unexplained: exit 1 with the window class, and --save saves nothing', async () => {
    fake.installProgram(wechatPath, { noGuard: true, window: { className: 'WeChatMainWndForPC' }, refusesWhenWindow: 'WeChatMainWndForPC' });
    const r = await cli(['check', 'wechat', '--path', wechatPath, '--save', '--json']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: 'unexplained', proposed: null, windows: [{ className: 'WeChatMainWndForPC' }] });
    expect(r.json.saved).toBeUndefined();
    expect(fs.existsSync(path.join(home, 'presets.json'))).toBe(false);
  });

  it('prints a readable answer naming old and new guards', async () => {
    fake.installProgram(wechatPath, { guards: [['Mutant', bno('WeChat_Renamed_Instance_Mutex')]] });
    const r = await cli(['check', 'wechat', '--path', wechatPath]);
    expect(r.stdout).toMatch(/wechat: guard-changed/);
    expect(r.stdout).toMatch(/Mutant:_WeChat_App_Instance_Identity_Mutex_Name {2}NOT HELD/);
    expect(r.stdout).toMatch(/found {5}Mutant:WeChat_Renamed_Instance_Mutex/);
    expect(r.stdout).toMatch(/multiopen check wechat --save/);
  });

  it('usage: a PRESET is needed, an unknown one exits 2, --save takes no value, learn --save still takes an ID', async () => {
    expect((await cli(['check', '--json'])).code).toBe(2);
    expect((await cli(['check', 'nope', '--json'])).json.error.code).toBe('PRESET_NOT_FOUND');
    expect((await cli(['check', 'wechat', '--yes', '--json'])).code).toBe(2);
    const learn = await cli(['learn', '--path', wechatPath, '--save', '--json']);
    expect(learn.code).toBe(2);
  });
});

describe('presets list / show / export', () => {
  it('marks legacy presets in the list, keeps legacy in the JSON, and export carries lastWorked', async () => {
    const list = await cli(['presets', 'list']);
    expect(list.stdout).toMatch(/^wechat\s+builtin\s+WeChat\.exe\s+high, legacy/m);
    expect(list.stdout).toMatch(/^weixin-4\.1\.7\s+builtin\s+Weixin\.exe\s+unverified\s/m);
    const listed = await cli(['presets', 'list', '--json']);
    expect(listed.json.find((p: { id: string }) => p.id === 'wechat').legacy).toBe(true);

    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], version: '3.9.12.51' });
    const launched = await cli(['launch', 'wechat', '--path', wechatPath, '-n', '2', '--json']);
    expect(launched.code).toBe(0);
    const shown = await cli(['presets', 'show', 'wechat']);
    expect(shown.stderr).toMatch(/last worked with version 3\.9\.12\.51 on \d{4}-\d{2}-\d{2} \(launched\)/);
    await cli(['presets', 'import', writeDoc({ schemaVersion: 1, presets: [{ id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: WECHAT_MUTEX }] }] }), '--yes']);
    const exported = await cli(['presets', 'export']);
    expect(JSON.parse(exported.stdout).presets[0].lastWorked).toMatchObject({ version: '3.9.12.51', result: 'launched' });
  });
});

function writeDoc(doc: unknown): string {
  const file = path.join(home, 'doc.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}
