// Administrator rights in the UI: what came of "Restart as administrator" is said in the UI language (never
// the engine's English), "Start elevated" appears after ELEVATION_REQUIRED and sends the same launch with
// elevation, and the launch panel says at which rights each copy runs.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { EngineError } from '../../../core/model';
import type { Channel, RequestOf, ResponseOf } from '../../../electron/shared/contract';
import { RestartAdminButton } from '../../../renderer/src/components/AdminActions';
import { LaunchPanel } from '../../../renderer/src/components/Notices';
import { createFakeApi, type FakeApi } from '../fake-api';
import { renderView } from '../render';

/** The host's answer to "Restart as administrator", as the Electron host gives it. */
function answering(api: FakeApi, answer: ResponseOf<'app.restartAsAdmin'>): FakeApi {
  const invoke = api.invoke.bind(api);
  api.invoke = (async <C extends Channel>(channel: C, payload: RequestOf<C>) =>
    channel === 'app.restartAsAdmin' ? (answer as ResponseOf<C>) : invoke(channel, payload)) as FakeApi['invoke'];
  return api;
}

const failed = (code: EngineError['code']): ResponseOf<'app.restartAsAdmin'> => ({ ok: false, error: { code, message: 'english text never shown' } });

async function restartWith(answer: ResponseOf<'app.restartAsAdmin'>, lang: 'en' | 'zh-CN' = 'en') {
  renderView(<RestartAdminButton />, { api: answering(createFakeApi(), answer), lang });
  fireEvent.click(screen.getByRole('button'));
  return screen.findByTestId('restart-result');
}

describe('Restart as administrator', () => {
  it.each([
    [failed('LAUNCH_FAILED'), /could not start Multiopen\. Multiopen keeps running as before/],
    [failed('EXE_NOT_FOUND'), /did not find Multiopen’s program file\. Multiopen keeps running as before/],
    [failed('ACCESS_DENIED'), /prompt was declined\)\. Multiopen keeps running as before/],
  ])('says why the stub failed and that Multiopen keeps running (%j)', async (answer, text) => {
    const dialog = await restartWith(answer);
    expect(within(dialog).getByText('Multiopen was not restarted')).toBeTruthy();
    expect(within(dialog).getByText(text)).toBeTruthy();
    expect(within(dialog).queryByText(/english text/)).toBeNull();
    // Closed, the dialog gives focus back to the button that opened it.
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByTestId('restart-result')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Restart as administrator' }));
  });

  it('says that the elevated copy runs as another account, with its own presets, in both languages', async () => {
    const en = await restartWith({ ok: true, value: { restarting: true, otherAccount: true } });
    expect(within(en).getByText('Multiopen started as another account')).toBeTruthy();
    expect(within(en).getByText(/own presets and settings/)).toBeTruthy();
    fireEvent.click(within(en).getByRole('button', { name: 'OK' }));
    document.body.innerHTML = '';
    const zh = await restartWith({ ok: true, value: { restarting: true, otherAccount: true } }, 'zh-CN');
    expect(within(zh).getByText('多开已以其他账户身份启动')).toBeTruthy();
    expect(within(zh).getByText(/该账户自己的预设和设置/)).toBeTruthy();
  });

  it('shows nothing when the elevated copy started as this account (this one quits)', async () => {
    renderView(<RestartAdminButton />, { api: answering(createFakeApi(), { ok: true, value: { restarting: true } }) });
    await act(async () => fireEvent.click(screen.getByRole('button')));
    expect(screen.queryByTestId('restart-result')).toBeNull();
  });

  it('explains how to do it by hand where the host cannot restart itself', async () => {
    const dialog = await restartWith(failed('UNSUPPORTED'));
    expect(within(dialog).getByText(/choose "Run as administrator"/)).toBeTruthy();
  });
});

describe('launch rights', () => {
  it('offers "Start elevated" after ELEVATION_REQUIRED, and sends the same launch with elevation', async () => {
    const api = createFakeApi();
    api.failWith('instances.launch', { code: 'ELEVATION_REQUIRED', message: 'x' });
    const { store } = renderView(<LaunchPanel />, { api });
    await act(() => store.getState().launchInstances({ path: 'C:\\Apps\\Admin.exe', guards: [] }));
    const button = await screen.findByRole('button', { name: 'Start elevated' });
    await act(async () => fireEvent.click(button));
    const sent = api.callsOf('instances.launch') as RequestOf<'instances.launch'>[];
    expect(sent.map((c) => c.target.elevate ?? false)).toEqual([false, true]);
    expect(sent[1]?.target).toMatchObject({ path: 'C:\\Apps\\Admin.exe', count: sent[0]?.target.count });
  });

  it('offers nothing of the kind after other failures', async () => {
    const api = createFakeApi();
    api.failWith('instances.launch', { code: 'LAUNCH_FAILED', message: 'x' });
    const { store } = renderView(<LaunchPanel />, { api });
    await act(() => store.getState().launchInstances({ path: 'C:\\Apps\\A.exe', guards: [] }));
    expect(screen.queryByRole('button', { name: 'Start elevated' })).toBeNull();
  });

  it('says at which rights each copy runs', async () => {
    const { store } = renderView(<LaunchPanel />, { lang: 'zh-CN' });
    act(() =>
      store.setState({
        launch: {
          launchId: 'l1',
          busy: false,
          target: 2,
          steps: [
            { step: 'launched', index: 1, pid: 41, level: 'elevated' },
            { step: 'launched', index: 2, pid: 42, level: 'normal' },
          ],
          report: null,
          error: null,
        },
      }),
    );
    expect(screen.getByText('实例 1：已运行（PID 41，管理员权限）')).toBeTruthy();
    expect(screen.getByText('实例 2：已运行（PID 42，普通权限）')).toBeTruthy();
  });
});
