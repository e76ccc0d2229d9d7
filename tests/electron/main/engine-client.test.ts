import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineClient, defaultDeadline, type EngineProcess, type EngineRequest } from '../../../electron/main/engine-client';

/** A fake engine process: answers presets.list, hangs on handles.list. */
class FakeChild implements EngineProcess {
  killed = false;
  private onMsg: ((m: unknown) => void) | null = null;
  private onExit: ((code: number) => void) | null = null;
  on(event: 'message' | 'exit', listener: (x: never) => void) {
    if (event === 'message') this.onMsg = listener as (m: unknown) => void;
    else this.onExit = listener as (code: number) => void;
    return this;
  }
  postMessage(message: unknown) {
    const req = message as EngineRequest;
    if (req.channel === 'handles.list') return; // hangs
    if (req.channel === 'instances.launch') this.onMsg?.({ event: 'launch.progress', payload: { launchId: 'x', progress: { step: 'launching', index: 1, target: 2 } } });
    queueMicrotask(() => this.onMsg?.({ id: req.id, result: { ok: true, value: req.channel } }));
  }
  kill() {
    this.killed = true;
    queueMicrotask(() => this.onExit?.(1));
    return true;
  }
  crash() {
    this.onExit?.(3);
  }
}

afterEach(() => vi.useRealTimers());

describe('EngineClient', () => {
  it('answers calls through the engine process and forwards events', async () => {
    const children: FakeChild[] = [];
    const onEvent = vi.fn();
    const client = new EngineClient({ spawn: () => (children.push(new FakeChild()), children.at(-1)!), onEvent });
    expect(await client.call('presets.list', {})).toEqual({ ok: true, value: 'presets.list' });
    await client.call('instances.launch', { target: { preset: 'a', count: 2 }, launchId: 'x' });
    expect(onEvent).toHaveBeenCalledWith('launch.progress', { launchId: 'x', progress: { step: 'launching', index: 1, target: 2 } });
    expect(children).toHaveLength(1);
  });

  it('kills and restarts the engine after a hang and answers the hung call with TIMEOUT', async () => {
    vi.useFakeTimers();
    const children: FakeChild[] = [];
    const onRestart = vi.fn();
    const client = new EngineClient({ spawn: () => (children.push(new FakeChild()), children.at(-1)!), deadlineMs: () => 1000, onRestart });
    const hung = client.call('handles.list', { pids: [1] });
    await vi.advanceTimersByTimeAsync(1001);
    await expect(hung).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(children[0]!.killed).toBe(true);
    expect(onRestart).toHaveBeenCalledWith('handles.list timed out after 1000 ms');
    // The next call runs on a fresh engine process.
    await expect(client.call('presets.list', {})).resolves.toEqual({ ok: true, value: 'presets.list' });
    expect(client.starts).toBe(2);
    expect(children[1]!.killed).toBe(false);
  });

  it('fails calls in flight when the engine dies, and starts a new one for the next call', async () => {
    const children: FakeChild[] = [];
    const client = new EngineClient({ spawn: () => (children.push(new FakeChild()), children.at(-1)!), deadlineMs: () => 60_000 });
    const pending = client.call('handles.list', {});
    children[0]!.crash();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'OS_ERROR' } });
    await expect(client.call('presets.list', {})).resolves.toMatchObject({ ok: true });
    expect(client.starts).toBe(2);
  });

  it('gives launches a deadline that grows with the count', () => {
    expect(defaultDeadline('instances.launch', { target: { count: 5 } })).toBeGreaterThan(defaultDeadline('instances.launch', { target: { count: 1 } }));
    expect(defaultDeadline('presets.list', {})).toBe(15_000);
  });
});
