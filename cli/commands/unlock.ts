import { allowOnly, maxPositionals, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { parseGuards, printCloseReport } from './close-report';

/** `multiopen unlock`. */
export async function unlockCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['exe', 'guard']);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  let result;
  if (preset !== undefined) {
    if (cmd.values.exe || cmd.values.guard) throw new UsageError('give either a PRESET or --exe with --guard, not both');
    result = await deps.engine().unlock({ preset });
  } else {
    if (cmd.values.exe?.length !== 1) throw new UsageError('unlock needs a PRESET, or one --exe NAME with at least one --guard TYPE:NAME');
    const guards = parseGuards(cmd.values.guard);
    if (guards.length === 0) throw new UsageError('unlock --exe needs at least one --guard TYPE:NAME');
    result = await deps.engine().unlock({ exe: cmd.values.exe[0] as string, guards });
  }
  if (!result.ok) return failOutcome(deps.io, json, result);
  printCloseReport(deps.io, json, result.value);
  return result.value.failed.length === 0 ? EXIT.ok : EXIT.failed;
}
