// The check slice of the store, over the real engine on the demo machine.
import { describe, expect, it } from 'vitest';
import type { FakeProgram } from '../../../native-bindings/fake/fake-os-api';
import { bno } from '../../e2e/demo-world';
import { createFakeApi } from '../fake-api';
import { ready } from '../render';

const WEIXIN = 'C:\\Program Files\\Tencent\\Weixin\\Weixin.exe';

async function storeWith(program: FakeProgram) {
  const api = createFakeApi({ builtins: ['weixin'] });
  api.engine.os.installProgram(WEIXIN, program);
  return ready({ api });
}

describe('check slice', () => {
  it('opens only for a listed preset and starts nothing by opening', async () => {
    const { api, store } = await storeWith({ guards: [['Mutant', bno('XWeChat_App_Instance_Identity_Mutex_Name')]] });
    expect(store.getState().openCheck('nope')).toBe(false);
    expect(store.getState().check).toBeNull();
    expect(store.getState().openCheck('weixin')).toBe(true);
    expect(store.getState().check).toMatchObject({ preset: { id: 'weixin' }, busy: false, checkId: null, report: null });
    expect(api.callsOf('presets.check')).toHaveLength(0);
  });

  it('keeps only its own run\'s progress, and stays open while it runs', async () => {
    const { api, store } = await storeWith({ guards: [['Mutant', bno('XWeChat_App_Instance_Identity_Mutex_Name')]], startDelayMs: 50 });
    store.getState().openCheck('weixin');
    const running = store.getState().runCheck();
    const checkId = store.getState().check?.checkId;
    expect(store.getState().check?.busy).toBe(true);
    api.emit('check.progress', { checkId: 'someone-else', progress: { step: 'refused', trial: 9 } });
    store.getState().dismissCheck();
    expect(store.getState().check).not.toBeNull();
    expect(store.getState().openCheck('weixin')).toBe(false);
    const report = await running;
    expect(report?.status).toBe('ok');
    const state = store.getState().check!;
    expect(state.checkId).toBe(checkId);
    expect(state.steps.some((s) => s.step === 'refused')).toBe(false);
    expect(state.steps.some((s) => s.step === 'compared')).toBe(true);
    store.getState().dismissCheck();
    expect(store.getState().check).toBeNull();
  });

  it('a failed save keeps the fix on offer and says why; a check that proposes nothing saves nothing', async () => {
    const { api, store } = await storeWith({ guards: [['Mutant', bno('XWeChat_App_Instance_Mutex_4_2')]] });
    store.getState().openCheck('weixin');
    await store.getState().runCheck();
    api.failWith('presets.save', { code: 'FILE_ERROR', message: 'disk full' });
    expect(await store.getState().saveCheckFix()).toBe(false);
    expect(store.getState().check).toMatchObject({ save: null, saveError: { code: 'FILE_ERROR' } });

    api.engine.os.installProgram(WEIXIN, { noGuard: true, window: { className: 'W' }, refusesWhenWindow: 'W' });
    await store.getState().runCheck();
    expect(store.getState().check?.report?.status).toBe('unexplained');
    const before = api.callsOf('presets.save').length;
    expect(await store.getState().saveCheckFix()).toBe(false);
    expect(api.callsOf('presets.save')).toHaveLength(before);
  });
});
