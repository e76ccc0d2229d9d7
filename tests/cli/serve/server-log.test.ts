// Browser-mode server (cli/serve/server.ts): refused requests are logged (never with the token), and
// "Open log folder" answers where the logs are, since a browser page cannot open a folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../cli/serve/server';
import { createEngine } from '../../../core/engine';
import { FakeOsApi } from '../../../native-bindings/fake/fake-os-api';

let server: RunningServer;
const lines: string[] = [];
const log = { info: (l: string) => void lines.push(`info ${l}`), warn: (l: string) => void lines.push(`warn ${l}`) };
const folder = path.join(os.tmpdir(), 'mo-logs-here');

const post = (channel: string, body: unknown, token = server.token) =>
  fetch(`http://127.0.0.1:${server.port}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-multiopen-token': token }, body: JSON.stringify(body) });

beforeAll(async () => {
  const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  const engine = createEngine(new FakeOsApi(), { home: fs.mkdtempSync(path.join(os.tmpdir(), 'mo-home-')), env: {} });
  server = await startServer({ engine, staticDir, port: 0, log, logFolder: folder });
});
afterAll(() => server.close());

describe('serve log', () => {
  it('logs a call with a wrong token, without the token', async () => {
    lines.length = 0;
    const wrong = 'w'.repeat(server.token.length);
    expect((await post('processes.list', {}, wrong)).status).toBe(401);
    const events = await fetch(`http://127.0.0.1:${server.port}/api/events?token=${wrong}`);
    expect(events.status).toBe(401);
    expect(lines).toEqual(['warn serve POST /api/processes.list -> 401 ACCESS_DENIED (missing or wrong token)', 'warn serve GET /api/events -> 401 ACCESS_DENIED (missing or wrong token)']);
    expect(lines.join('\n')).not.toContain(wrong);
  });

  it('logs an invalid payload with the field it names, and not a call that was answered', async () => {
    lines.length = 0;
    expect((await post('handles.close', { pid: -1, handle: '0x4' })).status).toBe(400);
    expect((await post('presets.list', {})).status).toBe(200);
    expect(lines).toEqual([expect.stringMatching(/^warn serve POST \/api\/handles\.close -> 400 USAGE \(invalid handles\.close request: pid: /)]);
  });

  it('logs a request refused as too large', async () => {
    lines.length = 0;
    expect((await post('presets.import', { document: { x: 'y'.repeat(1024 * 1024) } })).status).toBe(413);
    expect(lines).toEqual([`warn serve POST /api/presets.import -> 413 USAGE (request larger than ${1024 * 1024} bytes)`]);
  });

  it('answers app.openLogFolder with the folder, not opened', async () => {
    expect(await (await post('app.openLogFolder', {})).json()).toEqual({ ok: true, value: { folder, opened: false } });
  });
});
