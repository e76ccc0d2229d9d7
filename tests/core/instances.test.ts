import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import { freeIndices, indexCopies, ownWindows, presetsToList } from '../../core/instances';
import type { PresetView } from '../../core/model';
import type { ProcessInfo } from '../../native-bindings/os-api';
import type { FakeOsApi } from '../../native-bindings/fake/fake-os-api';
import { fakeWorld } from './fake-world';

const proc = (pid: number, startTime: number, name = 'WeChat.exe'): ProcessInfo => ({ pid, ppid: 1, name, path: null, sessionId: 1, handleCount: 0, startTime });

describe('indexCopies', () => {
  it('a recorded copy keeps its index; a copy started another way gets the lowest free one', () => {
    const a = proc(10, 100);
    const b = proc(11, 200);
    const c = proc(12, 300);
    const out = indexCopies([{ preset: 'wechat', index: 3, pid: 11, startTime: 200 }], 'wechat', [a, b, c], [a, b, c]);
    expect(out.copies.map((x) => [x.record.index, x.root.pid])).toEqual([
      [1, 10],
      [2, 12],
      [3, 11],
    ]);
    expect(out.changed).toBe(true);
  });

  it('drops records of processes that are gone or whose PID now belongs to a newer process', () => {
    const reused = proc(11, 999);
    const out = indexCopies(
      [
        { preset: 'wechat', index: 1, pid: 10, startTime: 100 },
        { preset: 'wechat', index: 2, pid: 11, startTime: 200 },
      ],
      'wechat',
      [reused],
      [reused],
    );
    // the old copy 2 is gone; the process now at PID 11 is a new copy and gets the lowest free index
    expect(out.copies.map((x) => [x.record.index, x.root.pid, x.record.startTime])).toEqual([[1, 11, 999]]);
    expect(out.records).toHaveLength(1);
  });

  it('keeps other presets\' records of live processes', () => {
    const q = proc(20, 50, 'QQ.exe');
    const out = indexCopies([{ preset: 'qqnt', index: 4, pid: 20, startTime: 50 }], 'wechat', [], [q]);
    expect(out.records).toEqual([{ preset: 'qqnt', index: 4, pid: 20, startTime: 50 }]);
    expect(out.changed).toBe(false);
  });

  it('freeIndices fills gaps first', () => {
    expect(freeIndices(new Set([1, 3]), 3)).toEqual([2, 4, 5]);
  });
});

describe('ownWindows', () => {
  it('skips IME windows; keeps visible ones, or the titled ones of an app hidden to the tray', () => {
    const ime = { handle: 1, title: 'Default IME', className: 'IME', visible: false };
    const main = { handle: 2, title: 'WeChat', className: 'WeChatMainWndForPC', visible: true };
    const hidden = { handle: 3, title: 'tray', className: 'TrayWnd', visible: false };
    expect(ownWindows([ime, main, hidden]).map((w) => w.handle)).toEqual([2]);
    expect(ownWindows([ime, { ...main, visible: false }, { ...hidden, title: '' }]).map((w) => w.handle)).toEqual([2]);
  });
});

describe('presetsToList', () => {
  const view = (id: string, exe: string, extra: Partial<PresetView> = {}): PresetView => ({ id, name: id, exe, guards: [], origin: 'builtin', ...extra });
  it('lists each exe once: under the preset that labels its copies, else a user one, else a current one', () => {
    const list = presetsToList([view('weixin', 'Weixin.exe'), view('weixin-4.0.0', 'Weixin.exe', { legacy: true }), view('weixin-4.1.7', 'Weixin.exe', { labels: ['Work'] }), view('qqnt', 'QQ.exe')]);
    expect(list.map((p) => p.id)).toEqual(['qqnt', 'weixin-4.1.7']);
  });
});

