import { instanceCountOf } from '../../core/policy';
import { allowOnly, maxPositionals, parseCount, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { printJson } from '../output';

/** `multiopen shortcut`. */
export async function shortcutCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['count', 'startup', 'path']);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  if (preset === undefined) throw new UsageError('shortcut needs a PRESET');
  if (cmd.values.startup && cmd.values.path !== undefined) throw new UsageError('give --startup or --path, not both');
  if (cmd.values.path !== undefined && !/\.lnk$/i.test(cmd.values.path)) throw new UsageError('--path must name a .lnk file');
  const engine = deps.engine();
  const found = engine.presets.get(preset);
  if (!found.ok) return failOutcome(deps.io, json, found);
  const count = cmd.values.count !== undefined ? parseCount(cmd.values.count) : instanceCountOf(found.value);
  const where = cmd.values.path !== undefined ? { file: cmd.values.path } : cmd.values.startup ? ('startup' as const) : ('desktop' as const);
  const result = await engine.createShortcut({ preset, count, where });
  if (!result.ok) return failOutcome(deps.io, json, result);
  if (json) printJson(deps.io, result.value);
  else deps.io.out(`wrote ${result.value.file}\n`);
  return EXIT.ok;
}
