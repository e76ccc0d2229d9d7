import { describe, expect, it, vi } from 'vitest';
import type { InstanceRow } from '../../../core/model';

vi.mock('electron', () => ({
  Menu: { buildFromTemplate: (t: unknown) => t },
  Tray: class {
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    on = vi.fn();
  },
  nativeImage: { createFromPath: () => ({}) },
}));

const { WatchTray } = await import('../../../electron/main/tray');

const copy = (index: number, label: string | null, pid: number): InstanceRow => ({ preset: 'wechat', index, label, pid, startedAt: null, windows: [], dataDir: null });

describe('WatchTray: running copies', () => {
  it('lists the running copies by label, and a click brings that copy to the front', () => {
    const focusCopy = vi.fn();
    const tray = new WatchTray({ show: vi.fn(), quit: vi.fn(), setPaused: vi.fn(), focusCopy }, 'en', 'icon.png');
    tray.create();
    tray.setCopies([copy(1, 'Work', 10), copy(2, null, 11)]);
    const items = tray.menuTemplate();
    expect(items.map((i) => i.label ?? '-')).toEqual(['Show Multiopen', '-', 'Auto-unlock: off', '-', 'wechat 1 · Work', 'wechat 2', '-', 'Quit']);
    (items[5] as { click(): void }).click();
    expect(focusCopy).toHaveBeenCalledWith(copy(2, null, 11));
  });

  it('is worded in Chinese, and shows no copies when none runs', () => {
    const tray = new WatchTray({ show: vi.fn(), quit: vi.fn(), setPaused: vi.fn(), focusCopy: vi.fn() }, 'zh-CN', 'icon.png');
    tray.setCopies([copy(1, '工作', 10)]);
    expect(tray.menuTemplate().map((i) => i.label ?? '-')).toContain('wechat 第 1 个 · 工作');
    tray.setCopies([]);
    expect(tray.menuTemplate().map((i) => i.label ?? '-')).toEqual(['显示多开', '-', '自动解锁：关', '-', '退出']);
  });
});
