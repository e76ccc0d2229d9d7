import type { InstanceActionKind, InstanceActionReport } from '../../core/model';
import { allowOnly, maxPositionals, parsePid, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { printJson } from '../output';
import { parseIndex } from './label';

const ACTIONS: readonly InstanceActionKind[] = ['focus', 'close', 'end'];

/** One line saying what an action did. */
function summary(r: InstanceActionReport): string {
  const who = `copy ${r.index} of ${r.preset} (PID ${r.pid})`;
  if (r.action === 'end') return `${who} ended\n`;
  if (r.action === 'focus') return r.done ? `${who} is in front\n` : r.windows === 0 ? `${who} has no window to bring to the front\n` : `${who}: Windows did not let it come to the front\n`;
  return r.done ? `${who} closed\n` : `${who} is still running after it was asked to close; end it with: multiopen instance ${r.preset} ${r.index} end\n`;
}

/** `multiopen instance PRESET INDEX focus|close|end [--pid PID]`: acts on one copy (--pid: only if it is still that process). */
export async function instanceCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['pid']);
  maxPositionals(cmd, 3);
  const [preset, indexText, action] = cmd.positionals;
  if (preset === undefined) throw new UsageError('instance needs PRESET INDEX focus|close|end');
  const index = parseIndex(indexText);
  if (action === undefined || !ACTIONS.includes(action as InstanceActionKind)) throw new UsageError(`instance needs an action after the INDEX: ${ACTIONS.join(', ')}`);
  if ((cmd.values.pid?.length ?? 0) > 1) throw new UsageError('instance takes at most one --pid');
  const pid = cmd.values.pid?.[0] !== undefined ? parsePid(cmd.values.pid[0]) : undefined;
  const engine = deps.engine();
  let result = await engine.instanceAction({ preset, index, action: action as InstanceActionKind, ...(pid !== undefined ? { pid } : {}) });
  if (!result.ok) return failOutcome(deps.io, json, result);
  // Nothing is ended without the user seeing it first: at a terminal, ask; otherwise say how.
  if (result.value.action === 'close' && result.value.stillRunning && !json && deps.confirm) {
    deps.io.out(summary(result.value));
    if (!(await deps.confirm(`End copy ${index} of ${preset} now? [y/N] `))) return EXIT.failed;
    result = await engine.instanceAction({ preset, index, action: 'end', pid: result.value.pid });
    if (!result.ok) return failOutcome(deps.io, json, result);
  }
  if (json) printJson(deps.io, result.value);
  else deps.io.out(summary(result.value));
  return result.value.done ? EXIT.ok : EXIT.failed;
}
