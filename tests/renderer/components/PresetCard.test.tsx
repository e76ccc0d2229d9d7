// A preset card's Check-related parts over the real engine on the demo machine: the legacy mark and
// "last worked with version X on DATE" from the local compatibility record.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { PresetsPanel } from '../../../renderer/src/components/PresetsPanel';
import type { Language } from '../../../renderer/src/i18n';
import type { FakeProgram } from '../../../native-bindings/fake/fake-os-api';
import { bno } from '../../e2e/demo-world';
import { createFakeApi } from '../fake-api';
import { ready, renderView } from '../render';

const WEIXIN = 'C:\\Program Files\\Tencent\\Weixin\\Weixin.exe';
const OLD_MUTEX = 'XWeChat_App_Instance_Identity_Mutex_Name';
const today = () => new Date().toISOString().slice(0, 10);

async function setUp(program: FakeProgram, options: { lang?: Language } = {}) {
  const api = createFakeApi({ builtins: ['weixin', 'wechat'] });
  api.engine.os.installProgram(WEIXIN, program);
  const { store } = await ready({ api });
  renderView(<PresetsPanel onEdit={() => {}} />, { api, store, ...(options.lang ? { lang: options.lang } : {}) });
  return { api, store };
}

const card = (id = 'weixin') => screen.getByTestId(`preset-${id}`);

describe('Preset card', () => {
  it('marks legacy presets', async () => {
    await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]] });
    expect(within(card('wechat')).getByTestId('preset-legacy').textContent).toBe('legacy');
    expect(within(card()).queryByTestId('preset-legacy')).toBeNull();
    expect(within(card()).queryByTestId('preset-last-worked')).toBeNull();
  });

  it('after a full launch, says the version it last worked with (zh-CN)', async () => {
    const { store } = await setUp({ guards: [['Mutant', bno(OLD_MUTEX)]], version: '4.1.0.30' }, { lang: 'zh-CN' });
    store.getState().setInstances(1);
    await store.getState().launchInstances({ preset: 'weixin' });
    await waitFor(() => expect(within(card()).getByTestId('preset-last-worked').textContent).toBe(`上次可用：版本 4.1.0.30，${today()}`));
  });
});
