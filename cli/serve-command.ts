import * as fs from 'node:fs';
import * as path from 'node:path';
import { logFolder, type LogPort } from '../core/activity-log';
import type { Engine } from '../core/engine';
import { resolveHome } from '../core/presets/store';
import type { WatchEvent } from '../core/model';
import type { CliIo } from './output';
import { startServer } from './serve/server';

/** `multiopen serve`: the browser UI on 127.0.0.1 with a random token; prints the URL first, runs until stopped. */
export async function serveBrowserUi(
  engine: Engine,
  options: { port: number; io: CliIo; watchEvents?: (listener: (event: WatchEvent) => void) => void; log?: LogPort },
): Promise<number> {
  const staticDir = path.join(__dirname, '..', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    options.io.err(`multiopen: the browser UI is not built (${staticDir} has no index.html); run "npm run build" [FILE_ERROR]\n`);
    return 1;
  }
  const server = await startServer({ engine, staticDir, port: options.port, logFolder: logFolder(resolveHome()), ...(options.log ? { log: options.log } : {}) });
  // Watchers run in this process: their events reach every open page.
  options.watchEvents?.((event) => server.emit('watch.event', event));
  options.io.out(`${server.url}\n`);
  options.io.err('Multiopen browser UI: open the URL above. Press Ctrl+C to stop.\n');
  return new Promise<number>((resolve) => {
    const stop = () => {
      void server.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
