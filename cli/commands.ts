import { normalizeTypeName, parseGuardSpec } from '../core/guards';
import type { CloseReport, GuardSpec, LaunchProgress, LaunchReport, LearnProgress, Outcome, WatchEvent } from '../core/model';
import { parseHex } from '../core/hex';
import { DEFAULT_INSTANCES, instanceCountOf } from '../core/policy';
import { allowOnly, maxPositionals, parseCommandLine, parseCount, parseObjectTypes, parsePid, parsePort, splitList, UsageError, type ParsedCommand } from './args';
import { formatTable, printJson, type CliIo } from './output';
import { EXIT, failedJson, failOutcome, printError, type CliDeps } from './command-kit';
import { presetsCommand } from './presets-command';

export { EXIT, type CliDeps };

const HELP = `multiopen — run several copies of a single-instance Windows app

Usage:
  multiopen ps [--name SUBSTR] [--json]
  multiopen handles [--pid PID]... [--exe NAME]... [--type Mutant,Event,...] [--match SUBSTR] [--named] [--json]
  multiopen close --pid PID --handle 0xNN [--expect TYPE:NAME] [--json]
  multiopen unlock (PRESET | --exe NAME --guard TYPE:NAME [--guard ...]) [--json]
  multiopen launch (PRESET [--yes] | --path EXE --guard TYPE:NAME [--guard ...]) [-n N] [--json]
  multiopen presets list|show ID|add FILE|remove ID|export [FILE]|import FILE [--yes] [--json]
  multiopen learn --path EXE [--save ID [--yes]] [--json]
  multiopen shortcut PRESET [-n N] [--startup | --path FILE.lnk] [--json]
  multiopen watch PRESET [-n N] [--json]
  multiopen serve [--port P]

Guards are TYPE:NAME with TYPE one of Mutant (or Mutex), Event, Semaphore, Section, File;
NAME is the object name after the last backslash, e.g. Mutant:_WeChat_App_Instance_Identity_Mutex_Name.
"launch -n N" makes N instances run in total (default: the preset's count, else 2).
"shortcut" writes a shortcut (desktop by default; --startup: run at login) that launches N copies.
"learn" starts the app, finds which named object makes a second copy refuse, and ends every copy it
started. "watch" closes the guard of every new instance until stopped (Ctrl+C); with -n it also keeps
N instances running. With --json, watch prints one JSON document per line (one per event).
"presets import" shows what each preset starts and replaces, refuses presets that would start
anything but their own app (PRESET_UNSAFE), and saves a replacement or a preset with its own path,
arguments or environment only after a yes (--yes, or an answer at the terminal). Such a preset asks
once more at its first launch ("launch PRESET --yes").
"close --expect TYPE:NAME" refuses (HANDLE_CHANGED) when the handle no longer names that object.
Exit codes: 0 success, 1 the operation failed or partly failed, 2 usage error.
Presets and settings: %APPDATA%\\Multiopen (override with MULTIOPEN_HOME).
`;

function printCloseReport(io: CliIo, json: boolean, report: CloseReport): void {
  if (json) return printJson(io, { closed: report.closed, failed: report.failed.map(failedJson) });
  for (const c of report.closed) io.out(`closed  PID ${c.pid}  ${c.handle}  ${c.type}  ${c.name}\n`);
  for (const f of report.failed) io.out(`failed  ${f.pid === null ? '' : `PID ${f.pid}  `}${f.handle ?? ''}  ${f.code}: ${f.message}\n`.replace(/ {3,}/g, '  '));
  if (report.closed.length === 0 && report.failed.length === 0) io.out('nothing to close\n');
}

/** Guards from repeated --guard flags. */
function parseGuards(values: readonly string[] | undefined): GuardSpec[] {
  return (values ?? []).map((text) => {
    const spec = parseGuardSpec(text);
    if (typeof spec === 'string') throw new UsageError(spec);
    return spec;
  });
}

