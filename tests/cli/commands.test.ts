import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/commands';
import { createEngine } from '../../core/engine';
import type { FakeOsApi } from '../../native-bindings/fake/fake-os-api';
import { bno, fakeWorld, WECHAT_MUTEX } from '../core/fake-world';

let fake: FakeOsApi;
let wechatPath: string;
let home: string;

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const engine = createEngine(fake, { home, timing: { pollMs: 5, guardTimeoutMs: 200, settleMs: 20 }, env: {} });
  const code = await runCli(argv, { io: { out: (t) => (stdout += t), err: (t) => (stderr += t) }, engine: () => engine, version: '9.9.9' });
  const json = argv.includes('--json') && stdout ? JSON.parse(stdout) : undefined;
  return { code, stdout, stderr, json };
}

beforeEach(() => {
  ({ os: fake, wechatPath } = fakeWorld());
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-cli-'));
});

describe('ps and handles', () => {
  it('ps --json prints the contract fields', async () => {
    const r = await cli('ps', '--name', 'explorer', '--json');
    expect(r.code).toBe(0);
    expect(r.json).toEqual([{ pid: 500, ppid: 4, name: 'explorer.exe', path: 'C:\\Windows\\explorer.exe', sessionId: 1 }]);
  });

  it('handles --exe --type lists the guard with hex values', async () => {
    const p = fake.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX), access: 0x1f0001 }, { typeName: 'Event', name: bno('E') }] });
    const r = await cli('handles', '--exe', 'wechat.exe', '--type', 'Mutant', '--json');
    expect(r.code).toBe(0);
    expect(r.json).toEqual([{ pid: p.pid, process: 'WeChat.exe', handle: `0x${p.handles[0]?.handle.toString(16)}`, type: 'Mutant', name: bno(WECHAT_MUTEX), access: '0x1f0001' }]);
    const table = await cli('handles', '--pid', String(p.pid), '--match', 'e');
    expect(table.stdout.split('\n')[0]).toMatch(/^PID\s+PROCESS\s+HANDLE\s+TYPE\s+ACCESS\s+NAME$/);
    expect(table.stdout).toContain(bno('E'));
  });

  it('an unknown PID in handles is an operation failure, not a crash', async () => {
    const r = await cli('handles', '--pid', '424242', '--json');
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('PROCESS_GONE');
  });
});

describe('usage errors exit 2 with code USAGE', () => {
  it.each([
    [['close', '--pid', 'abc', '--handle', '0x4']],
    [['close', '--pid', '12', '--handle', 'zz']],
    [['close', '--pid', '12']],
    [['handles', '--bogus']],
    [['launch', '--path', 'C:\\a.exe', '-n', '0']],
    [['launch', '--path', 'C:\\a.exe', '-n', 'many']],
    [['unlock', '--exe', 'A.exe', '--guard', 'Window:x']],
    [['unlock']],
    [['ps', '--handle', '0x4']],
    [['frobnicate']],
    [['serve', '--port', '70000']],
    [['toString']],
    [['constructor']],
    [['hasOwnProperty']],
  ])('%j', async (argv) => {
    const r = await cli(...argv, '--json');
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('USAGE');
    expect(r.json.error.message.length).toBeGreaterThan(5);
  });

  it('an unknown preset exits 2 with PRESET_NOT_FOUND', async () => {
    const r = await cli('unlock', 'nosuchapp', '--json');
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('PRESET_NOT_FOUND');
    const text = await cli('launch', 'nosuchapp');
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('no preset "nosuchapp"');
  });
});

describe('close, unlock, launch', () => {
  it('close reports the closed handle; a missing one exits 1 with HANDLE_GONE', async () => {
    const p = fake.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const h = `0x${p.handles[0]?.handle.toString(16)}`;
    const r = await cli('close', '--pid', String(p.pid), '--handle', h, '--json');
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ closed: [{ pid: p.pid, handle: h, type: 'Mutant', name: bno(WECHAT_MUTEX) }], failed: [] });
    const again = await cli('close', '--pid', String(p.pid), '--handle', h, '--json');
    expect(again.code).toBe(1);
    expect(again.json.failed[0]).toMatchObject({ pid: p.pid, handle: h, code: 'HANDLE_GONE' });
  });

  it('unlock wechat closes the guard; GUARD_NOT_FOUND afterwards exits 1', async () => {
    fake.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const r = await cli('unlock', 'wechat', '--json');
    expect(r.code).toBe(0);
    expect(r.json.closed).toHaveLength(1);
    const again = await cli('unlock', 'wechat', '--json');
    expect(again.code).toBe(1);
    expect(again.json.failed.map((f: { code: string }) => f.code)).toEqual(['GUARD_NOT_FOUND']);
  });

  it('launch wechat -n 3 finds the exe through the registry and leaves 3 running', async () => {
    fake.setRegistry('HKCU', 'Software\\Tencent\\WeChat', 'InstallPath', 'C:\\Program Files\\Tencent\\WeChat');
    const r = await cli('launch', 'wechat', '-n', '3', '--json');
    expect(r.json.failed).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.json.running).toBe(3);
    expect(r.json.launched).toHaveLength(3);
    expect(r.json.exe).toBe(wechatPath);
  });

  it('launch with a missing exe exits 1 with EXE_NOT_FOUND and says where it looked', async () => {
    const r = await cli('launch', '--path', 'C:\\missing\\App.exe', '--guard', 'Mutant:X', '-n', '2', '--json');
    expect(r.code).toBe(1);
    expect(r.json.failed[0].code).toBe('EXE_NOT_FOUND');
    expect(r.json.failed[0].message).toContain('C:\\missing\\App.exe');
  });

  it('launch prints progress on stderr in text mode', async () => {
    const r = await cli('launch', '--path', wechatPath, '--guard', `Mutant:${WECHAT_MUTEX}`, '-n', '2');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('starting instance 2 of 2');
    expect(r.stdout).toContain('2 running now');
  });
});

