// The check channel of the contract: its payload, its progress events and its deadline, through the real dispatcher and engine.
import { afterEach, describe, expect, it } from 'vitest';
import { parseRequest, type EventMap } from '../../../electron/shared/contract';
import { dispatchEngine } from '../../../electron/shared/dispatch';
import { defaultDeadline } from '../../../electron/main/engine-client';
import { DEFAULT_LEARN_TIMING } from '../../../core/learn/session';
import { bno } from '../../e2e/demo-world';
import { createFakeEngine, type FakeEngine } from '../../e2e/fake-engine';

const WEIXIN = 'C:\\Program Files\\Tencent\\Weixin\\Weixin.exe';
const engines: FakeEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.shutdown()));
});

describe('presets.check', () => {
  it('runs the check, with progress events tied to the call by checkId', async () => {
    const engine = createFakeEngine({ quick: true, startDelayMs: 1 });
    engines.push(engine);
    engine.os.installProgram(WEIXIN, { guards: [['Mutant', bno('XWeChat_App_Instance_Mutex_4_2')]], version: '4.2.0.8' });
    const events: EventMap['check.progress'][] = [];
    const answer = await dispatchEngine(engine, 'presets.check', { preset: 'weixin', checkId: 'c1' }, (event, payload) => {
      if (event === 'check.progress') events.push(payload as EventMap['check.progress']);
    });
    expect(answer).toMatchObject({ ok: true, value: { preset: 'weixin', status: 'guard-changed', appVersion: '4.2.0.8', found: [{ type: 'Mutant', name: 'XWeChat_App_Instance_Mutex_4_2' }] } });
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => e.checkId === 'c1')).toBe(true);
    expect(events.map((e) => e.progress.step)).toContain('compared');
    expect(events.at(-1)?.progress.step).toBe('cleaning-up');
  });

  it('refuses a bad payload by field, and a missing preset with PRESET_NOT_FOUND', async () => {
    expect(parseRequest('presets.check', { preset: 'weixin' })).toMatchObject({ ok: false, error: { code: 'USAGE', field: 'checkId' } });
    expect(parseRequest('presets.check', { preset: 'weixin', checkId: 'bad id!' })).toMatchObject({ ok: false, error: { field: 'checkId' } });
    expect(parseRequest('presets.check', { preset: 'weixin', checkId: 'c1', save: true }).ok).toBe(false);
    const engine = createFakeEngine({ quick: true, startDelayMs: 1 });
    engines.push(engine);
    expect(await dispatchEngine(engine, 'presets.check', { preset: 'nope', checkId: 'c2' }, () => {})).toMatchObject({ ok: false, error: { code: 'PRESET_NOT_FOUND' } });
  });

  it('has a deadline longer than the longest check the engine allows itself', () => {
    expect(defaultDeadline('presets.check', { preset: 'weixin', checkId: 'c1' })).toBeGreaterThan(DEFAULT_LEARN_TIMING.totalMs + 60_000);
  });
});
