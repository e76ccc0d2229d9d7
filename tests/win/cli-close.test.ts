/** `multiopen close`: closing one handle inside another process, and its usage and failure codes. */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEX, closeLike, expectFailure, handlesJson, leafName, runningPids } from './cli';
import { describeRun, fixtureValues, runCli, startFixture, tempPath, tryStart, useWinTestLifecycle, waitFor, winPath } from './harness';

useWinTestLifecycle();

const WECHAT_GUARD = '_WeChat_App_Instance_Identity_Mutex_Name';

/** Starts WeChat.exe and returns it with the handle value of its guard. */
async function wechatWithGuard(): Promise<{ pid: number; handle: string; name: string }> {
  const wechat = await startFixture('WeChat.exe');
  expect(wechat.outcome).toBe('started');
  const rows = await handlesJson(['--pid', String(wechat.pid), '--type', 'Mutant']);
  const row = rows.find((r) => leafName(r.name) === WECHAT_GUARD);
  expect(row, JSON.stringify(rows)).toBeDefined();
  return { pid: wechat.pid, handle: row!.handle, name: row!.name ?? '' };
}

describe('multiopen close', () => {
  it('closes the guard inside the running process, so a second copy starts', async () => {
    const first = await wechatWithGuard();
    expect(await tryStart('WeChat.exe')).toBe('refused');

    const { run, report } = await closeLike(['close', '--pid', String(first.pid), '--handle', first.handle]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.closed).toHaveLength(1);
    expect(report.closed[0]).toMatchObject({ pid: first.pid, type: 'Mutant', name: first.name });
    expect(report.closed[0]!.handle).toMatch(HEX);
    expect(Number(report.closed[0]!.handle)).toBe(Number(first.handle));

    // the handle is gone from the process, the process itself still runs
    const after = await handlesJson(['--pid', String(first.pid), '--type', 'Mutant']);
    expect(after.some((r) => leafName(r.name) === WECHAT_GUARD)).toBe(false);
    const second = await startFixture('WeChat.exe');
    expect(second.outcome).toBe('started');
    expect(new Set(await runningPids('WeChat.exe'))).toEqual(new Set([first.pid, second.pid]));
  });

  it('accepts the handle value in any case of hex digits', async () => {
    const first = await wechatWithGuard();
    const upper = '0x' + first.handle.slice(2).toUpperCase();
    const { run, report } = await closeLike(['close', '--pid', String(first.pid), '--handle', upper]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.closed.map((c) => leafName(c.name))).toEqual([WECHAT_GUARD]);
  });

  it('rejects a PID that is not a number (exit 2, USAGE)', async () => {
    expectFailure(await runCli(['close', '--pid', 'abc', '--handle', '0x4', '--json']), 2, 'USAGE');
  });

  it('rejects a handle value that is not hex (exit 2, USAGE)', async () => {
    const wechat = await startFixture('WeChat.exe');
    expectFailure(await runCli(['close', '--pid', String(wechat.pid), '--handle', 'zz', '--json']), 2, 'USAGE');
  });

  it('rejects a missing --handle (exit 2, USAGE)', async () => {
    expectFailure(await runCli(['close', '--pid', '4', '--json']), 2, 'USAGE');
  });

  it('reports HANDLE_GONE for a handle value the process does not have', async () => {
    const wechat = await startFixture('WeChat.exe');
    const taken = new Set((await handlesJson(['--pid', String(wechat.pid)])).map((r) => Number(r.handle)));
    let unused = 0xfffc;
    while (taken.has(unused)) unused -= 4;
    const { run, report } = await closeLike(['close', '--pid', String(wechat.pid), '--handle', '0x' + unused.toString(16)]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(report.closed).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ pid: wechat.pid, code: 'HANDLE_GONE' });
    expect(report.failed[0]!.message.length).toBeGreaterThan(0);
    // the guard is untouched
    expect(await tryStart('WeChat.exe')).toBe('refused');
  });

  it('reports PROCESS_GONE for a PID that does not exist', async () => {
    const wechat = await startFixture('WeChat.exe');
    await wechat.stop();
    // a PID that just ended; check that nothing reused it
    const all = await runCli<{ pid: number }[]>(['ps', '--json']);
    expect(all.code, describeRun(all)).toBe(0);
    expect((all.json ?? []).some((p) => p.pid === wechat.pid)).toBe(false);
    const { run, report } = await closeLike(['close', '--pid', String(wechat.pid), '--handle', '0x4']);
    expect(run.code, describeRun(run)).toBe(1);
    expect(report.closed).toEqual([]);
    expect(report.failed.map((f) => f.code)).toEqual(['PROCESS_GONE']);
  });
});

