import { createInterface } from 'node:readline/promises';
import nodeLog from 'electron-log/node';
import { logWatchEvent, openFileLog, withActivityLog, type LogPort } from '../core/activity-log';
import { createEngine, type Engine } from '../core/engine';
import { resolveHome } from '../core/presets/store';
import { createOsApi } from '../native-bindings';
import type { OsApi } from '../native-bindings/os-api';
import type { WatchEvent } from '../core/model';
import { runCli } from './commands';
import { serveBrowserUi } from './serve-command';

declare const MULTIOPEN_VERSION: string;

/** Asks a yes/no question on the terminal; only "y" or "yes" is a yes. */
async function askAtTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** The `multiopen` executable: real Windows API on Windows (and under Wine), "unsupported" elsewhere. */
async function main(): Promise<void> {
  // Output is best-effort: a console that went away (a shortcut's, under Wine) must not kill a launch half-way.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  let os: OsApi | undefined;
  let engine: Engine | undefined;
  let log: LogPort | undefined;
  const argv = process.argv.slice(2);
  const watchListeners: ((event: WatchEvent) => void)[] = [];
  const code = await runCli(argv, {
    io: { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) },
    engine: () => {
      os ??= createOsApi();
      if (engine) return engine;
      // Only commands that act on the OS open the log: every close and launch is written to <home>/logs/cli.log.
      const activity = (log = openFileLog(nodeLog, { home: resolveHome(), name: 'cli' }));
      engine = withActivityLog(
        createEngine(os, {
          // Commands that stay running keep labels in the copies' window titles.
          keepTitles: argv[0] === 'watch' || argv[0] === 'serve',
          onWatchEvent: (e) => {
            logWatchEvent(activity, e);
            watchListeners.forEach((listener) => listener(e));
          },
          // A shortcut runs this same CLI with this same node: "node multiopen.cjs launch PRESET -n N".
          launcher: { target: process.execPath, argsFor: (preset, count) => [process.argv[1] ?? 'multiopen.cjs', 'launch', preset, '-n', String(count)] },
        }),
        activity,
      );
      return engine;
    },
    watchEvents: (listener) => void watchListeners.push(listener),
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
    // serve builds the engine first, so the log is open by the time the server starts.
    serve: (engine, options) => serveBrowserUi(engine, { ...options, ...(log ? { log } : {}) }),
    ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: askAtTerminal } : {}),
    version: typeof MULTIOPEN_VERSION === 'string' ? MULTIOPEN_VERSION : 'dev',
  });
  await engine?.shutdown();
  await os?.dispose();
  // Exit explicitly once output is flushed: an abandoned native call (a hung name query) must not keep us alive.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

void main();
