import { parseArgs } from 'node:util';
import { COMMON_OBJECT_TYPES, resolveObjectType } from '../core/object-types';
import { isInstanceCount, MAX_INSTANCES } from '../core/policy';

/** A usage error: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code: 'USAGE' | 'PRESET_NOT_FOUND' = 'USAGE',
  ) {
    super(message);
  }
}

/** Options every command may get, parsed once; each command then accepts only its own. */
const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  pid: { type: 'string', multiple: true },
  exe: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  match: { type: 'string' },
  named: { type: 'boolean' },
  handle: { type: 'string' },
  guard: { type: 'string', multiple: true },
  path: { type: 'string' },
  count: { type: 'string', short: 'n' },
  port: { type: 'string' },
  save: { type: 'string' },
  startup: { type: 'boolean' },
  'no-open': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  expect: { type: 'string' },
  only: { type: 'string' },
  elevated: { type: 'boolean' },
} as const;

/** Options that are flags for one command and take a value elsewhere: `check PRESET --save` stores, `learn --save ID` names. */
const FLAGS_OF: Readonly<Record<string, readonly 'save'[]>> = { check: ['save'] };

/** The parsed command line. */
export interface ParsedCommand {
  command: string;
  positionals: string[];
  values: {
    json?: boolean;
    help?: boolean;
    name?: string;
    pid?: string[];
    exe?: string[];
    type?: string[];
    match?: string;
    named?: boolean;
    handle?: string;
    guard?: string[];
    path?: string;
    count?: string;
    port?: string;
    save?: string;
    startup?: boolean;
    'no-open'?: boolean;
    yes?: boolean;
    expect?: string;
    only?: string;
    /** `launch --elevated`: start the copies through the Windows (UAC) prompt. */
    elevated?: boolean;
    /** `--save` given as a flag (commands listed in FLAGS_OF). */
    saveFlag?: boolean;
  };
}

/** Parses argv (without node and script); throws UsageError on unknown flags, missing or empty values, and options given twice that take one value. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed;
  const flags = Object.hasOwn(FLAGS_OF, argv[0] ?? '') ? (FLAGS_OF[argv[0] as string] ?? []) : [];
  const options = { ...OPTIONS, ...Object.fromEntries(flags.map((f) => [f, { type: 'boolean' } as const])) };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name as keyof typeof OPTIONS];
    if (option.type === 'string' && (token.value ?? '').trim() === '') throw new UsageError(`${token.rawName} needs a value, not an empty one`);
    if (!('multiple' in option) && seen.has(token.name)) throw new UsageError(`${token.rawName} is given more than once`);
    seen.add(token.name);
  }
  const [command = '', ...positionals] = parsed.positionals;
  const values = { ...parsed.values } as ParsedCommand['values'] & Record<string, unknown>;
  if (flags.includes('save') && 'save' in values) {
    delete values.save;
    values.saveFlag = true;
  }
  return { command, positionals, values };
}

/** Object type names from repeated and comma-separated --type values, each resolved (aliases, any case); an unknown one is a usage error listing the known types. */
export function parseObjectTypes(values: readonly string[] | undefined): string[] {
  return splitList(values).map((text) => {
    const type = resolveObjectType(text);
    if (type === null) throw new UsageError(`--type "${text}" is not an object type; known types include ${COMMON_OBJECT_TYPES.join(', ')} (aliases: Mutex, FileMapping)`);
    return type;
  });
}

/** Rejects options the command does not take. */
export function allowOnly(cmd: ParsedCommand, allowed: readonly (keyof ParsedCommand['values'])[]): void {
  for (const key of Object.keys(cmd.values) as (keyof ParsedCommand['values'])[]) {
    if (key === 'json' || key === 'help') continue;
    if (!allowed.includes(key)) throw new UsageError(`"${cmd.command}" does not take --${key}`);
  }
}

/** Rejects extra positional arguments. */
export function maxPositionals(cmd: ParsedCommand, max: number): void {
  if (cmd.positionals.length > max) throw new UsageError(`unexpected argument "${cmd.positionals[max]}"`);
}

/** Parses a PID: a positive whole number. */
export function parsePid(text: string): number {
  if (!/^\d{1,10}$/.test(text.trim())) throw new UsageError(`"${text}" is not a process ID (a positive whole number)`);
  const pid = Number(text);
  if (pid <= 0 || pid > 0xffffffff) throw new UsageError(`"${text}" is not a valid process ID`);
  return pid;
}

/** Parses -n: a whole number of instances within the limit. */
export function parseCount(text: string): number {
  if (!/^\d{1,3}$/.test(text.trim()) || !isInstanceCount(Number(text))) {
    throw new UsageError(`-n "${text}" must be a whole number of instances from 1 to ${MAX_INSTANCES}`);
  }
  return Number(text);
}

/** Parses --port: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) > 65535) throw new UsageError(`--port "${text}" must be a number from 0 to 65535`);
  return Number(text);
}

/** Splits repeated and comma-separated values: --type Mutant,Event --type Section. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}
