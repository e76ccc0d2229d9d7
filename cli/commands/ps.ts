import { allowOnly, maxPositionals, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { formatTable, printJson } from '../output';

/** `multiopen ps`. */
export async function psCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['name']);
  maxPositionals(cmd, 0);
  const result = await deps.engine().listProcesses(cmd.values.name !== undefined ? { name: cmd.values.name } : {});
  if (!result.ok) return failOutcome(deps.io, json, result);
  if (json) printJson(deps.io, result.value.map(({ pid, ppid, name, path, sessionId }) => ({ pid, ppid, name, path, sessionId })));
  else deps.io.out(formatTable(['PID', 'PPID', 'NAME', 'PATH'], result.value.map((p) => [String(p.pid), String(p.ppid), p.name, p.path ?? '-'])));
  return EXIT.ok;
}
