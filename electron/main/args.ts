/** Command-line switches of the desktop app: `--launch PRESET [-n N]` launches without opening the window. */
import { isInstanceCount, MAX_INSTANCES } from '../../core/policy';

/** What the command line asks for. */
export type AppCommand = { kind: 'window' } | { kind: 'launch'; preset: string; count: number } | { kind: 'error'; message: string };

/** Parses the app's argv (Electron passes its own switches too; unknown ones are ignored). */
export function parseAppArgs(argv: readonly string[]): AppCommand {
  const i = argv.indexOf('--launch');
  if (i < 0) return { kind: 'window' };
  const preset = argv[i + 1];
  if (!preset || preset.startsWith('-')) return { kind: 'error', message: '--launch needs a preset id' };
  let count = 1;
  const n = Math.max(argv.indexOf('-n'), argv.indexOf('--count'));
  if (n >= 0) {
    const v = Number(argv[n + 1]);
    if (!isInstanceCount(v)) return { kind: 'error', message: `-n needs a whole number from 1 to ${MAX_INSTANCES}` };
    count = v;
  }
  return { kind: 'launch', preset, count };
}
