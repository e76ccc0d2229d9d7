import { MAX_INSTANCES } from '../../core/policy';
import { allowOnly, maxPositionals, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { printJson } from '../output';

/** Parses a copy index: a whole number from 1 to the instance limit. */
export function parseIndex(text: string | undefined): number {
  if (text === undefined) throw new UsageError('needs a copy INDEX (1, 2, ...)');
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > MAX_INSTANCES) throw new UsageError(`INDEX "${text}" must be a whole number from 1 to ${MAX_INSTANCES}`);
  return Number(text);
}

/** `multiopen label PRESET INDEX TEXT`: names copy INDEX ("" clears it); shown at once in its window titles. */
export async function labelCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, []);
  maxPositionals(cmd, 3);
  const [preset, indexText, text] = cmd.positionals;
  if (preset === undefined) throw new UsageError('label needs PRESET INDEX TEXT (TEXT "" clears the label)');
  const index = parseIndex(indexText);
  if (text === undefined) throw new UsageError('label needs the TEXT of the label ("" clears it)');
  const result = await deps.engine().setLabel({ preset, index, label: text });
  if (!result.ok) return failOutcome(deps.io, json, result);
  const labels = result.value.labels ?? [];
  if (json) printJson(deps.io, { preset: result.value.id, index, label: text === '' ? null : text, labels });
  else deps.io.out(text === '' ? `copy ${index} of ${result.value.id} has no label now\n` : `copy ${index} of ${result.value.id} is "${text}"\n`);
  return EXIT.ok;
}
