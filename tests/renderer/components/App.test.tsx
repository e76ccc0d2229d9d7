// The app shell: toolbar actions, the dialogs it opens, the notices it shows, language switching.
// Queries are scoped to the toolbar or a dialog: computing accessible names over the whole window is slow in jsdom.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeApi } from '../fake-api';
import { bno } from '../../e2e/demo-world';
import { PID, ready, renderApp } from '../render';

const toolbar = () => within(screen.getByRole('toolbar'));
// Only the preset these tests use (the panel itself is tested in PresetsPanel.test.tsx): every card
// re-renders with the whole app, so a short catalog halves the cost of each render.
const fakeApi = (builtins = ['wechat']) => createFakeApi({ builtins });

describe('App toolbar', () => {
  it('"Close mutex" on an app with a preset calls unlock with the preset id and shows the result', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.wechat });
    renderApp({ api, store });
    fireEvent.click(toolbar().getByRole('button', { name: 'Close mutex' }));
    await waitFor(() => expect(api.callsOf('guards.unlock')).toEqual([{ preset: 'wechat' }]));
    const result = await screen.findByTestId('close-result');
    // The catalog's preset closes the identity mutex and the optional config mutex the running copy holds.
    expect(within(result).getByText(/Closed 2 handle/)).toBeTruthy();
  });

  it('"Close mutex" on an unknown app offers its named objects, then unlocks the chosen guard by exe', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.notepad });
    renderApp({ api, store });
    fireEvent.click(toolbar().getByRole('button', { name: 'Close mutex' }));
    const dialog = await screen.findByRole('dialog');
    const box = await within(dialog).findByRole('checkbox', { name: /NotepadSingleton/ });
    expect((box as HTMLInputElement).checked).toBe(true);
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Close selected' }));
    await waitFor(() => expect(api.callsOf('guards.unlock')).toEqual([{ exe: 'notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] }]));
  });

  it('"Launch" sends the Instances count and shows progress per instance and the outcome', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.wechat });
    renderApp({ api, store });
    fireEvent.change(toolbar().getByRole('spinbutton', { name: 'Instances' }), { target: { value: '3' } });
    fireEvent.click(toolbar().getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('instances.launch')).toHaveLength(1));
    const sent = api.callsOf('instances.launch')[0] as { target: { preset: string; count: number } };
    expect(sent.target).toMatchObject({ preset: 'wechat', count: 3 });
    const panel = await screen.findByTestId('launch-panel');
    await within(panel).findByText(/3 instance\(s\) running now; 2 started/);
    // A copy the demo machine started, at the rights it was started with.
    expect(within(panel).getByText(/Instance 2: running \(PID \d+\b/)).toBeTruthy();
  });

  it('offers "Edit preset" when the guard is not found', async () => {
    const api = fakeApi();
    api.failWith('guards.unlock', { code: 'GUARD_NOT_FOUND', message: 'x' });
    const { store } = await ready({ api, select: PID.wechat });
    renderApp({ api, store });
    fireEvent.click(toolbar().getByRole('button', { name: 'Close mutex' }));
    const notice = await screen.findByTestId('error-notice');
    expect(within(notice).getByText(/The app may have updated/)).toBeTruthy();
    fireEvent.click(within(notice).getByRole('button', { name: 'Edit preset' }));
    expect(await screen.findByRole('dialog', { name: 'Edit preset' })).toBeTruthy();
  });

  it('saves the selected process as a preset with its guard and instance count', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.notepad });
    renderApp({ api, store });
    fireEvent.click(toolbar().getByRole('button', { name: 'Save as preset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save as preset' });
    await within(dialog).findByRole('checkbox', { name: /NotepadSingleton/ });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.callsOf('presets.save')).toHaveLength(1));
    expect(api.callsOf('presets.save')[0]).toMatchObject({
      id: 'notepad',
      name: 'notepad',
      exe: 'notepad.exe',
      path: 'C:\\Windows\\System32\\notepad.exe',
      instances: 2,
      guards: [{ type: 'Mutant', name: 'NotepadSingleton' }],
    });
    expect(await screen.findByTestId('preset-notepad')).toBeTruthy();
  });

  it('learns a guard from an exe path and offers it as a new preset', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.notepad });
    renderApp({ api, store });
    fireEvent.click(toolbar().getByRole('button', { name: 'Learn guard…' }));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByRole('textbox', { name: 'Executable path' }) as HTMLInputElement).value).toBe('C:\\Windows\\System32\\notepad.exe');
    // Learning starts and ends copies of its own, so the engine refuses while one runs; the user closes it.
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Learn' }));
    expect(await within(dialog).findByText(/Close every copy of the app first/)).toBeTruthy();
    api.engine.os.kill(PID.notepad);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Learn' }));
    await waitFor(() => expect(api.callsOf('guards.learn')).toHaveLength(2));
    expect(await within(dialog).findByText('Mutant:NotepadSingleton')).toBeTruthy();
    expect(within(dialog).getByText(/\d+ candidate objects found/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as preset' }));
    const editor = await screen.findByRole('dialog', { name: 'Save as preset' });
    expect((within(editor).getByRole('textbox', { name: 'Guard name' }) as HTMLInputElement).value).toBe('NotepadSingleton');
  });

  it('renders zh-CN labels and switches language in the UI', async () => {
    // No prepared store: the app loads processes and presets itself when it starts.
    const { i18n } = renderApp({ api: fakeApi(['wechat', 'weixin-4.1.7']), lang: 'zh-CN' });
    expect(await screen.findByRole('searchbox', { name: '搜索进程' })).toBeTruthy();
    expect(toolbar().getByRole('button', { name: '关闭互斥体' })).toBeTruthy();
    expect(toolbar().getByRole('button', { name: '启动' })).toBeTruthy();
    expect(toolbar().getByRole('spinbutton', { name: '实例数' })).toBeTruthy();
    expect(screen.getByRole('table', { name: '句柄' })).toBeTruthy();
    expect(within(await screen.findByTestId('preset-weixin-4.1.7')).getByText('未验证')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: '语言' }), { target: { value: 'en' } });
    await act(async () => {});
    expect(i18n.language).toBe('en');
    expect(toolbar().getByRole('button', { name: 'Close mutex' })).toBeTruthy();
    expect(localStorage.getItem('multiopen.language')).toBe('en');
  });
});

