import { describe, expect, it, vi } from 'vitest';
import type { WatchState } from '../../../core/model';

const built: unknown[] = [];
vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (t: unknown) => (built.push(t), t) },
  Tray: class {
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    on = vi.fn();
  },
  nativeImage: { createFromPath: () => ({}) },
}));

const { WatchTray } = await import('../../../electron/main/tray');

const state = (presetId: string, paused = false): WatchState => ({ presetId, exe: `${presetId}.exe`, keep: null, paused, running: 1, closedCount: 0, launchedCount: 0, lastFailure: null });

function setup(language: 'en' | 'zh-CN' = 'en') {
  const setPaused = vi.fn(async (preset: string, paused: boolean) => ({ ok: true as const, value: state(preset, paused) }));
  const tray = new WatchTray({ show: vi.fn(), quit: vi.fn(), setPaused }, language, 'icon.png');
  tray.create();
  return { tray, setPaused };
}

const labels = (t: { menuTemplate(): { label?: string }[] }) => t.menuTemplate().map((i) => i.label ?? '-');

describe('WatchTray', () => {
  it('shows that auto-unlock is off until a watcher reports', () => {
    const { tray } = setup();
    expect(tray.active).toBe(false);
    expect(labels(tray)).toEqual(['Show Multiopen', '-', 'Auto-unlock: off', '-', 'Quit']);
  });

  it('follows watcher states and pauses every watcher from one item', async () => {
    const { tray, setPaused } = setup();
    tray.onWatchEvent({ kind: 'state', presetId: 'wechat', state: state('wechat') });
    tray.onWatchEvent({ kind: 'state', presetId: 'wxwork', state: state('wxwork') });
    tray.onWatchEvent({ kind: 'launched', presetId: 'wechat', pid: 5 });
    expect(tray.active).toBe(true);
    expect(labels(tray)).toContain('Auto-unlock: 2 app(s)');
    const pause = tray.menuTemplate().find((i) => i.label === 'Pause auto-unlock');
    (pause?.click as () => void)();
    await vi.waitFor(() => expect(setPaused).toHaveBeenCalledTimes(2));
    expect(setPaused.mock.calls).toEqual([
      ['wechat', true],
      ['wxwork', true],
    ]);
    await vi.waitFor(() => expect(labels(tray)).toContain('Resume auto-unlock'));
    expect(labels(tray)).toContain('Auto-unlock: 2 app(s), 2 paused');
  });

  it('forgets stopped watchers and speaks Chinese', () => {
    const { tray } = setup('zh-CN');
    tray.onWatchEvent({ kind: 'state', presetId: 'wechat', state: state('wechat') });
    expect(labels(tray)).toEqual(['显示多开', '-', '自动解锁：1 个应用', '暂停自动解锁', '-', '退出']);
    tray.forget('wechat');
    expect(tray.active).toBe(false);
    expect(labels(tray)).toContain('自动解锁：关');
  });
});
