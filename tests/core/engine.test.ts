import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../core/engine';
import { fakeWorld } from './fake-world';

const watchTiming = { intervalMs: 2, retryAfterFailureMs: 1_000, launch: { pollMs: 2, guardTimeoutMs: 50, settleMs: 5 } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('engine watchers', () => {
  it('two quick starts of one preset leave one watcher, and stopping it stops all looking', async () => {
    const { os: fake } = fakeWorld();
    const engine = createEngine(fake, { home: fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-engine-')), env: {}, watchTiming });
    const [a, b] = await Promise.all([engine.startWatch({ preset: 'wechat' }), engine.startWatch({ preset: 'wechat' })]);
    expect(a.ok && b.ok).toBe(true);
    const listed = await engine.listWatches();
    expect(listed.ok && listed.value.map((w) => w.presetId)).toEqual(['wechat']);
    await sleep(20);
    expect(await engine.stopWatch({ preset: 'wechat' })).toEqual({ ok: true, value: { stopped: 'wechat' } });
    const calls = fake.calls.length;
    await sleep(30);
    expect(fake.calls.length).toBe(calls);
  });

  it('rejects a keep count out of range and an unknown preset', async () => {
    const { os: fake } = fakeWorld();
    const engine = createEngine(fake, { home: fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-engine-')), env: {}, watchTiming });
    expect(await engine.startWatch({ preset: 'wechat', keep: 0 })).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await engine.startWatch({ preset: 'nope' })).toMatchObject({ ok: false, error: { code: 'PRESET_NOT_FOUND' } });
    expect(await engine.setWatchPaused({ preset: 'wechat', paused: true })).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
  });
});
