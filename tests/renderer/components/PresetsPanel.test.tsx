// The presets panel: cards, auto-unlock and "keep N running" watchers, import and export.
import * as fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PresetsPanel } from '../../../renderer/src/components/PresetsPanel';
import { ShortcutBar } from '../../../renderer/src/components/Notices';
import { invalidField } from '../../../renderer/src/store';
import type { Language } from '../../../renderer/src/i18n';
import type { Preset } from '../../../core/model';
import { builtinPresets } from '../../../core/presets/store';
import { createFakeApi, type FakeApi } from '../fake-api';
import { ready, renderView } from '../render';

/** The built-ins these tests look at: every card of the whole catalog would cost render time in each test. */
const BUILTINS = ['wechat', 'weixin-4.1.7', 'roblox', 'telegram'];
const catalog = (id: string) => builtinPresets().find((p) => p.id === id)!;
const WECHAT = catalog('wechat').name;

async function renderPanel(options: { lang?: Language; api?: FakeApi } = {}) {
  const { api, store } = await ready({ api: options.api ?? createFakeApi({ builtins: BUILTINS }) });
  renderView(<PresetsPanel onEdit={() => {}} />, { api, store, ...(options.lang ? { lang: options.lang } : {}) });
  return { api, store };
}

const notepad: Preset = { id: 'notepad', name: 'Notepad', exe: 'notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] };

function chooseFile(content: string, name = 'presets.json') {
  const input = screen.getByLabelText<HTMLInputElement>(/Presets file to import|要导入的预设文件/);
  fireEvent.change(input, { target: { files: [new File([content], name, { type: 'application/json' })] } });
}

afterEach(() => vi.restoreAllMocks());

describe('Presets: import and export', () => {
  it('"Import…" opens the file picker from the keyboard-reachable button', async () => {
    await renderPanel();
    const input = screen.getByLabelText<HTMLInputElement>('Presets file to import');
    expect(input.type).toBe('file');
    expect(input.accept).toContain('.json');
    const click = vi.spyOn(input, 'click').mockImplementation(() => {});
    fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    expect(click).toHaveBeenCalledTimes(1);
  });

  it('imports a valid file after its review: presets.import gets the parsed document and the yes, the saved ids are shown and listed', async () => {
    const { api } = await renderPanel();
    const doc = { schemaVersion: 1, presets: [notepad, { id: 'qq', name: 'QQ', exe: 'QQ.exe', guards: [] }] };
    chooseFile(JSON.stringify(doc));
    await waitFor(() => expect(api.callsOf('presets.review')).toEqual([{ document: doc }]));
    fireEvent.click(within(await screen.findByTestId('import-review')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsOf('presets.import')).toEqual([{ document: doc, confirmed: true }]));
    const bar = await screen.findByTestId('preset-transfer');
    expect(within(bar).getByText('Imported 2 preset(s): notepad, qq')).toBeTruthy();
    expect(await screen.findByTestId('preset-notepad')).toBeTruthy();
    expect(within(screen.getByTestId('preset-qq')).getByText('launch only')).toBeTruthy();
  });

  it('an invalid file names the bad field, in English and in Chinese', async () => {
    const bad = JSON.stringify({ schemaVersion: 1, presets: [notepad, { ...notepad, id: 'b', guards: [{ type: 'Mutant', name: 'x' }, { type: 'Bogus', name: 'y' }] }] });
    const { api } = await renderPanel();
    chooseFile(bad);
    const bar = await screen.findByTestId('preset-transfer');
    expect(within(bar).getByText(/Not imported: presets\[1\]\.guards\[1\]\.type is not valid\./)).toBeTruthy();
    expect(bar.getAttribute('role')).toBe('alert');
    expect(api.callsOf('presets.review')).toHaveLength(1);
    expect(api.callsOf('presets.import')).toHaveLength(0);
    expect(screen.queryByTestId('preset-notepad')).toBeNull();
  });

  it('an invalid file in zh-CN', async () => {
    await renderPanel({ lang: 'zh-CN' });
    chooseFile(JSON.stringify({ id: 'x', name: 'X', exe: 'x.exe', guards: 'none' }));
    const bar = await screen.findByTestId('preset-transfer');
    expect(within(bar).getByText(/未导入：字段 guards 无效。/)).toBeTruthy();
  });

  it('a file that is not JSON is refused before the engine is asked', async () => {
    const { api } = await renderPanel();
    chooseFile('{ not json');
    expect(within(await screen.findByTestId('preset-transfer')).getByText('Not imported: the file is not JSON.')).toBeTruthy();
    expect(api.callsOf('presets.import')).toHaveLength(0);
  });

  it('"Export…" calls presets.export and offers the document as a Blob download', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => (created.push(b), 'blob:test/1'));
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const { api } = await renderPanel({ api: createFakeApi({ builtins: [], userPresets: [notepad] }) });
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    await waitFor(() => expect(api.callsOf('presets.export')).toEqual([{}]));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(clicked[0]!.download).toBe('multiopen-presets.json');
    expect(clicked[0]!.getAttribute('href')).toBe('blob:test/1');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0]!);
    });
    expect(JSON.parse(text)).toEqual({ schemaVersion: 1, presets: [notepad] });
    expect(within(await screen.findByTestId('preset-transfer')).getByText('Exported 1 preset(s) to multiopen-presets.json')).toBeTruthy();
  });

  it('"Export…" with no saved presets says so and downloads nothing', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect(within(await screen.findByTestId('preset-transfer')).getByText(/no saved presets to export/)).toBeTruthy();
    expect(click).not.toHaveBeenCalled();
  });

  it('finds the field a PRESET_INVALID message starts with', () => {
    expect(invalidField('presets[0].guards[1].type: Invalid option')).toBe('presets[0].guards[1].type');
    expect(invalidField('(root): Invalid input')).toBe('(root)');
    expect(invalidField('schemaVersion 3 was written by a newer Multiopen (this one reads up to 1)')).toBeNull();
  });
});

