// The process list: preset markers, search, and selecting a process to see its handles.
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { ProcessPane } from '../../../renderer/src/components/ProcessPane';
import { HandlesPane } from '../../../renderer/src/components/HandlesPane';
import { builtinPresets } from '../../../core/presets/store';
import { ready, renderView } from '../render';

describe('ProcessPane', () => {
  it('lists processes, marks those with a preset, and shows the selected process handles', async () => {
    const { api, store } = await ready();
    // The two panes as the app stacks them: they meet only through the store.
    renderView(
      <>
        <ProcessPane />
        <HandlesPane onClose={() => {}} />
      </>,
      { api, store },
    );
    const table = screen.getByRole('table', { name: 'Processes' });
    expect(await within(table).findByText('WeChat.exe')).toBeTruthy();
    expect(within(table).getByText('explorer.exe')).toBeTruthy();
    const wechatRow = within(table).getByRole('row', { name: /WeChat\.exe/ });
    expect(within(wechatRow).getByText(builtinPresets().find((p) => p.id === 'wechat')!.name)).toBeTruthy(); // preset badge
    fireEvent.click(wechatRow);
    const handles = screen.getByRole('table', { name: 'Handles' });
    await within(handles).findByText(/_WeChat_App_Instance_Identity_Mutex_Name/);
    expect(within(handles).getByText(/WeChat_GlobalConfig_Multi_Process_Mutex/)).toBeTruthy();
  });

  it('filters processes by the search box', async () => {
    const { api, store } = await ready();
    renderView(<ProcessPane />, { api, store });
    const table = screen.getByRole('table', { name: 'Processes' });
    await within(table).findByText('WeChat.exe');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search processes' }), { target: { value: 'wxwork' } });
    expect(within(table).queryByText('WeChat.exe')).toBeNull();
    expect(within(table).getByText('WXWork.exe')).toBeTruthy();
  });
});
