// The first launch of an untrusted preset (imported or edited): marked on its card, asked before anything starts.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { LaunchConfirmDialog } from '../../../renderer/src/components/LaunchConfirmDialog';
import { PresetsPanel } from '../../../renderer/src/components/PresetsPanel';
import type { Language } from '../../../renderer/src/i18n';
import type { Preset } from '../../../core/model';
import { createFakeApi, type FakeApi } from '../fake-api';
import { ready, renderView } from '../render';

/** A saved preset that starts its own path with arguments: untrusted until its first launch is confirmed. */
const notepad: Preset = {
  id: 'notepad',
  name: 'Notepad',
  exe: 'notepad.exe',
  path: 'C:\\Windows\\System32\\notepad.exe',
  args: ['/A'],
  guards: [{ type: 'Mutant', name: 'NotepadSingleton' }],
};

/** The fake API with the untrusted preset saved, listing only it: the built-ins' cards cost render time on every reload and are not at stake. */
function notepadOnly(): FakeApi {
  const api = createFakeApi({ userPresets: [notepad] });
  const invoke = api.invoke.bind(api);
  api.invoke = (async (channel, payload) => {
    const r = await invoke(channel, payload);
    return channel === 'presets.list' && r.ok ? { ok: true, value: (r.value as { id: string }[]).filter((p) => p.id === 'notepad') } : r;
  }) as FakeApi['invoke'];
  return api;
}

/** The panel with the untrusted preset's card, and the dialog. */
async function renderCard(lang: Language = 'en') {
  const { api, store } = await ready({ api: notepadOnly() });
  renderView(
    <>
      <PresetsPanel onEdit={() => {}} />
      <LaunchConfirmDialog />
    </>,
    { api, store, lang },
  );
  return { api, store, card: screen.getByTestId('preset-notepad') };
}

const confirmDialog = () => screen.findByTestId('launch-confirm');

describe('First launch of an untrusted preset', () => {
  it('the card says "Unconfirmed" and why; Launch asks first, Cancel starts nothing', async () => {
    const { api, store, card } = await renderCard();
    const badge = within(card).getByTestId('preset-unconfirmed');
    expect(badge.textContent).toBe('Unconfirmed');
    fireEvent.focus(badge);
    expect((await screen.findByText(/before its first launch, Multiopen shows what it starts/)).textContent).toMatch(/^Imported or edited/);

    fireEvent.click(within(card).getByRole('button', { name: 'Launch Notepad' }));
    const d = await confirmDialog();
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe('First launch of Notepad');
    expect(d.querySelector('[data-fact="exe"] dd')?.textContent).toBe('notepad.exe');
    expect(d.querySelector('[data-fact="path"] dd')?.textContent).toBe('C:\\Windows\\System32\\notepad.exe');
    expect(d.querySelector('[data-fact="args"] dd')?.textContent).toBe('/A');
    expect(api.callsOf('instances.launch')).toEqual([]);
    fireEvent.click(within(d).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('launch-confirm')).toBeNull();
    expect(api.callsOf('instances.launch')).toEqual([]);
    expect(store.getState().launch).toBeNull();
  });

  it('Launch in the question sends the yes; the mark goes and the next launch does not ask', async () => {
    const { api, store, card } = await renderCard();
    fireEvent.click(within(card).getByRole('button', { name: 'Launch Notepad' }));
    const d = await confirmDialog();
    fireEvent.click(within(d).getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('instances.launch')).toHaveLength(1));
    expect((api.callsOf('instances.launch')[0] as { target: unknown }).target).toEqual({ preset: 'notepad', count: 2, confirmed: true });
    await waitFor(() => expect(store.getState().launch?.report?.running).toBe(2));
    await waitFor(() => expect(within(screen.getByTestId('preset-notepad')).queryByTestId('preset-unconfirmed')).toBeNull());

    // Confirmed once: the next launch goes straight to the engine.
    act(() => store.getState().setInstances(3));
    await act(() => store.getState().launchInstances({ preset: 'notepad' }));
    expect((api.callsOf('instances.launch')[1] as { target: unknown }).target).toEqual({ preset: 'notepad', count: 3 });
    expect(screen.queryByTestId('launch-confirm')).toBeNull();
  });

  it('"Keep N running" asks first, then launches with the yes and keeps them running', async () => {
    const { api, card } = await renderCard();
    fireEvent.click(within(card).getByRole('button', { name: 'More actions for Notepad' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Keep 2 running (restart copies that exit)' }));
    const d = await confirmDialog();
    expect(within(d).getByText('Then 2 copies are kept running.')).toBeTruthy();
    expect(api.callsOf('watch.start')).toEqual([]);
    fireEvent.click(within(d).getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('watch.start')).toEqual([{ preset: 'notepad', keep: 2 }]));
    expect((api.callsOf('instances.launch')[0] as { target: unknown }).target).toEqual({ preset: 'notepad', count: 2, confirmed: true });
  });

  it('an engine answer of PRESET_UNTRUSTED (the list was stale) opens the question with what the preset starts now', async () => {
    const { api, store, card } = await renderCard();
    // The list says trusted: the preset changed in the engine since it was read.
    act(() => store.setState({ presets: store.getState().presets.map((p) => ({ ...p, untrusted: false })) }));
    fireEvent.click(within(card).getByRole('button', { name: 'Launch Notepad' }));
    const d = await confirmDialog();
    expect(api.callsOf('instances.launch')).toHaveLength(1);
    expect(store.getState().notice).toBeNull();
    expect(store.getState().launch).toBeNull();
    expect(d.querySelector('[data-fact="args"] dd')?.textContent).toBe('/A');
    fireEvent.click(within(d).getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.callsOf('instances.launch')).toHaveLength(2));
    expect((api.callsOf('instances.launch')[1] as { target: unknown }).target).toEqual({ preset: 'notepad', count: 2, confirmed: true });
  });

  it('a launch from the selected running copy shows that path; in zh-CN', async () => {
    const { api, store } = await ready({ api: notepadOnly() });
    renderView(<LaunchConfirmDialog />, { api, store, lang: 'zh-CN' });
    await act(() => store.getState().launchInstances({ preset: 'notepad', path: 'D:\\Portable\\notepad.exe' }));
    const d = screen.getByTestId('launch-confirm');
    expect(document.getElementById(d.getAttribute('aria-labelledby')!)?.textContent).toBe('首次启动 Notepad');
    expect(d.querySelector('[data-fact="path"] dt')?.textContent).toBe('路径');
    expect(d.querySelector('[data-fact="path"] dd')?.textContent).toBe('D:\\Portable\\notepad.exe (所选的正在运行的副本)');
    fireEvent.click(within(d).getByRole('button', { name: '启动' }));
    await waitFor(() => expect(api.callsOf('instances.launch')).toHaveLength(1));
    expect((api.callsOf('instances.launch')[0] as { target: unknown }).target).toEqual({ preset: 'notepad', path: 'D:\\Portable\\notepad.exe', count: 2, confirmed: true });
  });
});
