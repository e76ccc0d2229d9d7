import './setup';
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { App } from '../../renderer/src/components/App';
import { StoreProvider } from '../../renderer/src/context';
import { createI18n, initialLanguage, type Language } from '../../renderer/src/i18n';
import { createAppStore } from '../../renderer/src/store';
import { createFakeApi, type FakeApi } from './fake-api';

function renderApp(options: { lang?: Language; api?: FakeApi } = {}) {
  const api = options.api ?? createFakeApi();
  const store = createAppStore(api);
  const i18n = createI18n(options.lang ?? 'en');
  render(
    <I18nextProvider i18n={i18n}>
      <StoreProvider store={store}>
        <App initialTheme="light" />
      </StoreProvider>
    </I18nextProvider>,
  );
  return { api, store, i18n };
}

async function selectWeChat() {
  const table = await screen.findByRole('table', { name: 'Processes' });
  const row = await within(table).findByRole('row', { name: /WeChat\.exe/ });
  fireEvent.click(row);
  const handles = screen.getByRole('table', { name: 'Handles' });
  await within(handles).findByText(/_WeChat_App_Instance_Identity_Mutex_Name/);
  return handles;
}

describe('App', () => {
  it('lists processes, marks those with a preset, and shows the selected process handles', async () => {
    renderApp();
    const table = await screen.findByRole('table', { name: 'Processes' });
    expect(await within(table).findByText('WeChat.exe')).toBeTruthy();
    expect(within(table).getByText('explorer.exe')).toBeTruthy();
    const wechatRow = within(table).getByRole('row', { name: /WeChat\.exe/ });
    expect(within(wechatRow).getByText('WeChat')).toBeTruthy(); // preset badge
    const handles = await selectWeChat();
    expect(within(handles).getByText(/WeChat_GlobalConfig_Multi_Process_Mutex/)).toBeTruthy();
  });

  it('filters processes by the search box', async () => {
    renderApp();
    const table = await screen.findByRole('table', { name: 'Processes' });
    await within(table).findByText('WeChat.exe');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search processes' }), { target: { value: 'wxwork' } });
    expect(within(table).queryByText('WeChat.exe')).toBeNull();
    expect(within(table).getByText('WXWork.exe')).toBeTruthy();
  });

  it('"Close mutex" on an app with a preset calls unlock with the preset id and shows the result', async () => {
    const { api } = renderApp();
    await selectWeChat();
    fireEvent.click(screen.getByRole('button', { name: 'Close mutex' }));
    await waitFor(() => expect(api.callsOf('guards.unlock')).toEqual([{ preset: 'wechat' }]));
    const result = await screen.findByTestId('close-result');
    expect(within(result).getByText(/Closed 1 handle/)).toBeTruthy();
  });

  it('"Close mutex" on an unknown app offers its named objects, then unlocks the chosen guard by exe', async () => {
    const { api } = renderApp();
    const table = await screen.findByRole('table', { name: 'Processes' });
    fireEvent.click(await within(table).findByRole('row', { name: /notepad\.exe/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Close mutex' }));
    const dialog = await screen.findByRole('dialog');
    const box = await within(dialog).findByRole('checkbox', { name: /NotepadSingleton/ });
    expect((box as HTMLInputElement).checked).toBe(true);
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Close selected' }));
    await waitFor(() => expect(api.callsOf('guards.unlock')).toEqual([{ exe: 'notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] }]));
  });

  it('"Launch" sends the Instances count and shows progress per instance and the outcome', async () => {
    const { api } = renderApp();
    await selectWeChat();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Instances' }), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('instances.launch')).toHaveLength(1));
    const sent = api.callsOf('instances.launch')[0] as { target: { preset: string; count: number } };
    expect(sent.target).toMatchObject({ preset: 'wechat', count: 3 });
    const panel = await screen.findByTestId('launch-panel');
    await within(panel).findByText(/3 instance\(s\) running now; 2 started/);
    expect(within(panel).getByText(/Instance 2: running \(PID \d+\)/)).toBeTruthy();
  });

  it('words an error from its code with the next step', async () => {
    const api = createFakeApi();
    api.failWith('guards.unlock', { code: 'ACCESS_DENIED', message: 'x', status: '0xC0000022' });
    renderApp({ api });
    await selectWeChat();
    fireEvent.click(screen.getByRole('button', { name: 'Close mutex' }));
    const notice = await screen.findByTestId('error-notice');
    expect(notice.getAttribute('data-code')).toBe('ACCESS_DENIED');
    expect(within(notice).getByText(/restart Multiopen as administrator/)).toBeTruthy();
    fireEvent.click(within(notice).getByRole('button', { name: 'Restart as administrator' }));
    // The browser host cannot elevate itself: the app explains how instead.
    expect(await screen.findByText(/Run as administrator/)).toBeTruthy();
  });

  it('offers "Edit preset" when the guard is not found', async () => {
    const api = createFakeApi();
    api.failWith('guards.unlock', { code: 'GUARD_NOT_FOUND', message: 'x' });
    renderApp({ api });
    await selectWeChat();
    fireEvent.click(screen.getByRole('button', { name: 'Close mutex' }));
    const notice = await screen.findByTestId('error-notice');
    expect(within(notice).getByText(/The app may have updated/)).toBeTruthy();
    fireEvent.click(within(notice).getByRole('button', { name: 'Edit preset' }));
    expect(await screen.findByRole('dialog', { name: 'Edit preset' })).toBeTruthy();
  });

  it('PROCESS_GONE advises a refresh', async () => {
    const api = createFakeApi();
    api.failWith('handles.list', { code: 'PROCESS_GONE', message: 'x' });
    renderApp({ api });
    const table = await screen.findByRole('table', { name: 'Processes' });
    fireEvent.click(await within(table).findByRole('row', { name: /WeChat\.exe/ }));
    const notice = await screen.findByTestId('error-notice');
    expect(within(notice).getByText('The process exited. Refresh the list.')).toBeTruthy();
    expect(within(notice).getByRole('button', { name: 'Refresh' })).toBeTruthy();
  });

  it('closes a handle after a confirmation that names it and its process; protected handles are refused', async () => {
    const { api } = renderApp();
    const handles = await selectWeChat();
    // Rows are found by their text: computing accessible names of whole rows is slow in jsdom.
    const rowOf = (text: RegExp) => within(handles).getByText(text).closest<HTMLElement>('[role="row"]')!;
    const row = rowOf(/WeChat_GlobalConfig_Multi_Process_Mutex/);
    fireEvent.keyDown(row, { key: 'Delete' });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Close handle?')).toBeTruthy();
    expect(within(dialog).getByText(/WeChat_GlobalConfig_Multi_Process_Mutex.*WeChat\.exe \(PID 4321\)/)).toBeTruthy();
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Close handle' }));
    // What the user saw goes along, so the engine can refuse if the handle now names something else.
    await waitFor(() => expect(api.callsOf('handles.close')).toEqual([{ pid: 4321, handle: '0xc', type: expect.any(String), name: expect.any(String) }]));
    await waitFor(() => expect(within(handles).queryByText(/WeChat_GlobalConfig_Multi_Process_Mutex/)).toBeNull());

    const protectedRow = rowOf(/obj_ALPC Port_7/);
    fireEvent.keyDown(protectedRow, { key: 'Delete' });
    const refused = await screen.findByRole('dialog');
    expect(within(refused).getByText('This handle is protected from closing by the process.')).toBeTruthy();
    expect((within(refused).getByRole('button', { name: 'Close handle' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('filters handles by type', async () => {
    renderApp();
    const handles = await selectWeChat();
    fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'Mutant' } });
    const cells = within(handles).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0]!.textContent);
    expect(new Set(cells)).toEqual(new Set(['Mutant']));
  });

  it('virtualizes 100,000 handles: only a window of rows is in the DOM', async () => {
    renderApp({ api: createFakeApi({ bigHandleCount: 100_000 }) });
    const table = await screen.findByRole('table', { name: 'Processes' });
    fireEvent.click(await within(table).findByRole('row', { name: /chrome\.exe/ }));
    const handles = screen.getByRole('table', { name: 'Handles' });
    await waitFor(() => expect(handles.getAttribute('aria-rowcount')).toBe(String(100_001)));
    const rendered = within(handles).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
  });

  it('Ctrl+F opens Find; a result selects its process', async () => {
    const { store } = renderApp();
    await screen.findByRole('table', { name: 'Processes' });
    fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: 'Find handles' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name contains/ }), { target: { value: 'ExclusiveObject' } });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Search' }));
    const results = await within(dialog).findByRole('table', { name: 'Results' });
    const row = await within(results).findByRole('row', { name: /WXWork\.exe/ });
    fireEvent.keyDown(row, { key: 'Enter' });
    await waitFor(() => expect(store.getState().selectedPid).toBe(5120));
  });

  it('saves the selected process as a preset with its guard and instance count', async () => {
    const { api } = renderApp();
    const table = await screen.findByRole('table', { name: 'Processes' });
    fireEvent.click(await within(table).findByRole('row', { name: /notepad\.exe/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save as preset' }));
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

  it('shows low-confidence presets as unverified', async () => {
    renderApp();
    const preset = await screen.findByTestId('preset-weixin41');
    expect(within(preset).getByText('unverified')).toBeTruthy();
  });

  it('renders zh-CN labels and switches language in the UI', async () => {
    const { i18n } = renderApp({ lang: 'zh-CN' });
    expect(await screen.findByRole('searchbox', { name: '搜索进程' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '关闭互斥体' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '启动' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: '实例数' })).toBeTruthy();
    expect(screen.getByRole('table', { name: '句柄' })).toBeTruthy();
    expect(within(await screen.findByTestId('preset-weixin41')).getByText('未验证')).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: '语言' }), { target: { value: 'en' } });
    await act(async () => {});
    expect(i18n.language).toBe('en');
    expect(screen.getByRole('button', { name: 'Close mutex' })).toBeTruthy();
    expect(localStorage.getItem('multiopen.language')).toBe('en');
  });

  it('picks the starting language from storage, else Chinese browsers get zh-CN', () => {
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage(null, ['en-US'])).toBe('en');
    expect(initialLanguage({ getItem: () => 'en' }, ['zh-CN'])).toBe('en');
  });
});

describe('App: watchers, learning, shortcuts, wording', () => {
  it('the Auto-unlock switch starts and stops the preset watcher', async () => {
    const { api } = renderApp();
    const card = await screen.findByTestId('preset-wechat');
    const toggle = within(card).getByRole('switch', { name: 'Auto-unlock WeChat' });
    fireEvent.click(toggle);
    await waitFor(() => expect(api.callsOf('watch.start')).toEqual([{ preset: 'wechat' }]));
    expect(await within(card).findByText(/Watching · 1 closed/)).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(() => expect(api.callsOf('watch.stop')).toEqual([{ preset: 'wechat' }]));
    await waitFor(() => expect(within(card).queryByText(/Watching/)).toBeNull());
  });

  it('learns a guard from an exe path and offers it as a new preset', async () => {
    const { api } = renderApp();
    const table = await screen.findByRole('table', { name: 'Processes' });
    fireEvent.click(await within(table).findByRole('row', { name: /notepad\.exe/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Learn guard…' }));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByRole('textbox', { name: 'Executable path' }) as HTMLInputElement).value).toBe('C:\\Windows\\System32\\notepad.exe');
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Learn' }));
    await waitFor(() => expect(api.callsOf('guards.learn')).toHaveLength(1));
    expect(await within(dialog).findByText('Mutant:NotepadSingleton')).toBeTruthy();
    expect(within(dialog).getByText(/\d+ candidate objects found/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as preset' }));
    const editor = await screen.findByRole('dialog', { name: 'Save as preset' });
    expect((within(editor).getByRole('textbox', { name: 'Guard name' }) as HTMLInputElement).value).toBe('NotepadSingleton');
  });

  it('creates a desktop shortcut for a preset with the Instances count', async () => {
    const { api } = renderApp();
    const card = await screen.findByTestId('preset-wechat');
    fireEvent.click(within(card).getByRole('button', { name: 'More actions for WeChat' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Create desktop shortcut/ }));
    await waitFor(() => expect(api.callsOf('shortcuts.create')).toEqual([{ preset: 'wechat', where: 'desktop', count: 2 }]));
    expect(await screen.findByText(/Shortcut created: .*wechat\.lnk/)).toBeTruthy();
  });

  it('has advice for every error code in both languages', async () => {
    const { ERROR_CODES } = await import('../../core/model');
    const { en } = await import('../../renderer/src/i18n/en');
    const { zhCN } = await import('../../renderer/src/i18n/zh-CN');
    for (const code of ERROR_CODES) {
      expect(en.errors[code as keyof typeof en.errors], `en ${code}`).toBeTruthy();
      expect(zhCN.errors[code as keyof typeof zhCN.errors], `zh-CN ${code}`).toBeTruthy();
    }
  });
});