async function psCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['name']);
  maxPositionals(cmd, 0);
  const result = await deps.engine().listProcesses(cmd.values.name !== undefined ? { name: cmd.values.name } : {});
  if (!result.ok) return failOutcome(deps.io, json, result);
  if (json) printJson(deps.io, result.value.map(({ pid, ppid, name, path, sessionId }) => ({ pid, ppid, name, path, sessionId })));
  else deps.io.out(formatTable(['PID', 'PPID', 'NAME', 'PATH'], result.value.map((p) => [String(p.pid), String(p.ppid), p.name, p.path ?? '-'])));
  return EXIT.ok;
}

async function handlesCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['pid', 'exe', 'type', 'match', 'named']);
  maxPositionals(cmd, 0);
  const pids = (cmd.values.pid ?? []).map(parsePid);
  const result = await deps.engine().listHandles({
    pids,
    exes: splitList(cmd.values.exe),
    types: parseObjectTypes(cmd.values.type),
    ...(cmd.values.match !== undefined ? { match: cmd.values.match } : {}),
    namedOnly: cmd.values.named === true,
  });
  if (!result.ok) return failOutcome(deps.io, json, result);
  if (json) printJson(deps.io, result.value.map(({ pid, process, handle, type, name, access }) => ({ pid, process, handle, type, name, access })));
  else
    deps.io.out(
      formatTable(
        ['PID', 'PROCESS', 'HANDLE', 'TYPE', 'ACCESS', 'NAME'],
        result.value.map((h) => [String(h.pid), h.process, h.handle, h.type, h.access, h.name ?? '(unreadable)']),
      ),
    );
  return EXIT.ok;
}

/**
 * `--expect TYPE:NAME`: the object the handle must still name (the full name, or the part after the last
 * backslash). The close is refused with HANDLE_CHANGED otherwise.
 */
function parseExpected(text: string): { type: string; name?: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw new UsageError(`--expect "${text}" must look like TYPE:NAME, e.g. Mutant:_WeChat_App_Instance_Identity_Mutex_Name`);
  const type = normalizeTypeName(text.slice(0, colon));
  return { type, name: text.slice(colon + 1) };
}

async function closeCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['pid', 'handle', 'expect']);
  maxPositionals(cmd, 0);
  if (cmd.values.pid?.length !== 1) throw new UsageError('close needs exactly one --pid PID');
  if (cmd.values.handle === undefined) throw new UsageError('close needs --handle 0xNN');
  const pid = parsePid(cmd.values.pid[0] as string);
  if (parseHex(cmd.values.handle) === null) throw new UsageError(`--handle "${cmd.values.handle}" is not a hex handle value such as 0x1c4`);
  const expected = cmd.values.expect !== undefined ? parseExpected(cmd.values.expect) : {};
  const result = await deps.engine().closeHandle({ pid, handle: cmd.values.handle, ...expected });
  if (!result.ok) return failOutcome(deps.io, json, result);
  printCloseReport(deps.io, json, result.value);
  return result.value.failed.length === 0 ? EXIT.ok : EXIT.failed;
}

async function unlockCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
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

async function launchCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
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

function learnLine(p: LearnProgress): string {
  switch (p.step) {
    case 'starting':
      return `starting ${p.what === 'first' ? 'the first copy' : 'a trial copy'}${p.pid ? ` (PID ${p.pid})` : ''}`;
    case 'collected':
      return `${p.candidates} named object(s) to try`;
    case 'refused':
      return 'a second copy is refused, as expected';
    case 'closing':
      return `trying ${p.index}/${p.total}: ${p.candidate.type}:${p.candidate.name}`;
    case 'survived':
      return 'a second copy started';
    case 'minimizing':
      return `checking whether ${p.guard.type}:${p.guard.name} is needed`;
    case 'cleaning-up':
      return `ending the ${p.processes} process(es) started for the test`;
  }
}

