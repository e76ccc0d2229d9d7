// A guard not found while File handles of the app could not be named in time is worded as such (with the
// count and "try again"), not as a changed guard.
import { describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import type { Channel, RequestOf, ResponseOf } from '../../../electron/shared/contract';
import { CloseResultBar, ErrorNotice } from '../../../renderer/src/components/Notices';
import { createFakeApi, type FakeApi } from '../fake-api';
import { renderView } from '../render';

const noop = () => {};

/** An unlock whose File guard was not among the named handles, `unnamed` of them left unnamed. */
function unlockAnswering(unnamed: number | undefined): FakeApi {
  const api = createFakeApi();
  const invoke = api.invoke.bind(api);
  const answer: ResponseOf<'guards.unlock'> = {
    ok: true,
    value: { closed: [], failed: [{ pid: null, handle: null, code: 'GUARD_NOT_FOUND', message: 'x', ...(unnamed ? { unnamed } : {}) }] },
  };
  api.invoke = (async <C extends Channel>(channel: C, payload: RequestOf<C>) => (channel === 'guards.unlock' ? (answer as ResponseOf<C>) : invoke(channel, payload))) as FakeApi['invoke'];
  return api;
}

describe('a File guard among unnamed handles', () => {
  it('says how many file handles could not be named, in the notice and the result, in both languages', async () => {
    const { store } = renderView(
      <>
        <ErrorNotice onEditPreset={noop} onLearn={noop} />
        <CloseResultBar />
      </>,
      { api: unlockAnswering(3) },
    );
    await act(() => store.getState().unlock({ preset: 'wechat' }));
    expect(within(screen.getByTestId('error-notice')).getByText(/3 file handle\(s\) of the app could not be named in time/)).toBeTruthy();
    expect(within(screen.getByTestId('close-result')).getByText(/could not be named in time/)).toBeTruthy();
    document.body.innerHTML = '';
    const zh = renderView(<ErrorNotice onEditPreset={noop} onLearn={noop} />, { api: unlockAnswering(2), lang: 'zh-CN' });
    await act(() => zh.store.getState().unlock({ preset: 'wechat' }));
    expect(within(screen.getByTestId('error-notice')).getByText(/有 2 个文件句柄未能及时读出名称/)).toBeTruthy();
  });

  it('stays the plain advice when every handle was named', async () => {
    const { store } = renderView(<ErrorNotice onEditPreset={noop} onLearn={noop} />, { api: unlockAnswering(undefined) });
    await act(() => store.getState().unlock({ preset: 'wechat' }));
    expect(within(screen.getByTestId('error-notice')).getByText(/The guard was not found\. The app may have updated/)).toBeTruthy();
  });
});
