import { allowOnly, maxPositionals, parsePort, UsageError, type ParsedCommand } from '../args';
import type { CliDeps } from '../command-kit';

/** `multiopen serve`. */
export async function serveCommand(cmd: ParsedCommand, deps: CliDeps): Promise<number> {
  allowOnly(cmd, ['port', 'no-open']);
  maxPositionals(cmd, 0);
  const port = cmd.values.port !== undefined ? parsePort(cmd.values.port) : 0;
  if (!deps.serve) throw new UsageError('serve is not available in this build');
  return deps.serve(deps.engine(), { port, io: deps.io, ...(deps.watchEvents ? { watchEvents: deps.watchEvents } : {}) });
}
