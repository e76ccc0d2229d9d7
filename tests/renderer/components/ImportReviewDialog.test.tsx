// The import review: what each preset of a file starts, replaces and changes, refusals worded in the UI language; Save only after it.
// Most tests render the dialog alone and open it through the store (the panel's cards cost a second to render);
// the last one goes through the Import… button and the file picker as the user does.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ImportReviewDialog } from '../../../renderer/src/components/ImportReviewDialog';
import { PresetsPanel } from '../../../renderer/src/components/PresetsPanel';
import type { Language } from '../../../renderer/src/i18n';
import type { Preset } from '../../../core/model';
import { builtinPresets } from '../../../core/presets/store';
import { ready, renderView } from '../render';

const noop = () => {};

/** The presets panel without its cards (they are not what these tests are about, and each costs render time). */
async function renderPanel() {
  const { api, store } = await ready();
  store.setState({ presets: [] });
  renderView(<PresetsPanel onEdit={noop} />, { api, store });
  return { api, store };
}

/** The review dialog alone, opened on `doc` as if the file had been chosen. */
async function openReview(doc: unknown, lang: Language = 'en') {
  const { api, store } = await ready();
  renderView(<ImportReviewDialog />, { api, store, lang });
  await act(() => store.getState().importPresets(JSON.stringify(doc)));
  return { api, store, dialog: screen.getByTestId('import-review') };
}

function chooseFile(doc: unknown) {
  const input = screen.getByLabelText<HTMLInputElement>(/Presets file to import|要导入的预设文件/);
  fireEvent.change(input, { target: { files: [new File([JSON.stringify(doc)], 'presets.json', { type: 'application/json' })] } });
}

