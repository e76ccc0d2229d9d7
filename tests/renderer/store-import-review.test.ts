// The store's import: review first (nothing saved), then the import with the user's yes; refusals and file errors.
import { describe, expect, it } from 'vitest';
import type { Preset } from '../../core/model';
import { MAX_PRESET_DOCUMENT_CHARS } from '../../electron/shared/contract';
import { createAppStore } from '../../renderer/src/store';
import { createFakeApi } from './fake-api';

const foo: Preset = { id: 'foo', name: 'Foo', exe: 'Foo.exe', path: 'D:\\Apps\\Foo\\Foo.exe', guards: [{ type: 'Mutant', name: 'FooSingleton' }] };
const hostile: Preset = { ...foo, path: 'C:\\Windows\\System32\\cmd.exe', args: ['/c', 'calc'], env: { NODE_OPTIONS: '--require x' } };

async function loaded() {
  const api = createFakeApi();
  const store = createAppStore(api);
  await store.getState().loadPresets();
  return { api, store };
}

const userIds = async (api: ReturnType<typeof createFakeApi>) => {
  const listed = await api.engine.listPresets();
  return listed.ok ? listed.value.filter((p) => p.origin === 'user').map((p) => p.id) : null;
};

describe('store: import review', () => {
  it('reading a file asks for the review only; Save sends the import with confirmed: true and reloads the presets', async () => {
    const { api, store } = await loaded();
    const review = await store.getState().importPresets(JSON.stringify(foo));
    expect(api.callsOf('presets.review')).toEqual([{ document: foo }]);
    expect(api.callsOf('presets.import')).toEqual([]);
    expect(review?.items.map((i) => [i.id, i.replaces, i.needsConfirmation])).toEqual([['foo', null, true]]);
    expect(store.getState().importReview).toEqual({ document: foo, review, saving: false });
    expect(await userIds(api)).toEqual([]);

    expect(await store.getState().saveReviewedImport()).toEqual(['foo']);
    expect(api.callsOf('presets.import')).toEqual([{ document: foo, confirmed: true }]);
    expect(store.getState().importReview).toBeNull();
    expect(store.getState().presetTransfer).toEqual({ kind: 'imported', saved: ['foo'] });
    expect(store.getState().presets.find((p) => p.id === 'foo')?.untrusted).toBe(true);
  });

  it('Cancel saves nothing', async () => {
    const { api, store } = await loaded();
    await store.getState().importPresets(JSON.stringify(foo));
    store.getState().cancelImport();
    expect(store.getState().importReview).toBeNull();
    expect(api.callsOf('presets.import')).toEqual([]);
    expect(await userIds(api)).toEqual([]);
  });

  it('a refused review cannot be saved: the import is never sent', async () => {
    const { api, store } = await loaded();
    const review = await store.getState().importPresets(JSON.stringify(hostile));
    expect(review?.refused).toBe(true);
    expect(review?.items[0]?.problems.map((p) => [p.field, p.rule])).toEqual([
      ['path', 'interpreter'],
      ['env.NODE_OPTIONS', 'env-not-allowed'],
    ]);
    expect(await store.getState().saveReviewedImport()).toBeNull();
    expect(api.callsOf('presets.import')).toEqual([]);
    expect(store.getState().importReview?.review.refused).toBe(true);
    expect(await userIds(api)).toEqual([]);
  });

  it('an invalid file is refused by the review, naming the field; nothing opens', async () => {
    const { api, store } = await loaded();
    expect(await store.getState().importPresets(JSON.stringify({ schemaVersion: 1, presets: [{ ...foo, guards: [{ type: 'Bogus', name: 'x' }] }] }))).toBeNull();
    expect(store.getState().importReview).toBeNull();
    expect(store.getState().presetTransfer).toMatchObject({ kind: 'import-failed', reason: 'engine', field: 'presets[0].guards[0].type', error: { code: 'PRESET_INVALID' } });
    expect(api.callsOf('presets.import')).toEqual([]);
  });

  it('not JSON, not an object, or too large: refused before the engine is asked', async () => {
    const { api, store } = await loaded();
    await store.getState().importPresets('{ nope');
    expect(store.getState().presetTransfer).toEqual({ kind: 'import-failed', reason: 'json' });
    await store.getState().importPresets('[1, 2]');
    expect(store.getState().presetTransfer).toEqual({ kind: 'import-failed', reason: 'shape' });
    await store.getState().importPresets(' '.repeat(MAX_PRESET_DOCUMENT_CHARS + 1));
    expect(store.getState().presetTransfer).toEqual({ kind: 'import-failed', reason: 'size' });
    expect(api.callsOf('presets.review')).toEqual([]);
  });

  it('a failure of the confirmed import closes the review and shows the error in the bar', async () => {
    const { api, store } = await loaded();
    await store.getState().importPresets(JSON.stringify(foo));
    api.failWith('presets.import', { code: 'FILE_ERROR', message: 'disk full' });
    expect(await store.getState().saveReviewedImport()).toBeNull();
    expect(store.getState().importReview).toBeNull();
    expect(store.getState().presetTransfer).toEqual({ kind: 'import-failed', reason: 'engine', error: { code: 'FILE_ERROR', message: 'disk full' }, field: null });
  });
});
