// @vitest-environment node
// The renderer's HTTP transport against the real browser-mode server (fake engine behind it).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../cli/serve/server';
import { createHttpApi, pickApi } from '../../renderer/src/transport';
import { createFakeEngine } from '../e2e/fake-engine';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 1 }), staticDir: fs.mkdtempSync(path.join(os.tmpdir(), 'mo-t-')) });
});
afterAll(() => server.close());

describe('createHttpApi', () => {
  it('invokes contract channels and returns their outcomes', async () => {
    const api = createHttpApi(`http://127.0.0.1:${server.port}`, server.token);
    const r = await api.invoke('processes.list', {});
    expect(r.ok && r.value.some((p) => p.name === 'WeChat.exe')).toBe(true);
    const u = await api.invoke('guards.unlock', { preset: 'wechat' });
    // The catalog's WeChat preset names two mutexes, and the running copy holds both.
    expect(u.ok && u.value.closed.map((c) => c.name.slice(c.name.lastIndexOf('\\') + 1))).toEqual(['_WeChat_App_Instance_Identity_Mutex_Name', 'WeChat_GlobalConfig_Multi_Process_Mutex']);
  });

  it('turns a refused token and an unreachable server into error values', async () => {
    const bad = createHttpApi(`http://127.0.0.1:${server.port}`, 'wrong');
    expect(await bad.invoke('presets.list', {})).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    const gone = createHttpApi('http://127.0.0.1:1', server.token);
    expect(await gone.invoke('presets.list', {})).toMatchObject({ ok: false, error: { code: 'OS_ERROR' } });
  });
});

describe('pickApi', () => {
  const win = (href: string, extra: object = {}) => ({ location: new URL(href), ...extra }) as unknown as Window;
  it('prefers the preload bridge, else HTTP with the page token, else nothing', () => {
    const bridge = { invoke: async () => ({ ok: true }), on: () => () => {} };
    expect(pickApi(win('file:///C:/app/index.html', { multiopen: bridge }))).toBe(bridge);
    expect(pickApi(win('http://127.0.0.1:5000/?token=abc'))).not.toBeNull();
    expect(pickApi(win('http://127.0.0.1:5000/'))).toBeNull();
    expect(pickApi(win('file:///C:/app/index.html?token=abc'))).toBeNull();
  });

  /** A page of the real server: its address bar (history) and its tab's sessionStorage. */
  function page(href: string, storage = new Map<string, string>()) {
    const location = new URL(href);
    const replaced: string[] = [];
    const w = {
      location,
      history: {
        state: null,
        replaceState: (_s: unknown, _t: string, url: string) => {
          replaced.push(url);
          const next = new URL(url, location);
          location.search = next.search;
          location.hash = next.hash;
        },
      },
      sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v), removeItem: (k: string) => void storage.delete(k) },
    };
    return { win: w as unknown as Window, storage, replaced, location };
  }

  it('moves the token out of the address bar into sessionStorage, and a reload still works', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const first = page(`${origin}/?lang=en&token=${server.token}#top`);
    const api = pickApi(first.win)!;
    expect(first.location.href).toBe(`${origin}/?lang=en#top`);
    expect(first.replaced.join(' ')).not.toContain(server.token);
    expect([...first.storage.values()]).toEqual([server.token]);
    expect(await api.invoke('presets.list', {})).toMatchObject({ ok: true });

    // A reload: same tab (same sessionStorage), no token in the URL any more.
    const reloaded = page(`${origin}/?lang=en#top`, first.storage);
    const again = pickApi(reloaded.win);
    expect(again).not.toBeNull();
    expect(reloaded.replaced).toEqual([]);
    expect(await again!.invoke('presets.list', {})).toMatchObject({ ok: true });
  });

  it('still works when sessionStorage is unavailable (the token then lives for this page only)', () => {
    const p = page('http://127.0.0.1:5000/?token=abc');
    Object.defineProperty(p.win, 'sessionStorage', { get: () => { throw new Error('SecurityError'); } });
    expect(pickApi(p.win)).not.toBeNull();
    expect(p.location.search).toBe('');
  });
});
