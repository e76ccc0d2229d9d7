import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/commands';
import { createEngine } from '../../../core/engine';
import type { FakeOsApi } from '../../../native-bindings/fake/fake-os-api';
import { bno, fakeWorld, WECHAT_MUTEX } from '../../core/fake-world';

let fake: FakeOsApi;
let wechatPath: string;
let home: string;

beforeEach(() => {
  ({ os: fake, wechatPath } = fakeWorld());
  fake.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], window: { className: 'WeChatMainWndForPC', title: 'WeChat' } });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-cli-instances-'));
});

/** Runs one command line against an engine over the fake OS (a new engine each time, like one CLI run each). */
async function cli(argv: string[], confirm?: (q: string) => Promise<boolean>) {
  let stdout = '';
  const engine = createEngine(fake, { home, env: {}, timing: { pollMs: 1, guardTimeoutMs: 200, settleMs: 5 }, actionTiming: { closeWaitMs: 30, pollMs: 5 } });
  const code = await runCli(argv, { io: { out: (t) => (stdout += t), err: () => {} }, engine: () => engine, version: 't', ...(confirm ? { confirm } : {}) });
  return { code, stdout };
}

describe('multiopen instances / label / instance', () => {
  it('instances --json prints the contract: preset, index, label, pid, startedAt, windows with hex handles', async () => {
    expect((await cli(['label', 'wechat', '2', 'Family', '--json'])).code).toBe(0);
    expect((await cli(['launch', 'wechat', '--path', wechatPath, '-n', '2', '--json'])).code).toBe(0);
    const { code, stdout } = await cli(['instances', 'wechat', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows.map((r) => [r.preset, r.index, r.label])).toEqual([
      ['wechat', 1, null],
      ['wechat', 2, 'Family'],
    ]);
    expect(rows[1]).toMatchObject({ startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), windows: [{ handle: expect.stringMatching(/^0x[0-9a-f]+$/), title: 'WeChat - Family', class: 'WeChatMainWndForPC' }] });
  });

  it('the table names each copy; with none running it says so', async () => {
    expect((await cli(['instances', 'wechat'])).stdout).toMatch(/no copy of wechat is running/);
    await cli(['label', 'wechat', '1', '工作']);
    await cli(['launch', 'wechat', '--path', wechatPath, '-n', '1']);
    expect((await cli(['instances'])).stdout).toMatch(/wechat\s+1\s+工作\s+\d+\s+(\d+ d \d+ h|\d+ (h \d+ )?min)\s+WeChat - 工作/);
  });

  it('label "" clears the label', async () => {
    await cli(['label', 'wechat', '1', 'Work']);
    const cleared = await cli(['label', 'wechat', '1', '', '--json']);
    expect(JSON.parse(cleared.stdout)).toEqual({ preset: 'wechat', index: 1, label: null, labels: [] });
  });

  it('instance close of a copy that keeps running asks at the terminal before ending it; no means it keeps running (exit 1)', async () => {
    await cli(['launch', 'wechat', '--path', wechatPath, '-n', '1']);
    const pid = [...fake.processes.values()].find((p) => p.name === 'WeChat.exe')?.pid as number;
    fake.desktop.ignoresClose.add(pid);
    const questions: string[] = [];
    const no = await cli(['instance', 'wechat', '1', 'close'], async (q) => (questions.push(q), false));
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(/still running after it was asked to close/);
    expect(questions).toEqual(['End copy 1 of wechat now? [y/N] ']);
    expect(await fake.isProcessAlive(pid)).toBe(true);
    const yes = await cli(['instance', 'wechat', '1', 'close'], async () => true);
    expect(yes.code).toBe(0);
    expect(await fake.isProcessAlive(pid)).toBe(false);
  });

  it('instance close --json never ends anything by itself', async () => {
    await cli(['launch', 'wechat', '--path', wechatPath, '-n', '1']);
    const pid = [...fake.processes.values()].find((p) => p.name === 'WeChat.exe')?.pid as number;
    fake.desktop.ignoresClose.add(pid);
    const r = await cli(['instance', 'wechat', '1', 'close', '--json'], async () => true);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'close', done: false, stillRunning: true });
    expect(await fake.isProcessAlive(pid)).toBe(true);
  });
});
