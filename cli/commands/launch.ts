import type { LaunchProgress, LaunchReport, Outcome } from '../../core/model';
import { DEFAULT_INSTANCES, instanceCountOf, MAX_INSTANCES } from '../../core/policy';
import { allowOnly, maxPositionals, parseCount, splitList, UsageError, type ParsedCommand } from '../args';
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
      return `instance ${p.index} ready (PID ${p.pid}${p.level ? `, ${p.level}` : ''})`;
    case 'failed':
      return `instance ${p.index} failed: ${p.code}: ${p.message}`;
  }
}

/** The labels of `--only A,B` (none when absent); it starts exactly those copies, so it does not go with -n. */
function onlyLabels(cmd: ParsedCommand, count: number | undefined): string[] | undefined {
  if (cmd.values.only === undefined) return undefined;
  if (count !== undefined) throw new UsageError('--only LABEL,... starts exactly those copies; it does not go with -n');
  const only = splitList([cmd.values.only]);
  if (only.length === 0) throw new UsageError('--only needs one or more labels, e.g. --only Work,Family');
  return only;
}

/** `multiopen launch`. */
export async function launchCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['path', 'guard', 'count', 'yes', 'elevated', 'only']);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  if (cmd.values.yes && preset === undefined) throw new UsageError('--yes confirms the first launch of a PRESET; it does not go with --path');
  const engine = deps.engine();
  let count = cmd.values.count !== undefined ? parseCount(cmd.values.count) : undefined;
  const progress = json ? undefined : (p: LaunchProgress) => deps.io.err(`${progressLine(p)}\n`);
  // Elevated starts (the UAC prompt per copy) only ever when asked for on the command line.
  const elevate = cmd.values.elevated ? { elevate: true } : {};
  let result: Outcome<LaunchReport>;
  if (preset !== undefined) {
    if (cmd.values.guard) throw new UsageError('--guard goes with --path, not with a PRESET (edit the preset instead)');
    const only = onlyLabels(cmd, count);
    const found = engine.presets.get(preset);
    if (!found.ok) return failOutcome(deps.io, json, found);
    count ??= only ? Math.min(only.length, MAX_INSTANCES) : instanceCountOf(found.value);
    result = await engine.launch({ preset, count, ...(only ? { only } : {}), ...(cmd.values.path !== undefined ? { path: cmd.values.path } : {}), ...(cmd.values.yes ? { confirmed: true } : {}), ...elevate }, progress);
  } else {
    if (cmd.values.path === undefined) throw new UsageError('launch needs a PRESET, or --path EXE with --guard TYPE:NAME');
    if (cmd.values.only !== undefined) throw new UsageError('--only picks labelled copies of a PRESET; it does not go with --path alone');
    const guards = parseGuards(cmd.values.guard);
    result = await engine.launch({ path: cmd.values.path, guards, count: count ?? DEFAULT_INSTANCES, ...elevate }, progress);
  }
  if (!result.ok) return failOutcome(deps.io, json, result);
  const report = result.value;
  if (json) {
    printJson(deps.io, { launched: report.launched, running: report.running, exe: report.exe, closed: report.closed, failed: report.failed.map(failedJson) });
  } else {
    deps.io.out(`launched ${report.launched.length} (${report.launched.map((l) => `PID ${l.pid}${l.level ? ` ${l.level}` : ''}`).join(', ') || 'none'}); ${report.running} running now\n`);
    for (const f of report.failed) deps.io.out(`failed  ${f.code}: ${f.message}\n`);
  }
  return report.failed.length === 0 ? EXIT.ok : EXIT.failed;
}
