import { describe, expect, it } from 'vitest';
import { copiesOf } from '../../../renderer/src/store';
import { PID, ready } from '../render';

describe('the copies slice', () => {
  it('refreshing processes refreshes the copies: the demo WeChat is copy 1 of wechat, with its window', async () => {
    const { store } = await ready();
    await store.getState().refreshCopies();
    const copies = copiesOf(store.getState().copies, 'wechat');
    expect(copies.map((c) => [c.index, c.pid, c.label, c.windows[0]?.title])).toEqual([[1, PID.wechat, null, 'WeChat']]);
  });

  it('a label is saved through the engine and shows in the copy and its title', async () => {
    const { api, store } = await ready();
    expect(await store.getState().setCopyLabel('wechat', 1, 'Work')).toBe(true);
    expect(api.callsOf('copies.label')).toEqual([{ preset: 'wechat', index: 1, label: 'Work' }]);
    expect(store.getState().presets.find((p) => p.id === 'wechat')?.labels).toEqual(['Work']);
    expect(copiesOf(store.getState().copies, 'wechat')[0]).toMatchObject({ label: 'Work', windows: [{ title: 'WeChat - Work' }] });
  });

  it('a refused label is a notice of kind copies, and nothing is saved', async () => {
    const { store } = await ready();
    expect(await store.getState().setCopyLabel('wechat', 1, 'Work,Home')).toBe(false);
    expect(store.getState().notice).toMatchObject({ kind: 'copies', error: { code: 'PRESET_INVALID', field: 'label' }, presetId: 'wechat' });
    expect(store.getState().presets.find((p) => p.id === 'wechat')?.labels).toBeUndefined();
  });

  it('a close the app does not obey leaves the copy "still running" to offer ending it; ending clears it', async () => {
    const { api, store } = await ready();
    await store.getState().refreshCopies();
    api.engine.os.desktop.ignoresClose.add(PID.wechat);
    const copy = copiesOf(store.getState().copies, 'wechat')[0];
    if (!copy) throw new Error('no copy');
    const closed = await store.getState().actOnCopy(copy, 'close');
    expect(closed).toMatchObject({ done: false, stillRunning: true });
    expect(store.getState().copyStillRunning).toEqual({ preset: 'wechat', index: 1, pid: PID.wechat, label: null });
    await store.getState().actOnCopy(copy, 'end');
    expect(store.getState().copyStillRunning).toBeNull();
    expect(copiesOf(store.getState().copies, 'wechat')).toEqual([]);
  });

  it('an action on a copy whose PID changed is refused (PROCESS_GONE) and the list is refreshed', async () => {
    const { store } = await ready();
    await store.getState().refreshCopies();
    const copy = copiesOf(store.getState().copies, 'wechat')[0];
    if (!copy) throw new Error('no copy');
    expect(await store.getState().actOnCopy({ ...copy, pid: copy.pid + 1 }, 'end')).toBeNull();
    expect(store.getState().notice?.error.code).toBe('PROCESS_GONE');
  });
});
