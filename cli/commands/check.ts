import type { CheckProgress, CheckReport, GuardSpec } from '../../core/model';
import { allowOnly, maxPositionals, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { printJson } from '../output';
import { searchStepLine } from './search-progress';

/** Statuses that end with a working preset (the one checked, or the one proposed): exit 0. */
const FIXED = new Set<CheckReport['status']>(['ok', 'guard-changed', 'no-guard-needed']);

const guardText = (g: GuardSpec) => `${g.type}:${g.name}${g.optional ? '?' : ''}`;

/** One progress line on stderr. */
function progressLine(p: CheckProgress): string {
  if (p.step !== 'compared') return searchStepLine(p, 'check');
  return `version ${p.appVersion ?? 'unknown'}; the preset's guards: ${p.expected.map((g) => `${guardText(g)} ${g.held ? 'held' : 'not held'}`).join(', ') || 'none'}`;
}

/** The readable answer. */
function printReport(deps: CliDeps, r: CheckReport, saved: string | undefined): void {
  const out = (line: string) => deps.io.out(`${line}\n`);
  out(`${r.preset}: ${r.status} (${r.exe}${r.appVersion ? ` ${r.appVersion}` : ''})`);
  r.expected.forEach((g, i) => out(`  ${i === 0 ? 'expected' : '        '}  ${guardText(g)}  ${g.held ? 'held' : 'NOT HELD'}`));
  if (r.expected.length === 0) out('  expected  (no guard: launch only)');
  out(`  found     ${r.found.map(guardText).join('  ') || '(nothing needed)'}`);
  if (r.proposed && r.status !== 'ok') out(`  proposed  ${r.proposed.guards.map(guardText).join('  ') || '(launch only)'}${saved ? '' : `   (store it with: multiopen check ${r.preset} --save)`}`);
  for (const w of r.windows) out(`  window    class "${w.className}"${w.title ? ` ("${w.title}")` : ''}`);
  for (const note of r.notes) out(`note: ${note}`);
  out(`${r.trials} trial copies, ${(r.durationMs / 1000).toFixed(1)} s${saved ? `; saved as your preset "${saved}"` : ''}`);
}

/** `multiopen check PRESET [--path EXE] [--save]`. */
export async function checkCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['path', 'saveFlag']);
  maxPositionals(cmd, 1);
  const id = cmd.positionals[0];
  if (id === undefined) throw new UsageError('check needs a PRESET (multiopen presets list shows them)');
  const engine = deps.engine();
  const result = await engine.check({ preset: id, ...(cmd.values.path !== undefined ? { path: cmd.values.path } : {}) }, (p) => deps.io.err(`${progressLine(p)}\n`));
  if (!result.ok) return failOutcome(deps.io, json, result);
  const report = result.value;
  let saved: string | undefined;
  if (cmd.values.saveFlag && report.proposed) {
    // --save is the explicit yes to replacing the preset; the store validates it and trust stays the user's.
    const stored = await engine.savePreset(report.proposed);
    if (!stored.ok) return failOutcome(deps.io, json, stored);
    saved = stored.value.id;
    engine.compat.record(saved, report.appVersion, 'checked');
  } else if (cmd.values.saveFlag) {
    report.notes.push(`nothing was saved: a ${report.status} check proposes no preset`);
  }
  if (json) printJson(deps.io, { ...report, ...(saved ? { saved } : {}) });
  else printReport(deps, report, saved);
  return FIXED.has(report.status) ? EXIT.ok : EXIT.failed;
}
