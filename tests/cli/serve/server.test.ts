// Browser-mode server (cli/serve/server.ts): it speaks the same contract as the Electron IPC layer.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS, startServer, type RunningServer } from '../../../cli/serve/server';
import { createFakeEngine } from '../../e2e/fake-engine';

let server: RunningServer;
let staticDir: string;

/** Raw HTTP so Host/Origin headers can be forged (fetch forbids setting Host). */
function request(
  opts: { path: string; method?: string; headers?: Record<string, string>; body?: string },
  on: RunningServer = server,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: on.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        // No CORS, ever: nothing a browser could read as permission for another origin.
        expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
/** Opens a response stream (Server-Sent Events) and resolves with its status once headers arrive. */
function openStream(
  pathname: string,
  headers: Record<string, string> = {},
  opts: { method?: string; on?: RunningServer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; data: () => string; ended: Promise<void>; close(): void }> {
  const target = opts.on ?? server;
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    const req = http.request({ host: '127.0.0.1', port: target.port, path: pathname, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${target.port}`, ...headers } }, (res) => {
      res.on('data', (c: Buffer) => chunks.push(c.toString()));
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({ status: res.statusCode ?? 0, headers: res.headers, data: () => chunks.join(''), ended, close: () => req.destroy() });
    });
    req.on('error', (err) => (chunks.length === 0 ? reject(err) : undefined));
    req.end();
  });
}
const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  request({ path: `/api/${channel}`, method: 'POST', headers: { host: `127.0.0.1:${server.port}`, 'x-multiopen-token': server.token, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'secret');
  server = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 1 }), staticDir, port: 0 });
});
afterAll(() => server.close());

describe('serve server', () => {
  it('binds 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a contract channel with the token in the header', async () => {
    const r = await api('processes.list', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true });
  });

  it('takes the token from the query only for GET /api/events (EventSource cannot send headers)', async () => {
    const host = { host: `localhost:${server.port}` };
    const q = await request({ path: `/api/presets.list?token=${server.token}`, method: 'POST', headers: { ...host, 'content-type': 'application/json' }, body: '{}' });
    expect(q.status).toBe(401);
    const events = await openStream(`/api/events?token=${server.token}`);
    expect(events.status).toBe(200);
    events.close();
  });

  it('requires the token on every /api request', async () => {
    expect((await api('processes.list', {}, { 'x-multiopen-token': '' })).status).toBe(401);
    expect((await api('processes.list', {}, { 'x-multiopen-token': 'x'.repeat(server.token.length) })).status).toBe(401);
    expect((await request({ path: '/api/events', headers: { host: `127.0.0.1:${server.port}` } })).status).toBe(401);
  });

  it('rejects a foreign Host or Origin (DNS rebinding)', async () => {
    expect((await api('processes.list', {}, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api('processes.list', {}, { host: '127.0.0.1:1' })).status).toBe(403);
    expect((await api('processes.list', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('processes.list', {}, { origin: `http://localhost:${server.port}` })).status).toBe(200);
    expect((await request({ path: '/', headers: { host: `evil.example:${server.port}` } })).status).toBe(403);
  });

  it('requires Content-Type application/json on POST (415), so another origin cannot send a simple request', async () => {
    const withType = (type: string | undefined) => {
      const headers: Record<string, string> = { host: `127.0.0.1:${server.port}`, 'x-multiopen-token': server.token };
      if (type !== undefined) headers['content-type'] = type;
      return request({ path: '/api/presets.list', method: 'POST', headers, body: '{}' });
    };
    for (const type of [undefined, 'text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json-patch+json']) {
      const r = await withType(type);
      expect(r.status, String(type)).toBe(415);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON ;charset=UTF-8']) expect((await withType(type)).status, type).toBe(200);
  });

  it('refuses pre-flights (OPTIONS) without any CORS header', async () => {
    const preflight = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-multiopen-token' };
    const cases: Record<string, string>[] = [
      { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example', ...preflight },
      { host: `127.0.0.1:${server.port}`, origin: `http://127.0.0.1:${server.port}`, ...preflight },
      { host: `127.0.0.1:${server.port}`, 'x-multiopen-token': server.token },
    ];
    for (const headers of cases) {
      for (const p of ['/api/processes.list', '/api/events', '/']) {
        const r = await request({ path: p, method: 'OPTIONS', headers });
        expect([403, 405], `${p} ${headers.origin ?? ''}`).toContain(r.status);
      }
    }
  });

  it('answers 400 for a payload that fails the schema or is not JSON, 404 for unknown channels', async () => {
    const bad = await api('handles.close', { pid: 'x', handle: '0x1' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    const notJson = await request({ path: '/api/handles.close', method: 'POST', headers: { host: `127.0.0.1:${server.port}`, 'x-multiopen-token': server.token, 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect((await api('nope', {})).status).toBe(404);
    expect((await request({ path: '/api/presets.list', headers: { host: `127.0.0.1:${server.port}`, 'x-multiopen-token': server.token } })).status).toBe(405);
  });

  it('serves the renderer with a CSP and refuses path traversal', async () => {
    const index = await request({ path: '/', headers: { host: `127.0.0.1:${server.port}` } });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets/../../secret.txt']) {
      const r = await request({ path: p, headers: { host: `127.0.0.1:${server.port}` } });
      expect(r.body).not.toContain('secret');
      expect([400, 403, 404]).toContain(r.status);
    }
  });

  it('streams launch progress as Server-Sent Events', async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}`, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.on('data', (c: Buffer) => events.push(c.toString()));
        void api('instances.launch', { target: { preset: 'wechat', count: 2 }, launchId: 'abc' }).then((r) => {
          expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { running: 2 } });
          // The answer and the last event travel on different sockets; let the event land.
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 100);
        }, reject);
      });
      req.on('error', () => {});
    });
    const text = events.join('');
    expect(text).toContain('event: launch.progress');
    expect(text).toContain('"launchId":"abc"');
    expect(text).toContain('"step":"launched"');
  });

  it('opens the event stream for GET only (405 with Allow: GET)', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await openStream('/api/events', { 'x-multiopen-token': server.token, 'content-type': 'application/json' }, { method });
      r.close();
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET');
      expect(r.headers['content-type']).not.toContain('text/event-stream');
    }
  });

  it('accepts 16 event clients at once and answers the 17th 503', async () => {
    const streams = [];
    for (let i = 0; i < 16; i++) streams.push(await openStream(`/api/events?token=${server.token}`));
    expect(streams.map((s) => s.status)).toEqual(Array(16).fill(200));
    const extra = await openStream(`/api/events?token=${server.token}`);
    extra.close();
    expect(extra.status).toBe(503);
    // A page that leaves frees its place.
    streams.pop()!.close();
    await vi.waitFor(async () => {
      const again = await openStream(`/api/events?token=${server.token}`);
      again.close();
      expect(again.status).toBe(200);
    });
    for (const s of streams) s.close();
  });
});

describe('serve server static files', () => {
  let built: RunningServer;
  let dir: string;
  const get = (p: string) => request({ path: p, headers: { host: `127.0.0.1:${built.port}` } }, built);

  beforeAll(async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-built-'));
    dir = path.join(parent, 'renderer');
    fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>built</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret');
    try {
      fs.symlinkSync(path.join(parent, 'secret.txt'), path.join(dir, 'assets', 'link.txt'));
    } catch {
      // No symlinks here (Windows without the privilege): that case is then not exercised.
    }
    built = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 1 }), staticDir: dir, port: 0 });
    // Anything that appears after start-up was not produced by the build.
    fs.writeFileSync(path.join(dir, 'late.js'), 'late');
    fs.writeFileSync(path.join(dir, 'assets', 'late.js'), 'late');
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>changed</title>');
  });
  afterAll(() => built.close());

  it('serves the files that were there at start-up, as they were', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('built');
    expect((await get('/?lang=en')).status).toBe(200);
    expect((await get('/index.html')).status).toBe(200);
    const js = await get('/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['content-security-policy']).toBeUndefined();
    const head = await request({ path: '/assets/index-abc.js', method: 'HEAD', headers: { host: `127.0.0.1:${built.port}` } }, built);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('answers 404 for files added later, links, device names and unknown paths (index.html only for /)', async () => {
    for (const p of [
      '/late.js',
      '/assets/late.js',
      '/assets/link.txt',
      '/CON',
      '/NUL',
      '/AUX',
      '/con.txt',
      '/nul.js',
      '/assets/COM1',
      '/assets/LPT1.js',
      '/INDEX.HTML',
      '/index.html.',
      '/index.html::$DATA',
      '/assets',
      '/assets/',
      '/unknown',
      '/presets',
      '/%',
      '/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toMatch(/secret|late|<title>/);
    }
  });
});

/** A raw connection: sends `head` (and then whatever the test writes), collects what comes back until the server closes it. */
async function rawConnection(port: number, head: string) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  let text = '';
  const startedAt = Date.now();
  const closed = new Promise<number>((resolve) => {
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => {});
    socket.once('close', () => resolve(Date.now() - startedAt));
  });
  socket.write(head);
  return { socket, closed, text: () => text };
}

/** Resolves with the elapsed time when `closed` settles first, or null after `ms`. */
const closedWithin = <T>(closed: Promise<T>, ms: number) => Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]);

describe('serve server request limits', () => {
  const head = (extra: string) =>
    `POST /api/presets.list HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nx-multiopen-token: ${server.token}\r\nContent-Type: application/json\r\n${extra}\r\n`;

  it('answers 413 and closes the connection at once when Content-Length announces too much', async () => {
    const c = await rawConnection(server.port, head(`Content-Length: ${2 * 1024 * 1024}\r\n`));
    c.socket.write('{"a":1');
    expect(await closedWithin(c.closed, 2000)).not.toBeNull();
    expect(c.text()).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers 413 and closes the connection at once when a chunked body grows too large, without waiting for its end', async () => {
    const c = await rawConnection(server.port, head('Transfer-Encoding: chunked\r\n'));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let i = 0; i < 20 && !c.socket.destroyed; i++) c.socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
    // The body is never finished: the old server waited for its end before answering.
    expect(await closedWithin(c.closed, 2000)).not.toBeNull();
    expect(c.text()).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('still takes a body just under the limit', async () => {
    const r = await api('presets.import', { document: { pad: 'x'.repeat(1024 * 1024 - 100) } });
    expect(r.status).not.toBe(413);
  });

  it('has request and headers timeouts of tens of seconds, not minutes', () => {
    expect(DEFAULT_LIMITS.requestTimeoutMs).toBeGreaterThanOrEqual(10_000);
    expect(DEFAULT_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_LIMITS.headersTimeoutMs).toBeGreaterThanOrEqual(10_000);
    expect(DEFAULT_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(DEFAULT_LIMITS.requestTimeoutMs);
  });

  it('closes a connection whose headers or body trickle in too slowly', async () => {
    const slow = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 1 }), staticDir, port: 0, limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    try {
      const headers = await rawConnection(slow.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\n`);
      const body = await rawConnection(
        slow.port,
        `POST /api/presets.list HTTP/1.1\r\nHost: 127.0.0.1:${slow.port}\r\nx-multiopen-token: ${slow.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
      );
      expect(await closedWithin(headers.closed, 3000)).not.toBeNull();
      expect(await closedWithin(body.closed, 3000)).not.toBeNull();
    } finally {
      await slow.close();
    }
  });

  it('lets an answer that takes long, and an open event stream, outlive the request timeout', async () => {
    const slow = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 300 }), staticDir, port: 0, limits: { headersTimeoutMs: 100, requestTimeoutMs: 200 } });
    try {
      const stream = await openStream(`/api/events?token=${slow.token}`, {}, { on: slow });
      const res = await fetch(`http://127.0.0.1:${slow.port}/api/instances.launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-multiopen-token': slow.token },
        body: JSON.stringify({ target: { preset: 'wechat', count: 3 }, launchId: 'slow' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, value: { running: 3 } });
      expect(stream.data()).toContain('"launchId":"slow"');
      expect(await closedWithin(stream.ended, 10)).toBeNull();
      stream.close();
    } finally {
      await slow.close();
    }
  });
});

describe('serve server limits', () => {
  it('sends a heartbeat comment on the event stream', async () => {
    const quick = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 1 }), staticDir, port: 0, limits: { heartbeatMs: 40 } });
    try {
      const stream = await openStream(`/api/events?token=${quick.token}`, {}, { on: quick });
      await vi.waitFor(() => expect(stream.data().match(/^: ping$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2), { timeout: 2000 });
      stream.close();
    } finally {
      await quick.close();
    }
  });

  it('drops an event client that does not read', async () => {
    const small = await startServer({ engine: createFakeEngine({ quick: true, startDelayMs: 1 }), staticDir, port: 0, limits: { maxEventBacklogBytes: 256 * 1024 } });
    try {
      const socket = net.connect(small.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(`GET /api/events?token=${small.token} HTTP/1.1\r\nHost: 127.0.0.1:${small.port}\r\n\r\n`);
      socket.pause();
      await new Promise((r) => setTimeout(r, 100));
      // Far more than the loopback socket buffers hold, so the rest queues in the server.
      const big = 'x'.repeat(256 * 1024);
      const sent = 120;
      for (let i = 0; i < sent; i++) small.emit('watch.event', { kind: 'state', big } as never);
      let received = 0;
      const ended = new Promise<boolean>((resolve) => {
        socket.on('data', (c: Buffer) => (received += c.length));
        socket.once('close', () => resolve(true));
        socket.once('error', () => resolve(true));
        setTimeout(() => resolve(false), 4000);
      });
      socket.resume();
      expect(await ended).toBe(true);
      expect(received).toBeLessThan(sent * big.length);
      socket.destroy();
    } finally {
      await small.close();
    }
  }, 10_000);
});
