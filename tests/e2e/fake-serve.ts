/**
 * Dev/UI-test server: the real browser-mode server over the real engine on the demo machine
 * (demo-world.ts). Prints the URL (token included) as its first stdout line, like `multiopen serve`.
 * Run: node .cache/fake-serve.cjs [--port P] [--big N] [--step MS] [--presets FILE]
 * --big: handles of chrome.exe; --step: how long an app takes to start; --presets: user presets kept in this file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer } from '../../cli/serve/server';
import type { Preset, WatchEvent } from '../../core/model';
import { createFakeEngine } from './fake-engine';

async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const presetsFile = arg('--presets');
  const userPresets: Preset[] = presetsFile && fs.existsSync(presetsFile) ? (JSON.parse(fs.readFileSync(presetsFile, 'utf8')) as Preset[]) : [];
  // The engine exists before the server; watcher events are relayed once the server is up.
  let relay: (e: WatchEvent) => void = () => {};
  const engine = createFakeEngine({
    onWatchEvent: (e) => relay(e),
    bigHandleCount: Number(arg('--big') ?? 2000),
    startDelayMs: Number(arg('--step') ?? 250),
    userPresets,
    onPresetsChanged: (p) => presetsFile && fs.writeFileSync(presetsFile, JSON.stringify(p, null, 2)),
  });
  const server = await startServer({ engine, staticDir: path.resolve(arg('--static') ?? 'dist/renderer'), port: Number(arg('--port') ?? 0), version: 'fake' });
  relay = (e) => server.emit('watch.event', e);
  process.stdout.write(`${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