async function learnCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
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
  const result = await engine.learn({ path: cmd.values.path }, json ? undefined : (p) => deps.io.err(`${learnLine(p)}\n`));
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

function watchLine(e: WatchEvent): string {
  switch (e.kind) {
    case 'closed':
      return `closed ${e.handle.type} ${e.handle.name} in PID ${e.handle.pid}`;
    case 'launched':
      return `started PID ${e.pid}`;
    case 'failed':
      return `failed: ${e.failure.code}: ${e.failure.message}`;
    case 'state':
      return `${e.state.running} running${e.state.keep ? ` (keeping ${e.state.keep})` : ''}${e.state.paused ? ', paused' : ''}`;
  }
}

async function watchCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
  allowOnly(cmd, ['count']);
  maxPositionals(cmd, 1);
  const preset = cmd.positionals[0];
  if (preset === undefined) throw new UsageError('watch needs a PRESET');
  const keep = cmd.values.count !== undefined ? parseCount(cmd.values.count) : undefined;
  if (!deps.untilStopped) throw new UsageError('watch is not available here');
  const engine = deps.engine();
  deps.watchEvents?.((e) => deps.io.out(formatWatchEvent(e, json)));
  const started = await engine.startWatch({ preset, ...(keep !== undefined ? { keep } : {}) });
  if (!started.ok) return failOutcome(deps.io, json, started);
  deps.io.err(`watching ${started.value.exe}${keep ? `, keeping ${keep} running` : ''}; press Ctrl+C to stop\n`);
  await deps.untilStopped();
  await engine.stopWatch({ preset: started.value.presetId });
  return EXIT.ok;
}

/** Formats a watcher event as the CLI prints it (a JSON line with --json). */
function formatWatchEvent(e: WatchEvent, json: boolean): string {
  return json ? `${JSON.stringify(e)}\n` : `${new Date().toISOString().slice(11, 19)}  ${watchLine(e)}\n`;
}

async function shortcutCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
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

async function serveCommand(cmd: ParsedCommand, deps: CliDeps): Promise<number> {
  allowOnly(cmd, ['port', 'no-open']);
  maxPositionals(cmd, 0);
  const port = cmd.values.port !== undefined ? parsePort(cmd.values.port) : 0;
  if (!deps.serve) throw new UsageError('serve is not available in this build');
  return deps.serve(deps.engine(), { port, io: deps.io, ...(deps.watchEvents ? { watchEvents: deps.watchEvents } : {}) });
}

const COMMANDS: Record<string, (cmd: ParsedCommand, deps: CliDeps, json: boolean) => Promise<number>> = {
  ps: psCommand,
  handles: handlesCommand,
  close: closeCommand,
  unlock: unlockCommand,
  launch: launchCommand,
  presets: presetsCommand,
  learn: learnCommand,
  shortcut: shortcutCommand,
  watch: watchCommand,
  serve: (cmd, deps) => serveCommand(cmd, deps),
};

/** Runs one command line; resolves with the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const json = argv.includes('--json');
  try {
    if (argv[0] === '--version' || argv[0] === 'version') {
      deps.io.out(`${deps.version}\n`);
      return EXIT.ok;
    }
    const cmd = parseCommandLine(argv);
    if (cmd.command === '' || cmd.command === 'help' || cmd.values.help) {
      deps.io.out(HELP);
      return cmd.command === '' && !cmd.values.help ? EXIT.usage : EXIT.ok;
    }
    const handler = Object.hasOwn(COMMANDS, cmd.command) ? COMMANDS[cmd.command] : undefined;
    if (!handler) throw new UsageError(`unknown command "${cmd.command}" (run "multiopen help")`);
    return await handler(cmd, deps, json);
  } catch (error) {
    if (error instanceof UsageError) {
      printError(deps.io, json, { code: error.code, message: error.message });
      return EXIT.usage;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    printError(deps.io, json, { code: 'OS_ERROR', message: `internal error (please report): ${message}` });
    return EXIT.failed;
  }
}
