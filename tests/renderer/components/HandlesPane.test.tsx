// The handles of the selected process: type filter and virtualized rows.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { HandlesPane } from '../../../renderer/src/components/HandlesPane';
import { createFakeApi } from '../fake-api';
import { PID, ready, renderView } from '../render';

describe('HandlesPane', () => {
  it('filters handles by type', async () => {
    const { api, store } = await ready({ select: PID.wechat });
    renderView(<HandlesPane onClose={() => {}} />, { api, store });
    const handles = screen.getByRole('table', { name: 'Handles' });
    await within(handles).findByText(/_WeChat_App_Instance_Identity_Mutex_Name/);
    fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'Mutant' } });
    const cells = within(handles).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[0]!.textContent);
    expect(new Set(cells)).toEqual(new Set(['Mutant']));
  });

  it('virtualizes 100,000 handles: only a window of rows is in the DOM', async () => {
    const { api, store } = await ready({ api: createFakeApi({ bigHandleCount: 100_000 }), select: PID.chrome });
    renderView(<HandlesPane onClose={() => {}} />, { api, store });
    const handles = screen.getByRole('table', { name: 'Handles' });
    expect(handles.getAttribute('aria-rowcount')).toBe(String(100_001));
    const rendered = within(handles).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
  });
});
