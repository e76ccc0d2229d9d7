import * as fs from 'node:fs';
import type { ImportReview, Outcome, PresetView } from '../../core/model';
import { allowOnly, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { formatTable, printJson, type CliIo } from '../output';

function readJsonFile(file: string): Outcome<unknown> {
  try {
    return { ok: true, value: JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: { code: code ? 'FILE_ERROR' : 'PRESET_INVALID', message: code ? `cannot read ${file}: ${(error as Error).message}` : `${file} is not valid JSON: ${(error as Error).message}` },
    };
  }
}

/** The GUARDS column of `presets list`: optional guards end in "?", strategies other than closing are named. */
function describeGuards(p: PresetView): string {
  const guards = p.guards.map((g) => `${g.type}:${g.name}${g.optional ? '?' : ''}`).join(' ');
  const extra = [
    p.strategy === 'preclaim' ? '(pre-claim)' : '',
    p.args?.length ? '(arguments)' : '',
    p.instanceDir ? '(data folder per copy)' : '',
    p.launchRegistry ? '(registry value during launch)' : '',
    p.ready && !('guard' in p.ready) ? '(waits until ready)' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return [guards || '(launch only)', extra].filter(Boolean).join(' ');
}


/** The CONFIDENCE column: "low" reads as unverified, and presets for superseded app versions say legacy. */
function confidenceOf(p: PresetView): string {
  const level = p.confidence === 'low' ? 'unverified' : (p.confidence ?? '-');
  return p.legacy ? `${level}, legacy` : level;
}

/** A value as the review prints it: short JSON, "-" for none. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Prints the review of an import file: what each preset starts, what it replaces and how it differs, what is refused. */
function printReview(io: CliIo, review: ImportReview): void {
  for (const item of review.items) {
    const replaces = item.replaces === 'builtin' ? `  REPLACES BUILT-IN "${item.id}"` : item.replaces === 'user' ? `  REPLACES YOUR PRESET "${item.id}"` : '  (new)';
    io.out(`preset ${item.id} (${item.name})${replaces}\n`);
    const facts = item.facts;
    io.out(`  starts     ${facts.path ?? `${facts.exe} (found from the registry, default paths or a running copy)`}\n`);
    if (facts.args) io.out(`  arguments  ${facts.args.join(' ')}\n`);
    if (facts.env) for (const [k, v] of Object.entries(facts.env)) io.out(`  env        ${k}=${v}\n`);
    if (facts.instanceDir) io.out(`  data       ${facts.instanceDir}\n`);
    if (facts.launchRegistry) {
      const r = facts.launchRegistry;
      io.out(`  registry   HKCU\\${r.key}\\${r.value} ${r.data === null ? 'removed' : `set to ${JSON.stringify(r.data)}`} during launches${r.whenMoreThan ? ` of more than ${r.whenMoreThan} copies` : ''}, restored afterwards\n`);
    }
    for (const l of facts.locate ?? []) io.out(`  locate     ${l.kind === 'path' ? l.path : `${l.hive}\\${l.key}\\${l.value || '(default)'} (${l.points})`}\n`);
    if (item.replaces) for (const c of item.changes) io.out(`  changes    ${c.field}: ${shown(c.before)} -> ${shown(c.after)}\n`);
    for (const p of item.problems) io.out(`  REFUSED    ${p.message}\n`);
  }
}

/** `presets add|import FILE [--yes]`: review first; save only what is safe, and only after a yes when the review asks for one. */
async function importCommand(file: string, yes: boolean, deps: CliDeps, json: boolean): Promise<number> {
  const io = deps.io;
  const read = readJsonFile(file);
  if (!read.ok) return failOutcome(io, json, read);
  const engine = deps.engine();
  const review = await engine.reviewImport(read.value);
  if (!review.ok) return failOutcome(io, json, { ok: false, error: { ...review.error, message: `${file}: ${review.error.message}` } });
  if (!json) printReview(io, review.value);
  let confirmed = yes || !review.value.needsConfirmation;
  if (!confirmed && !review.value.refused && deps.confirm && !json) confirmed = await deps.confirm('Save these presets? [y/N] ');
  const saved = await engine.importPresets(read.value, { confirmed });
  if (!saved.ok) {
    const error = saved.error.code === 'CONFIRMATION_REQUIRED' ? { ...saved.error, message: `${saved.error.message} (run again with --yes)` } : saved.error;
    if (json) printJson(io, { error: { ...error, message: `${file}: ${error.message}` }, review: review.value });
    else io.err(`multiopen: ${file}: ${error.message} [${error.code}]\n`);
    return EXIT.failed;
  }
  if (json) printJson(io, { saved: saved.value.saved, review: review.value });
  else io.out(`saved ${saved.value.saved.join(', ') || 'nothing'} to ${engine.presets.file}\n`);
  return EXIT.ok;
}

/** `multiopen presets ...`. */
export async function presetsCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['yes']);
  const [action = 'list', arg, ...rest] = cmd.positionals;
  if (cmd.values.yes && action !== 'add' && action !== 'import') throw new UsageError(`presets ${action} does not take --yes`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const store = deps.engine().presets;
  const io = deps.io;
  const needArg = (what: string) => {
    if (arg === undefined) throw new UsageError(`presets ${action} needs ${what}`);
    return arg;
  };
  switch (action) {
    case 'list': {
      if (arg !== undefined) throw new UsageError(`unexpected argument "${arg}"`);
      const listed = store.list();
      if (!listed.ok) return failOutcome(io, json, listed);
      if (json) printJson(io, listed.value);
      else
        io.out(
          formatTable(
            ['ID', 'ORIGIN', 'EXE', 'CONFIDENCE', 'GUARDS'],
            listed.value.map((p) => [p.id, p.origin, p.exe, confidenceOf(p), describeGuards(p)]),
          ),
        );
      return EXIT.ok;
    }
    case 'show': {
      const found = store.get(needArg('a preset ID'));
      if (!found.ok) return failOutcome(io, json, found);
      // What worked here wins over what a shared preset says worked elsewhere.
      const lastWorked = deps.engine().compat.lastWorked(found.value.id) ?? found.value.lastWorked;
      printJson(io, { ...found.value, ...(lastWorked ? { lastWorked } : {}) });
      if (!json && lastWorked) io.err(`last worked with version ${lastWorked.version ?? '(unknown)'} on ${lastWorked.date} (${lastWorked.result})\n`);
      return EXIT.ok;
    }
    case 'add':
    case 'import':
      return importCommand(needArg('a FILE'), cmd.values.yes === true, deps, json);
    case 'remove': {
      const removed = store.remove(needArg('a preset ID'));
      if (!removed.ok) return failOutcome(io, json, removed);
      if (json) printJson(io, removed.value);
      else io.out(`removed ${removed.value.removed}\n`);
      return EXIT.ok;
    }
    case 'export': {
      // Through the engine: the export carries what last worked with each preset.
      const doc = await deps.engine().exportPresets();
      if (!doc.ok) return failOutcome(io, json, doc);
      const text = `${JSON.stringify(doc.value, null, 2)}\n`;
      if (arg === undefined) {
        io.out(text);
        return EXIT.ok;
      }
      try {
        fs.writeFileSync(arg, text, 'utf8');
      } catch (error) {
        return failOutcome(io, json, { ok: false, error: { code: 'FILE_ERROR', message: `cannot write ${arg}: ${(error as Error).message}` } });
      }
      if (json) printJson(io, { exported: doc.value.presets.map((p) => p.id), file: arg });
      else io.out(`exported ${doc.value.presets.length} preset(s) to ${arg}\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown presets action "${action}" (list, show, add, remove, export, import)`);
  }
}