const builtinWechat = builtinPresets().find((p) => p.id === 'wechat')!;
/** A file that tries to make "WeChat" run a shell command with a code-loading environment. */
const hostile = { schemaVersion: 1, presets: [{ ...builtinWechat, path: 'C:\\Windows\\System32\\cmd.exe', args: ['/c', 'calc'], env: { NODE_OPTIONS: '--require x' } }] };
/** A legitimate update of the built-in: only its guards change. */
const guardsUpdate = { schemaVersion: 1, presets: [{ ...builtinWechat, guards: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name_v2' }] }] };
const ownApp: Preset = {
  id: 'foo',
  name: 'Foo',
  exe: 'Foo.exe',
  path: 'D:\\Apps\\Foo\\Foo.exe',
  args: ['--profile', '{index}'],
  env: { LANG: 'en_US' },
  instanceDir: '%LOCALAPPDATA%\\Foo\\{index}',
  locate: [{ kind: 'registry', hive: 'HKCU', key: 'Software\\Foo', value: 'InstallDir', points: 'dir' }],
  guards: [{ type: 'Mutant', name: 'FooSingleton' }],
};


describe('Import review', () => {
  it('in zh-CN the refusal is worded in Chinese', async () => {
    const { dialog: d } = await openReview(hostile, 'zh-CN');
    expect(d.getAttribute('aria-labelledby') && document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe('检查要导入的预设');
    expect(within(d).getByText('不会保存任何内容')).toBeTruthy();
    expect(within(d).getByText('路径：会启动能运行其他代码的程序（命令行、脚本宿主或解释器）。')).toBeTruthy();
    expect(within(d).getByText(/^环境变量 NODE_OPTIONS：可能改变应用加载的代码/)).toBeTruthy();
    expect(within(d).getByText(`替换内置预设 ${builtinWechat.name}`)).toBeTruthy();
    expect(within(d).getByRole('button', { name: '关闭' })).toBeTruthy();
  });

  it('a guards-only update of a built-in says what it replaces, shows the diff, and Save imports with the yes', async () => {
    const { api, store, dialog: d } = await openReview(guardsUpdate);
    const item = within(d).getByTestId('review-wechat');
    expect(within(item).getByTestId('review-replaces').textContent).toBe(`Replaces built-in ${builtinWechat.name}`);
    const changes = within(item).getByRole('table', { name: 'Changes' });
    const rows = within(changes).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.getAttribute('data-field')).toBe('guards');
    expect(within(rows[0]!).getByText('Objects to close')).toBeTruthy();
    expect(within(rows[0]!).getByText('Mutant:_WeChat_App_Instance_Identity_Mutex_Name')).toBeTruthy();
    expect(within(rows[0]!).getByText('Mutant:_WeChat_App_Instance_Identity_Mutex_Name_v2')).toBeTruthy();
    expect(api.callsOf('presets.import')).toEqual([]);
    fireEvent.click(within(d).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsOf('presets.import')).toEqual([{ document: guardsUpdate, confirmed: true }]));
    await waitFor(() => expect(store.getState().presetTransfer).toEqual({ kind: 'imported', saved: ['wechat'] }));
    expect(screen.queryByTestId('import-review')).toBeNull();
    // Same program as the built-in: nothing to confirm on launch.
    expect(store.getState().presets.find((p) => p.id === 'wechat')).toMatchObject({ origin: 'user', guards: guardsUpdate.presets[0]!.guards });
    expect(store.getState().presets.find((p) => p.id === 'wechat')?.untrusted).toBeUndefined();
  });

  it('a new preset shows everything it starts; Cancel saves nothing', async () => {
    const { api, store, dialog: d } = await openReview(ownApp);
    const item = within(d).getByTestId('review-foo');
    expect(within(item).getByText('New preset')).toBeTruthy();
    expect(within(item).queryByRole('table')).toBeNull();
    const fact = (key: string) => item.querySelector(`[data-fact="${key}"] dd`)?.textContent;
    expect(fact('exe')).toBe('Foo.exe');
    expect(fact('path')).toBe('D:\\Apps\\Foo\\Foo.exe');
    expect([...item.querySelectorAll('[data-fact="args"] dd span span')].map((e) => e.textContent)).toEqual(['--profile', '{index}']);
    expect(fact('env')).toBe('LANG=en_US');
    expect(fact('instanceDir')).toBe('%LOCALAPPDATA%\\Foo\\{index}');
    expect(fact('locate')).toBe('registry HKCU\\Software\\Foo, value “InstallDir”');
    fireEvent.click(within(d).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('import-review')).toBeNull();
    expect(api.callsOf('presets.import')).toEqual([]);
    expect(store.getState().presets.some((p) => p.id === 'foo')).toBe(false);
  });

  it('a preset without a path says where its exe will be found', async () => {
    const { path: _path, ...noPath } = ownApp;
    const { dialog: d } = await openReview({ ...noPath, locate: [...ownApp.locate!, { kind: 'path', path: 'C:\\Foo\\Foo.exe' }] });
    const item = within(d).getByTestId('review-foo');
    expect(item.querySelector('[data-fact="path"] dd')?.textContent).toBe('Not set: found from the registry, default paths, or a running copy');
  });

  it('a saved preset that is replaced by an identical one says so instead of an empty diff', async () => {
    const { api, store } = await ready();
    await api.engine.importPresets(ownApp, { confirmed: true });
    await store.getState().loadPresets();
    renderView(<ImportReviewDialog />, { api, store });
    await act(() => store.getState().importPresets(JSON.stringify(ownApp)));
    const item = screen.getByTestId('review-foo');
    expect(within(item).getByTestId('review-replaces').textContent).toBe('Replaces your preset Foo');
    expect(within(item).getByText('Same as the preset it replaces.')).toBeTruthy();
  });
  it('refuses a hostile file: each problem in words, only Close, nothing saved, focus back on Import…', async () => {
    const { api, store } = await renderPanel();
    const before = store.getState().presets;
    chooseFile(hostile);
    const d = await screen.findByTestId('import-review');
    expect(d.getAttribute('role')).toBe('dialog');
    expect(api.callsOf('presets.review')).toEqual([{ document: hostile }]);
    expect(within(d).getByText('Nothing will be saved')).toBeTruthy();
    const problems = within(d).getByTestId('review-problems');
    expect(within(problems).getByText('Path: starts a program that runs other code (a shell, script host or interpreter).')).toBeTruthy();
    expect(within(problems).getByText(/^Environment variable NODE_OPTIONS: could change what code the app loads/)).toBeTruthy();
    // The engine's English message is a tooltip for support, never the text shown.
    expect(within(d).queryByText(/runs other code \(a shell, script host or interpreter\); a preset may only start its own app/)).toBeNull();
    // What it would start is shown exactly.
    const fact = (key: string) => d.querySelector(`[data-fact="${key}"] dd`)?.textContent;
    expect(fact('path')).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(fact('args')).toBe('/ccalc');
    expect(fact('env')).toBe('NODE_OPTIONS=--require x');
    expect(within(d).queryByRole('button', { name: 'Save' })).toBeNull();
    fireEvent.click(within(d).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('import-review')).toBeNull());
    expect(api.callsOf('presets.import')).toEqual([]);
    expect(store.getState().presets).toBe(before);
    const listed = await api.engine.listPresets();
    expect(listed.ok && listed.value.filter((p) => p.origin === 'user')).toEqual([]);
    expect(document.activeElement).toBe(screen.getByText('Import…').closest('button'));
  });
});
