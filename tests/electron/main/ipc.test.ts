import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { registerHandlers, trustedSender } = await import('../../../electron/main/ipc');
const { CHANNELS } = await import('../../../electron/shared/contract');

const INDEX = 'file:///C:/Program%20Files/Multiopen/resources/app.asar/dist/renderer/index.html';
const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: {} });

function setup() {
  const calls: { channel: string; payload: unknown }[] = [];
  const impl = Object.fromEntries(
    CHANNELS.map((c) => [c, async (payload: unknown) => (calls.push({ channel: c, payload }), { ok: true, value: [] })]),
  );
  const log = vi.fn();
  const unregister = registerHandlers(impl as never, trustedSender(INDEX), log);
  return { calls, log, unregister };
}

describe('registerHandlers', () => {
  beforeEach(() => handlers.clear());

  it('registers one handler per contract channel', () => {
    const { unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('passes a valid payload from our page to the handler', async () => {
    const { calls } = setup();
    const r = await handlers.get('handles.close')!(frame(INDEX), { pid: 42, handle: '0x1c4' });
    expect(r).toEqual({ ok: true, value: [] });
    expect(calls).toEqual([{ channel: 'handles.close', payload: { pid: 42, handle: '0x1c4' } }]);
  });

  it('rejects a payload that fails the schema, without calling the handler', async () => {
    const { calls, log } = setup();
    for (const bad of [{ pid: -1, handle: '0x1' }, { pid: 1, handle: '1c4' }, { pid: 1, handle: '0x1', extra: true }, null, 'x']) {
      const r = (await handlers.get('handles.close')!(frame(INDEX), bad)) as { ok: boolean; error: { code: string } };
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('USAGE');
    }
    const launch = (await handlers.get('instances.launch')!(frame(INDEX), { target: { preset: 'wechat', count: 1000 }, launchId: 'a' })) as { error: { code: string } };
    expect(launch.error.code).toBe('USAGE');
    expect(calls).toHaveLength(0);
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'invalid' }));
  });

  it('drops messages from untrusted senders', async () => {
    const { calls, log } = setup();
    const senders = [
      frame('https://evil.example/index.html'),
      frame('file:///C:/Users/me/Downloads/index.html'),
      frame(INDEX, { url: 'x' }), // a sub-frame of our page
      { senderFrame: null, sender: {} },
      frame('not a url'),
    ];
    for (const s of senders) {
      const r = (await handlers.get('presets.list')!(s, {})) as { ok: boolean; error: { code: string } };
      expect(r).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    }
    expect(calls).toHaveLength(0);
    expect(log).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'untrusted' }));
  });

  it('answers a throwing handler with an OS_ERROR value, never a rejection', async () => {
    registerHandlers(
      Object.fromEntries(CHANNELS.map((c) => [c, async () => { throw new Error('boom'); }])) as never,
      () => true,
    );
    await expect(handlers.get('presets.list')!(frame(INDEX), {})).resolves.toMatchObject({ ok: false, error: { code: 'OS_ERROR' } });
  });
});
