// The store's launch gate: an untrusted preset's first launch (and "keep N running") waits for the user's yes.
import { describe, expect, it } from 'vitest';
import type { Preset } from '../../core/model';
import { createAppStore } from '../../renderer/src/store';
import { createFakeApi } from './fake-api';

const notepad: Preset = { id: 'notepad', name: 'Notepad', exe: 'notepad.exe', path: 'C:\\Windows\\System32\\notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] };

async function loaded() {
  const api = createFakeApi({ userPresets: [notepad] });
  const store = createAppStore(api);
  await store.getState().loadPresets();
  return { api, store };
}

const targets = (api: ReturnType<typeof createFakeApi>) => api.callsOf('instances.launch').map((c) => (c as { target: unknown }).target);

describe('store: first launch of an untrusted preset', () => {
  it('sends nothing until confirmed, then the launch with confirmed: true; the preset is trusted afterwards', async () => {
    const { api, store } = await loaded();
    expect(store.getState().presets.find((p) => p.id === 'notepad')?.untrusted).toBe(true);
    expect(await store.getState().launchInstances({ preset: 'notepad' })).toBeNull();
    expect(targets(api)).toEqual([]);
    expect(store.getState().launchConfirmation).toMatchObject({ preset: { id: 'notepad', path: notepad.path }, count: 2, keep: null });
    expect(store.getState().launch).toBeNull();

    const report = await store.getState().confirmLaunch();
    expect(report?.running).toBe(2);
    expect(targets(api)).toEqual([{ preset: 'notepad', count: 2, confirmed: true }]);
    expect(store.getState().launchConfirmation).toBeNull();
    expect(store.getState().presets.find((p) => p.id === 'notepad')?.untrusted).toBeUndefined();
  });

  it('Cancel drops the question and starts nothing', async () => {
    const { api, store } = await loaded();
    await store.getState().launchInstances({ preset: 'notepad' });
    store.getState().cancelLaunch();
    expect(store.getState().launchConfirmation).toBeNull();
    expect(targets(api)).toEqual([]);
  });

  it('trusted presets and launches by path with explicit guards never ask', async () => {
    const { api, store } = await loaded();
    await store.getState().launchInstances({ preset: 'wechat' });
    await store.getState().launchInstances({ path: 'C:\\Windows\\System32\\notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] });
    expect(targets(api)).toEqual([
      { preset: 'wechat', count: 2 },
      { path: 'C:\\Windows\\System32\\notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }], count: 2 },
    ]);
    expect(store.getState().launchConfirmation).toBeNull();
  });

  it('the toolbar\'s path (the selected running copy) is kept in the question and sent with the yes', async () => {
    const { api, store } = await loaded();
    await store.getState().launchInstances({ preset: 'notepad', path: 'D:\\Portable\\notepad.exe' });
    expect(store.getState().launchConfirmation?.path).toBe('D:\\Portable\\notepad.exe');
    await store.getState().confirmLaunch();
    expect(targets(api)).toEqual([{ preset: 'notepad', path: 'D:\\Portable\\notepad.exe', count: 2, confirmed: true }]);
  });

  it('PRESET_UNTRUSTED from the engine (a stale list) asks with the reloaded preset instead of showing an error', async () => {
    const { api, store } = await loaded();
    store.setState({ presets: store.getState().presets.map((p) => ({ ...p, untrusted: false })) });
    expect(await store.getState().launchInstances({ preset: 'notepad' })).toBeNull();
    expect(targets(api)).toEqual([{ preset: 'notepad', count: 2 }]);
    expect(store.getState().notice).toBeNull();
    expect(store.getState().launch).toBeNull();
    expect(store.getState().launchConfirmation?.preset.untrusted).toBe(true);
  });

  it('PRESET_UNTRUSTED for a preset that is gone is an error notice', async () => {
    const { api, store } = await loaded();
    api.failWith('instances.launch', { code: 'PRESET_UNTRUSTED', message: 'x' });
    await store.getState().launchInstances({ preset: 'nosuch' });
    expect(store.getState().launchConfirmation).toBeNull();
    expect(store.getState().notice).toEqual({ kind: 'launch', presetId: 'nosuch', error: { code: 'PRESET_UNTRUSTED', message: 'x' } });
  });

  it('"keep N running" asks first; the yes launches N copies, then starts the watcher with keep', async () => {
    const { api, store } = await loaded();
    await store.getState().startWatch('notepad', 3);
    expect(api.callsOf('watch.start')).toEqual([]);
    expect(store.getState().launchConfirmation).toMatchObject({ count: 3, keep: 3 });
    await store.getState().confirmLaunch();
    expect(targets(api)).toEqual([{ preset: 'notepad', count: 3, confirmed: true }]);
    expect(api.callsOf('watch.start')).toEqual([{ preset: 'notepad', keep: 3 }]);
    expect(store.getState().watches.notepad?.keep).toBe(3);
  });

  it('auto-unlock without keep starts nothing, so it does not ask', async () => {
    const { api, store } = await loaded();
    await store.getState().startWatch('notepad');
    expect(api.callsOf('watch.start')).toEqual([{ preset: 'notepad' }]);
    expect(store.getState().launchConfirmation).toBeNull();
  });

  it('watch.start refused with PRESET_UNTRUSTED (a stale list) asks, keeping the count', async () => {
    const { api, store } = await loaded();
    store.setState({ presets: store.getState().presets.map((p) => ({ ...p, untrusted: false })) });
    await store.getState().startWatch('notepad', 2);
    expect(api.callsOf('watch.start')).toEqual([{ preset: 'notepad', keep: 2 }]);
    expect(store.getState().notice).toBeNull();
    expect(store.getState().launchConfirmation).toMatchObject({ preset: { id: 'notepad' }, count: 2, keep: 2 });
  });
});
