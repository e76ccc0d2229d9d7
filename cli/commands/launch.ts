import type { LaunchProgress, LaunchReport, Outcome } from '../../core/model';
import { DEFAULT_INSTANCES, instanceCountOf } from '../../core/policy';
import { allowOnly, maxPositionals, parseCount, UsageError, type ParsedCommand } from '../args';
import { EXIT, failedJson, failOutcome, type CliDeps } from '../command-kit';
import { printJson } from '../output';
import { parseGuards } from './close-report';

function progressLine(p: LaunchProgress): string {
  switch (p.step) {
    case 'unlocking':
      return `closing guards of ${p.running} running instance(s)`;
    case 'launching':
      return `starting instance ${p.index} of ${p.target}`;
    case 'waiting-guard':
      return `instance ${p.index} is PID ${p.pid}; waiting for its guard`;
    case 'launched':
      return `instance ${p.index} ready (PID ${p.pid})`;
    case 'failed':
      return `instance ${p.index} failed: ${p.code}: ${p.message}`;
  }
}

/** `multiopen launch`. */
export async function launchCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['path', 'guard', 'count', 'yes']);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  if (cmd.values.yes && preset === undefined) throw new UsageError('--yes confirms the first launch of a PRESET; it does not go with --path');
  const engine = deps.engine();
  let count = cmd.values.count !== undefined ? parseCount(cmd.values.count) : undefined;
  const progress = json ? undefined : (p: LaunchProgress) => deps.io.err(`${progressLine(p)}\n`);
  let result: Outcome<LaunchReport>;
  if (preset !== undefined) {
    if (cmd.values.guard) throw new UsageError('--guard goes with --path, not with a PRESET (edit the preset instead)');
    const found = engine.presets.get(preset);
    if (!found.ok) return failOutcome(deps.io, json, found);
    count ??= instanceCountOf(found.value);
    result = await engine.launch({ preset, count, ...(cmd.values.path !== undefined ? { path: cmd.values.path } : {}), ...(cmd.values.yes ? { confirmed: true } : {}) }, progress);
  } else {
    if (cmd.values.path === undefined) throw new UsageError('launch needs a PRESET, or --path EXE with --guard TYPE:NAME');
    const guards = parseGuards(cmd.values.guard);
    result = await engine.launch({ path: cmd.values.path, guards, count: count ?? DEFAULT_INSTANCES }, progress);
  }
  if (!result.ok) return failOutcome(deps.io, json, result);
  const report = result.value;
  if (json) {
    printJson(deps.io, { launched: report.launched, running: report.running, exe: report.exe, closed: report.closed, failed: report.failed.map(failedJson) });
  } else {
    deps.io.out(`launched ${report.launched.length} (${report.launched.map((l) => `PID ${l.pid}`).join(', ') || 'none'}); ${report.running} running now\n`);
    for (const f of report.failed) deps.io.out(`failed  ${f.code}: ${f.message}\n`);
  }
  return report.failed.length === 0 ? EXIT.ok : EXIT.failed;
}
