import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../../cli/serve/server';
import { copyFolderOf } from '../../../electron/shared/copy-folder';
import type { InstanceRow, Preset } from '../../../core/model';
import { createFakeEngine } from '../../e2e/fake-engine';

const row = (dataDir: string | null): InstanceRow => ({ preset: 'telegram', index: 2, label: null, pid: 9, startedAt: null, windows: [], dataDir });

describe('copyFolderOf', () => {
  it('answers the folder the engine lists for that copy, never one the page names', () => {
    expect(copyFolderOf({ ok: true, value: [row('C:\\Users\\me\\AppData\\Local\\Multiopen\\Telegram\\2')] }, 'telegram', 2)).toEqual({ ok: true, value: 'C:\\Users\\me\\AppData\\Local\\Multiopen\\Telegram\\2' });
    expect(copyFolderOf({ ok: true, value: [row('C:\\x')] }, 'telegram', 3)).toMatchObject({ ok: false, error: { code: 'NOT_RUNNING' } });
    expect(copyFolderOf({ ok: true, value: [row(null)] }, 'telegram', 2)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});

describe('copies.openFolder in the browser mode', () => {
  it('says where a running copy\'s data folder is (a page cannot open it)', async () => {
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
    const preset: Preset = { id: 'wechat-dirs', name: 'WeChat dirs', exe: 'WeChat.exe', guards: [], instanceDir: '%LOCALAPPDATA%\\Multiopen\\WeChat\\{index}' };
    const engine = createFakeEngine({ quick: true, startDelayMs: 1, userPresets: [preset] });
    const server = await startServer({ engine, staticDir, port: 0 });
    try {
      const body = JSON.stringify({ preset: 'wechat-dirs', index: 1 });
      const answer = await new Promise<string>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: server.port, path: '/api/copies.openFolder', method: 'POST', headers: { host: `127.0.0.1:${server.port}`, 'x-multiopen-token': server.token, 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      const parsed = JSON.parse(answer) as { ok: boolean; value?: { folder: string; opened: boolean } };
      expect(parsed.ok).toBe(true);
      expect(parsed.value?.opened).toBe(false);
      expect(parsed.value?.folder).toMatch(/Multiopen\\WeChat\\1$/);
    } finally {
      await server.close();
      await engine.shutdown();
    }
  });
});
