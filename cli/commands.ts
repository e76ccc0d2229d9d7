/**
 * The CLI's entry: parses the command line and hands it to the command's own module (cli/commands/),
 * one file per command. The contract these print is in DESIGN and the README.
 */
import { parseCommandLine, UsageError, type ParsedCommand } from './args';
import { EXIT, printError, type CliDeps } from './command-kit';
import { checkCommand } from './commands/check';
import { closeCommand, handlesCommand } from './commands/handles';
import { launchCommand } from './commands/launch';
import { learnCommand } from './commands/learn';
import { psCommand } from './commands/ps';
import { serveCommand } from './commands/serve';
import { shortcutCommand } from './commands/shortcut';
import { unlockCommand } from './commands/unlock';
import { watchCommand } from './commands/watch';
import { presetsCommand } from './commands/presets';
import { instanceCommand } from './commands/instance';
import { instancesCommand } from './commands/instances';
import { labelCommand } from './commands/label';

export { EXIT, type CliDeps };

const HELP = `multiopen — run several copies of a single-instance Windows app

Usage:
  multiopen ps [--name SUBSTR] [--json]
  multiopen handles [--pid PID]... [--exe NAME]... [--type Mutant,Event,...] [--match SUBSTR] [--named] [--json]
  multiopen close --pid PID --handle 0xNN [--expect TYPE:NAME] [--json]
  multiopen unlock (PRESET | --exe NAME --guard TYPE:NAME [--guard ...]) [--json]
  multiopen launch (PRESET [--yes] | --path EXE --guard TYPE:NAME [--guard ...]) [-n N] [--elevated] [--json]
  multiopen launch PRESET --only LABEL,... [--json]
  multiopen instances [PRESET] [--json]
  multiopen label PRESET INDEX TEXT [--json]
  multiopen instance PRESET INDEX focus|close|end [--pid PID] [--json]
  multiopen presets list|show ID|add FILE|remove ID|export [FILE]|import FILE [--yes] [--json]
  multiopen learn --path EXE [--save ID [--yes]] [--json]
  multiopen check PRESET [--path EXE] [--save] [--json]
  multiopen shortcut PRESET [-n N] [--startup | --path FILE.lnk] [--json]
  multiopen watch PRESET [-n N] [--json]
  multiopen serve [--port P]

Guards are TYPE:NAME with TYPE one of Mutant (or Mutex), Event, Semaphore, Section, File, Timer, Job, Pipe, ALPC Port;
NAME is the object name after the last backslash, e.g. Mutant:_WeChat_App_Instance_Identity_Mutex_Name.
"launch -n N" makes N instances run in total (default: the preset's count, else 2); "launch --elevated" starts
the copies as administrator (Windows asks to confirm each), for an app that fails with ELEVATION_REQUIRED.
"shortcut" writes a shortcut (desktop by default; --startup: run at login) that launches N copies.
"learn" starts the app, finds which named object makes a second copy refuse, and ends every copy it
started. "watch" closes the guard of every new instance until stopped (Ctrl+C); with -n it also keeps
N instances running. With --json, watch prints one JSON document per line (one per event).
"presets import" shows what each preset starts and replaces, refuses presets that would start
anything but their own app (PRESET_UNSAFE), and saves a replacement or a preset with its own path,
arguments or environment only after a yes (--yes, or an answer at the terminal). Such a preset asks
once more at its first launch ("launch PRESET --yes").
"check" starts the app, says whether the preset still matches (ok, guard-changed, no-guard-needed, unexplained, access-denied); --save stores the fix.
"close --expect TYPE:NAME" refuses (HANDLE_CHANGED) when the handle no longer names that object.
"instances" lists the running copies: index, label, PID, window titles. "label" names copy INDEX ("" clears
it), shown as "<title> - <label>" in its windows; "launch --only Work,Family" starts exactly those copies
that are not running. "instance ... close" asks a copy to close (WM_CLOSE) and waits a few seconds; "end" ends it.
Exit codes: 0 success, 1 the operation failed or partly failed, 2 usage error.
Presets and settings: %APPDATA%\\Multiopen (override with MULTIOPEN_HOME).
Log of every close and launch: the logs folder there (cli.log, capped at about 2 MB).
`;

const COMMANDS: Record<string, (cmd: ParsedCommand, deps: CliDeps, json: boolean) => Promise<number>> = {
  ps: psCommand,
  handles: handlesCommand,
  close: closeCommand,
  unlock: unlockCommand,
  launch: launchCommand,
  presets: presetsCommand,
  learn: learnCommand,
  check: checkCommand,
  shortcut: shortcutCommand,
  watch: watchCommand,
  instances: instancesCommand,
  instance: instanceCommand,
  label: labelCommand,
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