describe('App: handles and find', () => {
  it('closes a handle after a confirmation that names it and its process; protected handles are refused', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.wechat });
    renderApp({ api, store });
    const handles = screen.getByRole('table', { name: 'Handles' });
    // Rows are found by their text: computing accessible names of whole rows is slow in jsdom.
    const rowOf = (text: RegExp) => within(handles).getByText(text).closest<HTMLElement>('[role="row"]')!;
    const row = rowOf(/WeChat_GlobalConfig_Multi_Process_Mutex/);
    fireEvent.keyDown(row, { key: 'Delete' });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Close handle?')).toBeTruthy();
    expect(within(dialog).getByText(/WeChat_GlobalConfig_Multi_Process_Mutex.*WeChat\.exe \(PID 4321\)/)).toBeTruthy();
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Close handle' }));
    // What the user saw goes along, so the engine can refuse if the handle now names something else.
    await waitFor(() => expect(api.callsOf('handles.close')).toEqual([{ pid: PID.wechat, handle: '0xc', type: 'Mutant', name: bno('WeChat_GlobalConfig_Multi_Process_Mutex') }]));
    await waitFor(() => expect(within(handles).queryByText(/WeChat_GlobalConfig_Multi_Process_Mutex/)).toBeNull());

    const protectedRow = rowOf(/obj_ALPC Port_7/);
    fireEvent.keyDown(protectedRow, { key: 'Delete' });
    const refused = await screen.findByRole('dialog');
    expect(within(refused).getByText('This handle is protected from closing by the process.')).toBeTruthy();
    expect((within(refused).getByRole('button', { name: 'Close handle' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('a handle that names another object since it was listed is refused by the engine (HANDLE_CHANGED); nothing is closed', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.wechat });
    renderApp({ api, store });
    const handles = screen.getByRole('table', { name: 'Handles' });
    const row = within(handles).getByText(/WeChat_GlobalConfig_Multi_Process_Mutex/).closest<HTMLElement>('[role="row"]')!;
    // After the list was read, WeChat closed that mutex and its handle value went to another mutex.
    const held = api.engine.os.processes.get(PID.wechat)!.handles.find((h) => h.handle === 0xc)!;
    held.name = bno('WeChat_Update_Mutex');
    fireEvent.keyDown(row, { key: 'Delete' });
    fireEvent.click(await within(await screen.findByRole('dialog')).findByRole('button', { name: 'Close handle' }));
    const result = await screen.findByTestId('close-result');
    expect(within(result).getByText(/The handle now points to another object; nothing was closed/)).toBeTruthy();
    // Only the name tells the two mutexes apart: a UI that did not send it would have closed the wrong one.
    expect(api.callsOf('handles.close')).toEqual([{ pid: PID.wechat, handle: '0xc', type: 'Mutant', name: bno('WeChat_GlobalConfig_Multi_Process_Mutex') }]);
    expect(api.engine.os.processes.get(PID.wechat)!.handles).toContain(held);
    await waitFor(() => expect(within(handles).getByText(/WeChat_Update_Mutex/)).toBeTruthy());
  });

  it('a handle the process protected since it was listed is refused by the engine (PROTECTED_HANDLE)', async () => {
    const { api, store } = await ready({ api: fakeApi(), select: PID.wechat });
    renderApp({ api, store });
    const handles = screen.getByRole('table', { name: 'Handles' });
    const row = within(handles).getByText(/_WeChat_App_Instance_Identity_Mutex_Name/).closest<HTMLElement>('[role="row"]')!;
    // The list showed it closable; then WeChat protected it (SetHandleInformation, HANDLE_FLAG_PROTECT_FROM_CLOSE).
    const held = api.engine.os.processes.get(PID.wechat)!.handles.find((h) => h.handle === 0x8)!;
    held.attributes = 0x1;
    fireEvent.keyDown(row, { key: 'Delete' });
    fireEvent.click(await within(await screen.findByRole('dialog')).findByRole('button', { name: 'Close handle' }));
    const result = await screen.findByTestId('close-result');
    expect(within(result).getByText(/The process protects this handle from closing/)).toBeTruthy();
    expect(api.engine.os.processes.get(PID.wechat)!.handles).toContain(held);
  });

  it('Ctrl+F opens Find; a result selects its process', async () => {
    const { api, store } = await ready({ api: fakeApi() });
    renderApp({ api, store });
    fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Find handles' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name contains/ }), { target: { value: 'ExclusiveObject' } });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Search' }));
    const results = await within(dialog).findByRole('table', { name: 'Results' });
    const row = await within(results).findByRole('row', { name: /WXWork\.exe/ });
    fireEvent.keyDown(row, { key: 'Enter' });
    await waitFor(() => expect(store.getState().selectedPid).toBe(PID.wxwork));
  });
});
