import { allowOnly, maxPositionals, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { printJson } from '../output';
import { searchStepLine } from './search-progress';

/** `multiopen learn`. */
export async function learnCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['path', 'save', 'yes']);
  maxPositionals(cmd, 0);
  if (cmd.values.path === undefined) throw new UsageError('learn needs --path EXE');
  if (cmd.values.yes && cmd.values.save === undefined) throw new UsageError('--yes goes with --save ID (to replace a preset of that id)');
  if (cmd.values.save !== undefined && !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(cmd.values.save)) {
    throw new UsageError(`--save "${cmd.values.save}" is not a preset id (lower-case letters, digits, ".", "_", "-")`);
  }
  const engine = deps.engine();
  if (cmd.values.save !== undefined && !cmd.values.yes) {
    const existing = engine.presets.get(cmd.values.save);
    if (existing.ok) {
      const what = existing.value.origin === 'builtin' ? 'the built-in preset' : 'your preset';
      return failOutcome(deps.io, json, { ok: false, error: { code: 'PRESET_EXISTS', message: `--save ${cmd.values.save} would replace ${what} "${cmd.values.save}"; choose another id, or add --yes to replace it`, field: 'save' } });
    }
  }
  const result = await engine.learn({ path: cmd.values.path }, json ? undefined : (p) => deps.io.err(`${searchStepLine(p, 'learn')}\n`));
  if (!result.ok) return failOutcome(deps.io, json, result);
  const report = result.value;
  let saved: string | undefined;
  if (cmd.values.save !== undefined) {
    const stem = report.exe.replace(/\.exe$/i, '');
    const preset = { id: cmd.values.save, name: stem, exe: report.exe, path: report.path, guards: report.guards, source: `learned by multiopen on ${new Date().toISOString().slice(0, 10)}`, confidence: 'medium' as const };
    const stored = await engine.savePreset(preset);
    if (!stored.ok) return failOutcome(deps.io, json, stored);
    // The user named this exe on the command line and saw what was learned: its launch needs no second yes.
    engine.presets.trust.confirm(stored.value);
    saved = stored.value.id;
  }
  if (json) printJson(deps.io, { ...report, ...(saved ? { saved } : {}) });
  else {
    if (report.guards.length === 0) deps.io.out(`${report.exe} needs no unlocking: a second copy starts by itself\n`);
    else deps.io.out(`guard(s) of ${report.exe}: ${report.guards.map((g) => `${g.type}:${g.name}`).join('  ')}\n`);
    for (const note of report.notes) deps.io.out(`note: ${note}\n`);
    deps.io.out(`${report.trials} trial copies, ${(report.durationMs / 1000).toFixed(1)} s${saved ? `; saved as preset "${saved}"` : ''}\n`);
  }
  return EXIT.ok;
}
