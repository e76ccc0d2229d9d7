import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexBook } from '../../core/instances';
import { applyLabels, TitleKeeper } from '../../core/label-titles';
import type { PresetView } from '../../core/model';
import { FakeOsApi } from '../../native-bindings/fake/fake-os-api';

const preset = (labels?: string[]): PresetView => ({ id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', guards: [], origin: 'user', ...(labels ? { labels } : {}) });

function world() {
  const fake = new FakeOsApi();
  const p = fake.addProcess({ ppid: 1, name: 'WeChat.exe', path: null });
  fake.windows.set(p.pid, [
    { handle: 0x10, title: 'WeChat', className: 'WeChatMainWndForPC', visible: true },
    { handle: 0x20, title: 'Default IME', className: 'IME', visible: false },
  ]);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-titles-'));
  return { fake, pid: p.pid, ctx: { os: fake, book: new IndexBook(home), env: {} } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('applyLabels', () => {
  it('labels the copy\'s own window (not the IME\'s), and does nothing when the title is right already', async () => {
    const { fake, pid, ctx } = world();
    expect((await applyLabels(ctx, [preset(['Work'])])).set).toBe(1);
    expect(fake.windows.get(pid)?.map((w) => w.title)).toEqual(['WeChat - Work', 'Default IME']);
    expect((await applyLabels(ctx, [preset(['Work'])])).set).toBe(0);
  });

  it('lists no process and sets nothing when no preset has labels (the keeper is cheap when unused)', async () => {
    const { fake, ctx } = world();
    fake.calls.length = 0;
    expect((await applyLabels(ctx, [preset()])).set).toBe(0);
    expect(fake.calls).toEqual([]);
  });

  it('a copy without a titled window yet is reported as waiting', async () => {
    const { fake, pid, ctx } = world();
    fake.windows.set(pid, []);
    expect((await applyLabels(ctx, [preset(['Work'])])).waiting).toEqual([pid]);
  });
});

describe('TitleKeeper', () => {
  it('puts the label back after the app resets its title, on its next pass, and stops when told', async () => {
    vi.useFakeTimers();
    const { fake, pid, ctx } = world();
    const keeper = new TitleKeeper(ctx, () => [preset(['Work'])], 1_000);
    keeper.start();
    await vi.advanceTimersByTimeAsync(1_000);
    const main = fake.windows.get(pid)?.[0];
    expect(main?.title).toBe('WeChat - Work');
    if (main) main.title = 'WeChat';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(main?.title).toBe('WeChat - Work');
    keeper.stop();
    if (main) main.title = 'WeChat';
    await vi.advanceTimersByTimeAsync(5_000);
    expect(main?.title).toBe('WeChat');
  });
});
