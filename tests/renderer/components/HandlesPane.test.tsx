// The handles of the selected process: type filter and virtualized rows.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { HandlesPane } from '../../../renderer/src/components/HandlesPane';
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
    // The table alone: the engine listing 100,000 handles (seconds of work in jsdom's worker) is the
    // browser test's (ui-fake.spec.ts, --big 100000). Here the demo machine's rows for chrome.exe, many times over.
    const { api, store } = await ready({ select: PID.chrome });
    const listed = store.getState().handles;
    const handles100k = Array.from({ length: 100_000 }, (_, i) => ({ ...listed[i % listed.length]!, handle: `0x${(8 + 4 * i).toString(16)}` }));
    store.setState({ handles: handles100k });
    renderView(<HandlesPane onClose={() => {}} />, { api, store });
    const handles = screen.getByRole('table', { name: 'Handles' });
    expect(handles.getAttribute('aria-rowcount')).toBe(String(100_001));
    const rendered = within(handles).getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);
  });
});