describe('multiopen close refuses the wrong handle', () => {
  it('a protected guard (HANDLE_FLAG_PROTECT_FROM_CLOSE) is refused with PROTECTED_HANDLE and survives', async () => {
    const app = await startFixture('ProtectedApp.exe');
    expect(app.outcome).toBe('started');
    const rows = await handlesJson(['--pid', String(app.pid), '--type', 'Mutant']);
    const row = rows.find((r) => leafName(r.name) === 'MultiopenTest_ProtectedMutex');
    expect(row, JSON.stringify(rows)).toBeDefined();
    const { run, report } = await closeLike(['close', '--pid', String(app.pid), '--handle', row!.handle]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(report.closed).toEqual([]);
    expect(report.failed.map((f) => f.code)).toEqual(['PROTECTED_HANDLE']);
    const unlock = await closeLike(['unlock', '--exe', 'ProtectedApp.exe', '--guard', 'Mutant:MultiopenTest_ProtectedMutex']);
    expect(unlock.report.failed.map((f) => f.code)).toEqual(['PROTECTED_HANDLE']);
    expect(await tryStart('ProtectedApp.exe')).toBe('refused');
  });

  it('--expect with another name or type is refused with HANDLE_CHANGED and the object survives', async () => {
    const first = await wechatWithGuard();
    for (const expectArg of ['Mutant:Some_Other_Mutex', `Event:${WECHAT_GUARD}`]) {
      const { run, report } = await closeLike(['close', '--pid', String(first.pid), '--handle', first.handle, '--expect', expectArg]);
      expect(run.code, describeRun(run)).toBe(1);
      expect(report.closed).toEqual([]);
      expect(report.failed.map((f) => f.code)).toEqual(['HANDLE_CHANGED']);
    }
    expect(await tryStart('WeChat.exe')).toBe('refused');
    const { run, report } = await closeLike(['close', '--pid', String(first.pid), '--handle', first.handle, '--expect', `Mutex:${WECHAT_GUARD}`]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.closed.map((c) => leafName(c.name))).toEqual([WECHAT_GUARD]);
  });

  it('a handle value reused by another object between listing and closing is never closed', async () => {
    const flag = tempPath('reuse.flag');
    const app = await startFixture('ReuseApp.exe', { env: { MULTIOPEN_FIXTURE_FLAG: winPath(flag) } });
    expect(app.outcome).toBe('started');
    const listed = (await handlesJson(['--pid', String(app.pid), '--type', 'Mutant'])).find((r) => leafName(r.name) === 'MultiopenTest_ReuseMutex');
    expect(listed).toBeDefined();
    writeFileSync(flag, 'go');
    const swapped = await waitFor('ReuseApp.exe to swap its objects', () => fixtureValues(app.log, 'swapped')[0]?.value);
    const [oldHandle, newHandle] = swapped.split(' ').map(Number);
    expect(oldHandle).toBe(Number(listed!.handle));
    // The value now names the event (Wine, like Windows, hands out the freed slot first).
    expect(newHandle).toBe(oldHandle);
    const { run, report } = await closeLike(['close', '--pid', String(app.pid), '--handle', listed!.handle, '--expect', `Mutant:${listed!.name}`]);
    expect(run.code, describeRun(run)).toBe(1);
    expect(report.closed).toEqual([]);
    expect(report.failed.map((f) => f.code)).toEqual(['HANDLE_CHANGED']);
    const after = await handlesJson(['--pid', String(app.pid), '--type', 'Event']);
    expect(after.some((r) => Number(r.handle) === oldHandle && leafName(r.name) === 'MultiopenTest_ReuseEvent')).toBe(true);
  });
});
