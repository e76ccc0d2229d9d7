import { normalizeTypeName } from '../../core/guards';
import { parseHex } from '../../core/hex';
import { allowOnly, maxPositionals, parseObjectTypes, parsePid, splitList, UsageError, type ParsedCommand } from '../args';
import { EXIT, failOutcome, type CliDeps } from '../command-kit';
import { formatTable, printJson } from '../output';
import { printCloseReport } from './close-report';

/** `multiopen handles`. */
export async function handlesCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
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

/** `multiopen close`. */
export async function closeCommand(cmd: ParsedCommand, deps: CliDeps, json: boolean): Promise<number> {
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
