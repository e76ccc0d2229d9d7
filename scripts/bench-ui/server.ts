/**
 * The UI benchmark's server: the browser-mode server (cli/serve) serving the built renderer over the
 * real engine (core) on the benchmark's fake system. Prints one JSON line {url, token, port, pid}.
 * Usage: node server.cjs STATIC_DIR HANDLE_COUNT
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer } from '../../cli/serve/server';
import { createEngine } from '../../core/engine';
import { BENCH_PID, benchWorld } from './world';

async function main(): Promise<void> {
  const [staticDir = 'dist/renderer', countText = '100000'] = process.argv.slice(2);
  // Presets and compatibility records go to a throw-away folder, never the user's.
  const home = mkdtempSync(path.join(os.tmpdir(), 'multiopen-bench-ui-'));
  const engine = createEngine(benchWorld(Number(countText)), { home, env: { MULTIOPEN_HOME: home } });
  const server = await startServer({ engine, staticDir: path.resolve(staticDir), version: 'bench' });
  process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token, port: server.port, pid: BENCH_PID })}\n`);
  const stop = () =>
    void Promise.all([server.close(), engine.shutdown()]).finally(() => {
      rmSync(home, { recursive: true, force: true });
      process.exit(0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