describe('presets', () => {
  it('list, add, show, export, remove, import round trip', async () => {
    const list = await cli('presets', 'list', '--json');
    expect(list.json.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['wechat', 'weixin', 'wxwork', 'dingtalk']));
    const file = path.join(home, 'mine.json');
    fs.writeFileSync(file, JSON.stringify({ id: 'mine', name: 'Mine', exe: 'Mine.exe', guards: [{ type: 'Semaphore', name: 'S' }] }));
    expect((await cli('presets', 'add', file, '--json')).json).toMatchObject({ saved: ['mine'], review: { refused: false, needsConfirmation: false } });
    expect((await cli('presets', 'show', 'mine', '--json')).json).toMatchObject({ id: 'mine', origin: 'user' });
    const exported = path.join(home, 'export.json');
    expect((await cli('presets', 'export', exported)).code).toBe(0);
    expect((await cli('presets', 'remove', 'mine', '--json')).json).toEqual({ removed: 'mine' });
    expect((await cli('presets', 'show', 'mine', '--json')).code).toBe(2);
    expect((await cli('presets', 'import', exported, '--json')).json).toMatchObject({ saved: ['mine'] });
  });

  it('an invalid file names the bad field and exits 1', async () => {
    const file = path.join(home, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, presets: [{ id: 'bad', name: 'B', exe: 'B.exe', guards: [{ type: 'Mutant' }] }] }));
    const r = await cli('presets', 'import', file, '--json');
    expect(r.code).toBe(1);
    expect(r.json.error).toMatchObject({ code: 'PRESET_INVALID' });
    expect(r.json.error.message).toContain('presets[0].guards[0].name');
  });

  it('a corrupt store exits 1 with STORE_CORRUPT', async () => {
    fs.writeFileSync(path.join(home, 'presets.json'), 'not json');
    const r = await cli('presets', 'list', '--json');
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('STORE_CORRUPT');
  });
});

describe('learn', () => {
  it('reports the learned guard and saves it as a preset', async () => {
    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], objects: [['Event', bno('Noise')]] });
    let stdout = '';
    const engine = createEngine(fake, { home, learnTiming: { settleMs: 30, pollMs: 5, totalMs: 5_000 }, env: {} });
    const code = await runCli(['learn', '--path', wechatPath, '--save', 'mywechat', '--json'], { io: { out: (t) => (stdout += t), err: () => {} }, engine: () => engine, version: 'x' });
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.guards).toEqual([{ type: 'Mutant', name: WECHAT_MUTEX }]);
    expect(json.saved).toBe('mywechat');
    expect((await cli('presets', 'show', 'mywechat', '--json')).json).toMatchObject({ exe: 'WeChat.exe', path: wechatPath, guards: [{ type: 'Mutant', name: WECHAT_MUTEX }] });
    // Learned from the path the user typed: it launches without a second yes.
    expect((await cli('presets', 'show', 'mywechat', '--json')).json.untrusted).toBeUndefined();
  });

  it('--save never replaces a preset without --yes (PRESET_EXISTS), and starts nothing', async () => {
    fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]] });
    const r = await cli('learn', '--path', wechatPath, '--save', 'wechat', '--json');
    expect([r.code, r.json.error.code, r.json.error.field]).toEqual([1, 'PRESET_EXISTS', 'save']);
    expect(r.json.error.message).toContain('built-in');
    expect(fake.spawns).toEqual([]);
    expect((await cli('learn', '--path', wechatPath, '--yes', '--json')).code).toBe(2);
  });

  it('needs --path, and a valid --save id', async () => {
    expect((await cli('learn', '--json')).code).toBe(2);
    expect((await cli('learn', '--path', wechatPath, '--save', 'Bad Id', '--json')).json.error.code).toBe('USAGE');
  });
});

describe('shortcut', () => {
  it('writes a .lnk that launches the preset through this CLI', async () => {
    let stdout = '';
    const file = path.join(home, 'wechat.lnk');
    const engine = createEngine(fake, { home, env: {}, launcher: { target: 'C:\\node\\node.exe', argsFor: (p, n) => ['C:\\m\\multiopen.cjs', 'launch', p, '-n', String(n)] } });
    const code = await runCli(['shortcut', 'wechat', '-n', '3', '--path', file, '--json'], { io: { out: (t) => (stdout += t), err: () => {} }, engine: () => engine, version: 'x' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ file, target: 'C:\\node\\node.exe', args: ['C:\\m\\multiopen.cjs', 'launch', 'wechat', '-n', '3'] });
    const { readShortcut } = await import('../../core/shortcut');
    expect(readShortcut(fs.readFileSync(file))).toMatchObject({ target: 'C:\\node\\node.exe', args: 'C:\\m\\multiopen.cjs launch wechat -n 3' });
  });

  it('rejects a non-.lnk path and an unknown preset', async () => {
    expect((await cli('shortcut', 'wechat', '--path', 'x.txt', '--json')).json.error.code).toBe('USAGE');
    expect((await cli('shortcut', 'nope', '--json')).code).toBe(2);
  });
});

it('help and version', async () => {
  expect((await cli('help')).stdout).toContain('multiopen unlock');
  expect((await cli('--version')).stdout).toBe('9.9.9\n');
  expect((await cli()).code).toBe(2);
});
