import type { WatchEvent } from '../../core/model';
import { allowOnly, maxPositionals, parseCount, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';

function watchLine(e: WatchEvent): string {
  switch (e.kind) {
    case 'closed':
      return `closed ${e.handle.type} ${e.handle.name} in PID ${e.handle.pid}`;
    case 'launched':
      return `started PID ${e.pid}`;
    case 'failed':
      return `failed: ${e.failure.code}: ${e.failure.message}`;
    case 'state':
      return `${e.state.running} running${e.state.keep ? ` (keeping ${e.state.keep})` : ''}${e.state.paused ? ', paused' : ''}`;
  }
}

/** `multiopen watch`. */
export async function watchCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['count']);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  if (preset === undefined) throw new UsageError('watch needs a PRESET');
  const keep = cmd.values.count !== undefined ? parseCount(cmd.values.count) : undefined;
  if (!deps.untilStopped) throw new UsageError('watch is not available here');
  const engine = deps.engine();
  deps.watchEvents?.((e) => deps.io.out(formatWatchEvent(e, json)));
  const started = await engine.startWatch({ preset, ...(keep !== undefined ? { keep } : {}) });
  if (!started.ok) return failOutcome(deps.io, json, started);
  deps.io.err(`watching ${started.value.exe}${keep ? `, keeping ${keep} running` : ''}; press Ctrl+C to stop\n`);
  await deps.untilStopped();
  await engine.stopWatch({ preset: started.value.presetId });
  return EXIT.ok;
}

/** Formats a watcher event as the CLI prints it (a JSON line with --json). */
function formatWatchEvent(e: WatchEvent, json: boolean): string {
  return json ? `${JSON.stringify(e)}\n` : `${new Date().toISOString().slice(11, 19)}  ${watchLine(e)}\n`;
}