describe('the engine: instances, labels, launch --only', () => {
  let fake: FakeOsApi;
  let wechatPath: string;
  let home: string;
  const engineOf = () => createEngine(fake, { home, env: {}, timing: { pollMs: 1, guardTimeoutMs: 200, settleMs: 5 }, actionTiming: { closeWaitMs: 50, pollMs: 5 } });

  beforeEach(() => {
    ({ os: fake, wechatPath } = fakeWorld());
    fake.installProgram(wechatPath, { guards: [['Mutant', '\\Sessions\\1\\BaseNamedObjects\\_WeChat_App_Instance_Identity_Mutex_Name']], window: { className: 'WeChatMainWndForPC', title: 'WeChat' } });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-instances-'));
  });

  it('launch -n 3 gives indices 1..3, labels the windows, and the index survives into another engine (another CLI run)', async () => {
    const engine = engineOf();
    for (const [i, l] of ['Work', 'Family', 'Shop'].entries()) expect((await engine.setLabel({ preset: 'wechat', index: i + 1, label: l })).ok).toBe(true);
    const launched = await engine.launch({ preset: 'wechat', path: wechatPath, count: 3 });
    expect(launched.ok && launched.value.launched.map((l) => l.index)).toEqual([1, 2, 3]);
    const rows = await engineOf().listInstances({ preset: 'wechat' });
    expect(rows.ok && rows.value.map((r) => [r.index, r.label, r.windows.map((w) => w.title)])).toEqual([
      [1, 'Work', ['WeChat - Work']],
      [2, 'Family', ['WeChat - Family']],
      [3, 'Shop', ['WeChat - Shop']],
    ]);
    expect(fs.existsSync(path.join(home, 'instances.json'))).toBe(true);
  });

  it('a copy that exits leaves a gap that the next launch fills with the same index; --only starts exactly the missing labelled copies', async () => {
    const engine = engineOf();
    await engine.setLabel({ preset: 'wechat', index: 1, label: 'Work' });
    await engine.setLabel({ preset: 'wechat', index: 2, label: 'Family' });
    const first = await engine.launch({ preset: 'wechat', path: wechatPath, count: 3 });
    const pids = first.ok ? first.value.launched.map((l) => l.pid) : [];
    fake.kill(pids[1] as number);
    const only = await engine.launch({ preset: 'wechat', path: wechatPath, count: 2, only: ['work', 'Family'] });
    expect(only.ok && only.value.launched.map((l) => l.index)).toEqual([2]);
    const none = await engine.launch({ preset: 'wechat', path: wechatPath, count: 2, only: ['Work'] });
    expect(none.ok && none.value.launched).toEqual([]);
    const unknown = await engine.launch({ preset: 'wechat', path: wechatPath, count: 1, only: ['Nope'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'USAGE', field: 'only' } });
  });

  it('focus restores a minimised window and brings only that copy to the front; close ends the copy via WM_CLOSE', async () => {
    const engine = engineOf();
    const launched = await engine.launch({ preset: 'wechat', path: wechatPath, count: 2 });
    const [one, two] = launched.ok ? launched.value.launched.map((l) => l.pid) : [];
    const win = fake.windows.get(two as number)?.[0];
    if (win) win.minimized = true;
    const focus = await engine.instanceAction({ preset: 'wechat', index: 2, action: 'focus' });
    expect(focus).toMatchObject({ ok: true, value: { pid: two, done: true } });
    expect(win?.minimized).toBe(false);
    expect(fake.desktop.foreground).toBe(win?.handle);
    const close = await engine.instanceAction({ preset: 'wechat', index: 1, action: 'close' });
    expect(close).toMatchObject({ ok: true, value: { pid: one, done: true, stillRunning: false } });
    expect(await fake.isProcessAlive(two as number)).toBe(true);
  });

  it('close of a copy that ignores WM_CLOSE says it still runs (the front end offers to end it); end ends it', async () => {
    const engine = engineOf();
    const launched = await engine.launch({ preset: 'wechat', path: wechatPath, count: 1 });
    const pid = launched.ok ? (launched.value.launched[0]?.pid as number) : 0;
    fake.desktop.ignoresClose.add(pid);
    expect(await engine.instanceAction({ preset: 'wechat', index: 1, action: 'close' })).toMatchObject({ ok: true, value: { done: false, stillRunning: true } });
    expect(await engine.instanceAction({ preset: 'wechat', index: 1, action: 'end', pid: pid + 1 })).toMatchObject({ ok: false, error: { code: 'PROCESS_GONE' } });
    expect(await fake.isProcessAlive(pid)).toBe(true);
    expect(await engine.instanceAction({ preset: 'wechat', index: 1, action: 'end', pid })).toMatchObject({ ok: true, value: { done: true } });
    expect(await fake.isProcessAlive(pid)).toBe(false);
    expect(await engine.instanceAction({ preset: 'wechat', index: 1, action: 'focus' })).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
  });

  it('a label change replaces the old one in the title, and clearing it restores the app\'s own title', async () => {
    const engine = engineOf();
    await engine.setLabel({ preset: 'wechat', index: 1, label: 'Work' });
    await engine.launch({ preset: 'wechat', path: wechatPath, count: 1 });
    await engine.setLabel({ preset: 'wechat', index: 1, label: 'Home' });
    const title = async () => {
      const rows = await engine.listInstances({ preset: 'wechat' });
      return rows.ok ? rows.value[0]?.windows[0]?.title : undefined;
    };
    expect(await title()).toBe('WeChat - Home');
    await engine.setLabel({ preset: 'wechat', index: 1, label: null });
    expect(await title()).toBe('WeChat');
  });

  it('bad labels and indices are refused with the field named', async () => {
    const engine = engineOf();
    expect(await engine.setLabel({ preset: 'wechat', index: 0, label: 'x' })).toMatchObject({ ok: false, error: { code: 'USAGE', field: 'index' } });
    expect(await engine.setLabel({ preset: 'wechat', index: 1, label: 'a\u202Eb' })).toMatchObject({ ok: false, error: { code: 'PRESET_INVALID', field: 'label' } });
    await engine.setLabel({ preset: 'wechat', index: 1, label: 'Work' });
    expect(await engine.setLabel({ preset: 'wechat', index: 2, label: 'WORK' })).toMatchObject({ ok: false, error: { code: 'PRESET_INVALID' } });
    expect(await engine.setLabel({ preset: 'nope', index: 1, label: 'x' })).toMatchObject({ ok: false, error: { code: 'PRESET_NOT_FOUND' } });
  });

  it('labelling a built-in preset keeps it trusted (labels are not launch facts)', async () => {
    const engine = engineOf();
    const saved = await engine.setLabel({ preset: 'wechat', index: 1, label: 'Work' });
    expect(saved).toMatchObject({ ok: true, value: { origin: 'user', labels: ['Work'] } });
    expect(saved.ok && saved.value.untrusted).toBeUndefined();
  });
});
