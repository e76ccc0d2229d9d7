// The help menu's "Open log folder": in the desktop app the host opens the folder and nothing more is shown;
// in the browser mode the host only says where it is, and the dialog shows that path, in both languages.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Channel, RequestOf, ResponseOf } from '../../../electron/shared/contract';
import { HelpMenu } from '../../../renderer/src/components/HelpMenu';
import { createFakeApi, type FakeApi } from '../fake-api';
import { renderView } from '../render';

const FOLDER = 'C:\\Users\\me\\AppData\\Roaming\\Multiopen\\logs';

/** The host's answer to "Open log folder"; `asked` counts the requests. */
function answering(answer: ResponseOf<'app.openLogFolder'>): FakeApi & { asked: number } {
  const api = Object.assign(createFakeApi(), { asked: 0 });
  const invoke = api.invoke.bind(api);
  api.invoke = (async <C extends Channel>(channel: C, payload: RequestOf<C>) => {
    if (channel !== 'app.openLogFolder') return invoke(channel, payload);
    api.asked++;
    return answer as ResponseOf<C>;
  }) as FakeApi['invoke'];
  return api;
}

async function openLogs(api: FakeApi, lang: 'en' | 'zh-CN', menu: string, item: string) {
  renderView(<HelpMenu />, { api, lang });
  fireEvent.click(screen.getByRole('button', { name: menu }));
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
}

describe('Open log folder', () => {
  it('shows where the logs are when the host cannot open the folder (browser mode)', async () => {
    await openLogs(answering({ ok: true, value: { folder: FOLDER, opened: false } }), 'en', 'Help', 'Open log folder');
    const dialog = await screen.findByTestId('log-folder');
    expect(within(dialog).getByText(/writes a line for every close and launch/)).toBeTruthy();
    expect((within(dialog).getByRole('textbox', { name: 'Log folder' }) as HTMLInputElement).value).toBe(FOLDER);
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByTestId('log-folder')).toBeNull());
    // Focus goes back to the menu button (the menu item that opened the dialog has gone).
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Help' })));
  });

  it('says it in Chinese too', async () => {
    await openLogs(answering({ ok: true, value: { folder: FOLDER, opened: false } }), 'zh-CN', '帮助', '打开日志文件夹');
    const dialog = await screen.findByTestId('log-folder');
    expect(within(dialog).getByText('日志文件夹')).toBeTruthy();
    expect((within(dialog).getByRole('textbox') as HTMLInputElement).value).toBe(FOLDER);
  });

  it('shows nothing more when the desktop app opened the folder', async () => {
    const api = answering({ ok: true, value: { folder: FOLDER, opened: true } });
    await openLogs(api, 'en', 'Help', 'Open log folder');
    await waitFor(() => expect(api.asked).toBe(1));
    // Let the answer reach the component before looking for a dialog.
    await act(async () => {});
    expect(screen.queryByTestId('log-folder')).toBeNull();
  });

  it('says the folder could not be opened, in the UI language', async () => {
    await openLogs(answering({ ok: false, error: { code: 'FILE_ERROR', message: 'english text never shown' } }), 'zh-CN', '帮助', '打开日志文件夹');
    const dialog = await screen.findByTestId('log-folder');
    expect(within(dialog).getByText('无法打开日志文件夹。')).toBeTruthy();
    expect(within(dialog).queryByText(/english/)).toBeNull();
  });
});
