import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/commands';
import { parseObjectTypes } from '../../cli/args';
import { createEngine } from '../../core/engine';
import type { FakeOsApi } from '../../native-bindings/fake/fake-os-api';
import { fakeWorld } from '../core/fake-world';

let fake: FakeOsApi;
let home: string;

beforeEach(() => {
  ({ os: fake } = fakeWorld());
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-args-'));
});

async function cli(argv: string[]) {
  let stdout = '';
  const engine = createEngine(fake, { home, timing: { pollMs: 5, guardTimeoutMs: 100, settleMs: 10 }, env: {} });
  const code = await runCli([...argv, '--json'], { io: { out: (t) => (stdout += t), err: () => {} }, engine: () => engine, untilStopped: async () => {}, version: 't' });
  return { code, json: JSON.parse(stdout) as { error?: { code: string; message: string } } };
}

describe('bad input is refused where it is typed (exit 2, USAGE, nothing done)', () => {
  it.each([
    // unknown or misspelt object types
    [['handles', '--type', 'NoSuchType'], /"NoSuchType" is not an object type; known types include Mutant, Event/],
    [['handles', '--type', 'Mutant,Evnt'], /"Evnt"/],
    [['handles', '--type', ''], /needs a value/],
    // empty values of any option
    [['ps', '--name', ''], /--name needs a value/],
    [['handles', '--exe', ' '], /--exe needs a value/],
    [['handles', '--match', ''], /--match needs a value/],
    [['launch', '--path', '', '--guard', 'Mutant:x'], /--path needs a value/],
    [['learn', '--path', ''], /--path needs a value/],
    // numbers out of range or not numbers
    [['handles', '--pid', '0'], /not a valid process ID/],
    [['handles', '--pid', '-5'], /ambiguous|not a process ID/],
    [['handles', '--pid', '99999999999'], /not a process ID/],
    [['close', '--pid', '1.5', '--handle', '0x4'], /not a process ID/],
    [['close', '--pid', '4', '--handle', '0x12345678901234'], /not a hex handle value/],
    [['close', '--pid', '4', '--handle', '0xzz'], /not a hex handle value/],
    [['launch', 'wechat', '-n', '0'], /from 1 to 64/],
    [['launch', 'wechat', '-n', '65'], /from 1 to 64/],
    [['launch', 'wechat', '-n', 'three'], /from 1 to 64/],
    [['watch', 'wechat', '-n', '100'], /from 1 to 64/],
    [['shortcut', 'wechat', '-n', '0'], /from 1 to 64/],
    [['serve', '--port', '70000'], /from 0 to 65535/],
    [['serve', '--port', 'http'], /from 0 to 65535/],
    // options given twice that take one value
    [['close', '--pid', '4', '--handle', '0x4', '--handle', '0x8'], /--handle is given more than once/],
    [['launch', 'wechat', '-n', '2', '-n', '3'], /-n is given more than once/],
    [['launch', 'wechat', '--elevated', '--elevated'], /--elevated is given more than once/],
    [['ps', '--name', 'a', '--name', 'b'], /--name is given more than once/],
    [['close', '--pid', '4', '--pid', '5', '--handle', '0x4'], /exactly one --pid/],
    [['unlock', '--exe', 'a.exe', '--exe', 'b.exe', '--guard', 'Mutant:x'], /one --exe/],
    // malformed guards and expectations
    [['unlock', '--exe', 'a.exe', '--guard', 'Mutant'], /TYPE:NAME/],
    [['unlock', '--exe', 'a.exe', '--guard', 'Bogus:x'], /is not one of/],
    [['unlock', '--exe', 'a.exe', '--guard', 'File:lock.ini'], /folder and a file name/],
    [['close', '--pid', '4', '--handle', '0x4', '--expect', 'Mutant'], /TYPE:NAME/],
    [['close', '--pid', '4', '--handle', '0x4', '--expect', 'Mutant:'], /TYPE:NAME/],
    // options a command does not take, and combinations that make no sense
    [['ps', '--pid', '4'], /does not take --pid/],
    [['presets', 'list', '--yes'], /does not take --yes/],
    [['unlock', 'wechat', '--elevated'], /does not take --elevated/],
    [['launch', 'wechat', '--elevated=yes'], /--elevated.*does not take an argument/],
    [['launch', '--path', 'C:\\a\\A.exe', '--yes'], /--yes confirms the first launch of a PRESET/],
    [['unlock', 'wechat', '--exe', 'WeChat.exe'], /either a PRESET or --exe/],
    [['launch', 'wechat', '--guard', 'Mutant:x'], /--guard goes with --path/],
    [['shortcut', 'wechat', '--startup', '--path', 'C:\\x.lnk'], /--startup or --path, not both/],
    [['shortcut', 'wechat', '--path', 'C:\\x.txt'], /\.lnk/],
    [['learn', '--path', 'C:\\a\\A.exe', '--save', 'Not An Id'], /not a preset id/],
    [['ps', 'extra'], /unexpected argument "extra"/],
    [['presets', 'show'], /needs a preset ID/],
    [['presets', 'frobnicate'], /unknown presets action/],
    [['nosuchcommand'], /unknown command/],
    [['handles', '--no-such-flag'], /Unknown option/],
    // copies: indices, labels, actions, --only
    [['label', 'wechat', '0', 'Work'], /INDEX "0" must be a whole number from 1 to 64/],
    [['label', 'wechat', 'two', 'Work'], /INDEX "two"/],
    [['label', 'wechat', '1'], /needs the TEXT/],
    [['label', 'wechat', '1', 'a', 'b'], /unexpected argument "b"/],
    [['label', 'wechat', '1', 'Work', '--yes'], /does not take --yes/],
    [['label', 'wechat', '65', 'Work'], /from 1 to 64/],
    [['instances', 'wechat', 'extra'], /unexpected argument "extra"/],
    [['instances', '--pid', '4'], /does not take --pid/],
    [['instance', 'wechat', '1'], /needs an action after the INDEX: focus, close, end/],
    [['instance', 'wechat', '1', 'minimise'], /focus, close, end/],
    [['instance', 'wechat', 'x', 'focus'], /INDEX "x"/],
    [['instance', 'wechat', '1', 'focus', '--pid', '0'], /not a valid process ID/],
    [['launch', 'wechat', '--only', 'Work', '-n', '2'], /does not go with -n/],
    [['launch', 'wechat', '--only', ' , '], /needs one or more labels/],
    [['launch', 'wechat', '--only', ''], /--only needs a value/],
    [['launch', '--path', 'C:\\a\\A.exe', '--guard', 'Mutant:x', '--only', 'Work'], /does not go with --path alone/],
  ])('%j', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.json.error?.code).toBe('USAGE');
    expect(r.json.error?.message).toMatch(message);
    expect(fake.spawns).toEqual([]);
  });

  it('an unknown preset is a usage error too (PRESET_NOT_FOUND, exit 2)', async () => {
    for (const argv of [['launch', 'nope'], ['unlock', 'nope'], ['watch', 'nope'], ['presets', 'show', 'nope'], ['instances', 'nope'], ['label', 'nope', '1', 'Work'], ['instance', 'nope', '1', 'focus']]) {
      const r = await cli(argv);
      expect([argv, r.code, r.json.error?.code]).toEqual([argv, 2, 'PRESET_NOT_FOUND']);
    }
  });

  it('launch --elevated starts the copies through the Windows prompt; without it they start as Multiopen runs', async () => {
    for (const [flags, level] of [
      [[], 'inherit'],
      [['--elevated'], 'elevated'],
    ] as const) {
      const world = fakeWorld();
      fake = world.os;
      const r = await cli(['launch', 'wechat', '--path', world.wechatPath, '-n', '1', ...flags]);
      expect(r.code).toBe(0);
      expect(fake.spawns.map((s) => s.options.level ?? 'inherit')).toEqual([level]);
      expect((r.json as { launched?: { level?: string }[] }).launched?.map((l) => l.level)).toEqual([level === 'elevated' ? 'elevated' : 'normal']);
    }
  });

  it('--type accepts kernel names in any case and the usual aliases', () => {
    expect(parseObjectTypes(['mutex,EVENT', 'filemapping', 'alpc port', 'Timer', 'job'])).toEqual(['Mutant', 'Event', 'Section', 'ALPC Port', 'Timer', 'Job']);
  });
});
