import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InstancesView } from '../../../renderer/src/components/InstancesView';
import { PresetCopies } from '../../../renderer/src/components/PresetCopies';
import { PID, ready, renderView } from '../render';

// The engine behind the fake API answers in-process, but a busy machine can take more than waitFor's default second.
const SLOW = { timeout: 5_000 };

describe('InstancesView', () => {
  it('lists the running copy with its number, PID and window title; labels are edited and saved there', async () => {
    const { api, store } = await ready();
    renderView(<InstancesView onClose={() => {}} pollMs={60_000} />, { api, store });
    const group = await screen.findByTestId('copies-wechat', {}, SLOW);
    await waitFor(() => expect(within(group).getByText(String(PID.wechat))).toBeTruthy(), SLOW);
    expect(within(group).getByText('WeChat')).toBeTruthy();
    fireEvent.click(within(group).getByRole('button', { name: 'Labels' }));
    fireEvent.change(within(group).getByLabelText('Label of copy 1'), { target: { value: 'Work' } });
    fireEvent.click(within(group).getByRole('button', { name: 'Save labels' }));
    await waitFor(() => expect(within(group).getByText('WeChat - Work')).toBeTruthy(), SLOW);
    expect(api.callsOf('copies.label')).toEqual([{ preset: 'wechat', index: 1, label: 'Work' }]);
    // The title comes back with the refreshed copies, the status line once the save has answered: either first.
    await waitFor(() => expect(within(group).getByRole('status').textContent).toBe('Labels saved'), SLOW);
  });

  it('a refused label says what a label may be, and saves nothing', async () => {
    const { api, store } = await ready();
    renderView(<InstancesView onClose={() => {}} pollMs={60_000} />, { api, store });
    const group = await screen.findByTestId('copies-wechat', {}, SLOW);
    fireEvent.click(within(group).getByRole('button', { name: 'Labels' }));
    fireEvent.change(within(group).getByLabelText('Label of copy 1'), { target: { value: 'a,b' } });
    fireEvent.click(within(group).getByRole('button', { name: 'Save labels' }));
    await waitFor(() => expect(within(group).getByRole('status').textContent).toMatch(/at most 40 characters/), SLOW);
    expect(store.getState().presets.find((p) => p.id === 'wechat')?.labels).toBeUndefined();
  });

  it('End asks first: "Keep it running" ends nothing, "End it" ends the copy', async () => {
    const { api, store } = await ready();
    renderView(<InstancesView onClose={() => {}} pollMs={60_000} />, { api, store });
    const group = await screen.findByTestId('copies-wechat', {}, SLOW);
    await waitFor(() => within(group).getByText(String(PID.wechat)), SLOW);
    fireEvent.click(within(group).getByRole('button', { name: 'End' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Keep it running' }));
    expect(api.callsOf('copies.act')).toEqual([]);
    fireEvent.click(within(group).getByRole('button', { name: 'End' }));
    fireEvent.click(await screen.findByRole('button', { name: 'End it' }));
    await waitFor(() => expect(api.callsOf('copies.act')).toEqual([{ preset: 'wechat', index: 1, pid: PID.wechat, action: 'end' }]), SLOW);
    expect(await api.engine.os.isProcessAlive(PID.wechat)).toBe(false);
  });

  it('is worded in Chinese too', async () => {
    const { api, store } = await ready();
    renderView(<InstancesView onClose={() => {}} pollMs={60_000} />, { api, store, lang: 'zh-CN' });
    expect(await screen.findByText('正在运行的副本')).toBeTruthy();
    const group = await screen.findByTestId('copies-wechat', {}, SLOW);
    expect(within(group).getByRole('button', { name: '切到前台' })).toBeTruthy();
  });
});

describe('PresetCopies (under a preset card)', () => {
  it('shows each copy by number and label with its window title, and brings one to the front', async () => {
    const { api, store } = await ready();
    await store.getState().setCopyLabel('wechat', 1, '工作');
    const wechat = store.getState().presets.find((p) => p.id === 'wechat');
    if (!wechat) throw new Error('no wechat preset');
    renderView(<PresetCopies preset={wechat} />, { api, store });
    const row = await screen.findByTestId('copy-wechat-1', {}, SLOW);
    expect(row.textContent).toContain('工作');
    expect(row.textContent).toContain('WeChat - 工作');
    fireEvent.click(within(row).getByRole('button', { name: 'Bring to front' }));
    await waitFor(() => expect(api.callsOf('copies.act')).toEqual([{ preset: 'wechat', index: 1, pid: PID.wechat, action: 'focus' }]), SLOW);
    expect(api.engine.os.desktop.foreground).toBe(api.engine.os.windows.get(PID.wechat)?.[0]?.handle);
  });
});