describe('Preset cards', () => {
  it('show versions and source on one muted line, pre-claim and launch-only presets as such', async () => {
    // A saved preset without versions and source, beside the catalog's.
    await renderPanel({ api: createFakeApi({ builtins: BUILTINS, userPresets: [notepad] }) });
    const wechat = screen.getByTestId('preset-wechat');
    expect(within(wechat).getByTestId('preset-details').textContent).toBe(`for ${catalog('wechat').versions!} · source: ${catalog('wechat').source!}`);
    expect(within(wechat).queryByText('pre-claim')).toBeNull();
    expect(within(wechat).queryByText('unverified')).toBeNull();

    const roblox = screen.getByTestId('preset-roblox');
    expect(within(roblox).getByText('pre-claim')).toBeTruthy();

    const telegram = screen.getByTestId('preset-telegram');
    expect(within(telegram).getByText('launch only')).toBeTruthy();
    expect(within(telegram).queryByRole('button', { name: /Close guards/ })).toBeNull();
    expect(within(telegram).queryByRole('switch')).toBeNull();
    expect(within(telegram).getByTestId('preset-details').textContent).toBe(`source: ${catalog('telegram').source!}`);

    // No versions and no source: no details line.
    expect(within(screen.getByTestId('preset-notepad')).queryByTestId('preset-details')).toBeNull();
  });

  it('shows low-confidence presets as unverified', async () => {
    await renderPanel();
    const preset = screen.getByTestId('preset-weixin-4.1.7');
    expect(within(preset).getByText('unverified')).toBeTruthy();
  });

  it('in zh-CN', async () => {
    await renderPanel({ lang: 'zh-CN' });
    expect(within(screen.getByTestId('preset-telegram')).getByText('仅启动')).toBeTruthy();
    expect(within(screen.getByTestId('preset-roblox')).getByText('预占')).toBeTruthy();
    expect(within(screen.getByTestId('preset-wechat')).getByTestId('preset-details').textContent).toBe(`适用于 ${catalog('wechat').versions!} · 来源：${catalog('wechat').source!}`);
  });
});

