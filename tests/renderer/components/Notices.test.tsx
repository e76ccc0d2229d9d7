// Errors worded from their code, with the next step the user can take.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { ErrorNotice } from '../../../renderer/src/components/Notices';
import { createFakeApi } from '../fake-api';
import { PID, ready, renderView } from '../render';

const noop = () => {};

describe('ErrorNotice', () => {
  it('words an error from its code with the next step', async () => {
    const api = createFakeApi();
    api.failWith('guards.unlock', { code: 'ACCESS_DENIED', message: 'x', status: '0xC0000022' });
    const { store } = await ready({ api, select: PID.wechat });
    renderView(<ErrorNotice onEditPreset={noop} onLearn={noop} />, { api, store });
    await act(() => store.getState().unlock({ preset: 'wechat' }));
    const notice = screen.getByTestId('error-notice');
    expect(notice.getAttribute('data-code')).toBe('ACCESS_DENIED');
    expect(within(notice).getByText(/restart Multiopen as administrator/)).toBeTruthy();
    fireEvent.click(within(notice).getByRole('button', { name: 'Restart as administrator' }));
    // The browser host cannot elevate itself: the app explains how instead.
    expect(await screen.findByText(/Run as administrator/)).toBeTruthy();
  });

  it('PROCESS_GONE advises a refresh', async () => {
    const api = createFakeApi();
    api.failWith('handles.list', { code: 'PROCESS_GONE', message: 'x' });
    const { store } = await ready({ api });
    renderView(<ErrorNotice onEditPreset={noop} onLearn={noop} />, { api, store });
    await act(() => store.getState().selectProcess(PID.wechat));
    const notice = screen.getByTestId('error-notice');
    expect(within(notice).getByText('The process exited. Refresh the list.')).toBeTruthy();
    expect(within(notice).getByRole('button', { name: 'Refresh' })).toBeTruthy();
  });
});