describe('Shortcuts', () => {
  it('creates a desktop shortcut for a preset with the Instances count', async () => {
    const { api, store } = await ready({ api: createFakeApi({ builtins: ['wechat'] }) });
    // The confirmation bar sits above the panes in the app; they meet only through the store.
    renderView(
      <>
        <ShortcutBar />
        <PresetsPanel onEdit={() => {}} />
      </>,
      { api, store },
    );
    const card = screen.getByTestId('preset-wechat');
    fireEvent.click(within(card).getByRole('button', { name: `More actions for ${WECHAT}` }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Create desktop shortcut/ }));
    await waitFor(() => expect(api.callsOf('shortcuts.create')).toEqual([{ preset: 'wechat', where: 'desktop', count: 2 }]));
    const created = await screen.findByText(/Shortcut created: /);
    // The engine wrote it into the Desktop folder the registry names (a folder of the demo machine's home).
    const file = /Shortcut created: (.*\.lnk)/.exec(created.textContent ?? '')?.[1] ?? '';
    expect(file).toMatch(/Desktop[\\/]Multiopen - WeChat 3\.x \(微信, legacy\) x2\.lnk$/);
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('Watchers', () => {
  it('the Auto-unlock switch starts and stops the preset watcher', async () => {
    const { api } = await renderPanel();
    const card = screen.getByTestId('preset-wechat');
    const toggle = within(card).getByRole('switch', { name: `Auto-unlock ${WECHAT}` });
    fireEvent.click(toggle);
    await waitFor(() => expect(api.callsOf('watch.start')).toEqual([{ preset: 'wechat' }]));
    // The running copy holds both mutexes of the catalog's preset: the watcher closes them.
    expect(await within(card).findByText(/Watching · 2 closed/)).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(() => expect(api.callsOf('watch.stop')).toEqual([{ preset: 'wechat' }]));
    await waitFor(() => expect(within(card).queryByText(/Watching/)).toBeNull());
  });

  it('the preset menu starts the watcher with keep = Instances; the state line shows running/keep and the last failure', async () => {
    const { api, store } = await renderPanel();
    // The toolbar's Instances field sets this (see App.test.tsx, "Launch").
    act(() => store.getState().setInstances(3));
    const card = screen.getByTestId('preset-wechat');
    fireEvent.click(within(card).getByRole('button', { name: `More actions for ${WECHAT}` }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Keep 3 running (restart copies that exit)' }));
    await waitFor(() => expect(api.callsOf('watch.start')).toEqual([{ preset: 'wechat', keep: 3 }]));
    const state = await within(card).findByTestId('watch-state');
    // The running copy's two mutexes, then two more copies started, each with its two mutexes closed.
    await waitFor(() => expect(state.textContent).toBe('Watching · 6 closed · 3/3 running (keep 3) · 2 restarted'));
    expect([...api.engine.os.processes.values()].filter((p) => p.name === 'WeChat.exe')).toHaveLength(3);
    expect((within(card).getByRole('switch', { name: `Auto-unlock ${WECHAT}` }) as HTMLInputElement).checked).toBe(true);

    act(() => api.emit('watch.event', { kind: 'failed', presetId: 'wechat', failure: { pid: null, handle: null, code: 'EXE_NOT_FOUND', message: 'x' } }));
    expect(within(card).getByRole('alert').textContent).toMatch(/^Last problem: The executable was not found/);

    // "Stop keeping" restarts the watcher without keep: unlocking goes on.
    fireEvent.click(within(card).getByRole('button', { name: `More actions for ${WECHAT}` }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Stop keeping copies running' }));
    await waitFor(() => expect(api.callsOf('watch.start')).toEqual([{ preset: 'wechat', keep: 3 }, { preset: 'wechat' }]));
    await waitFor(() => expect(within(card).getByTestId('watch-state').textContent).toBe('Watching · 0 closed · 3 running'));
  });

  it('a launch-only preset can be kept running and shows its watcher', async () => {
    const { api } = await renderPanel();
    const card = screen.getByTestId('preset-telegram');
    fireEvent.click(within(card).getByRole('button', { name: 'More actions for Telegram Desktop' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Keep 2 running/ }));
    await waitFor(() => expect(api.callsOf('watch.start')).toEqual([{ preset: 'telegram', keep: 2 }]));
    // None ran; the watcher starts two, each in its own data folder.
    const state = await within(card).findByTestId('watch-state');
    await waitFor(() => expect(state.textContent).toMatch(/ 2\/2 running \(keep 2\)/));
    expect(api.engine.os.spawns.map((s) => s.options.args)).toEqual([1, 2].map((i) => ['-many', '-workdir', `C:\\Users\\me\\AppData\\Local\\Multiopen\\Telegram\\${i}`]));
  });
});
