/** `multiopen ps` and `multiopen handles` on the real handle table (under Wine on Linux). */
import { describe, expect, it } from 'vitest';
import { HEX, errorCodes, expectFailure, handlesJson, leafName, psJson } from './cli';
import { UNICODE_GUARD, describeRun, fixturesBin, isWindows, runCli, startFixture, tryStart, useWinTestLifecycle, winPath } from './harness';
import { join } from 'node:path';

useWinTestLifecycle();

const WECHAT_GUARD = '_WeChat_App_Instance_Identity_Mutex_Name';

describe('multiopen handles', () => {
  it('lists the WeChat guard mutex with pid, hex handle and full object name', async () => {
    const wechat = await startFixture('WeChat.exe');
    const rows = await handlesJson(['--exe', 'WeChat.exe', '--type', 'Mutant']);
    const guard = rows.filter((r) => leafName(r.name) === WECHAT_GUARD);
    expect(guard, JSON.stringify(rows)).toHaveLength(1);
    const row = guard[0]!;
    expect(row.pid).toBe(wechat.pid);
    expect(row.process.toLowerCase()).toBe('wechat.exe');
    expect(row.type).toBe('Mutant');
    expect(row.handle).toMatch(HEX);
    expect(row.access).toMatch(HEX);
    expect(row.name).toMatch(/\\_WeChat_App_Instance_Identity_Mutex_Name$/);
    if (!isWindows) expect(row.name).toBe(`\\Sessions\\1\\BaseNamedObjects\\${WECHAT_GUARD}`);
    // the type filter holds for every row
    expect(rows.every((r) => r.type === 'Mutant' && r.pid === wechat.pid)).toBe(true);
  });

  it('--pid keeps only that process', async () => {
    const wechat = await startFixture('WeChat.exe');
    const plain = await startFixture('Plain.exe');
    const rows = await handlesJson(['--pid', String(wechat.pid)]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.pid === wechat.pid)).toBe(true);
    expect(rows.some((r) => leafName(r.name) === WECHAT_GUARD)).toBe(true);
    const plainRows = await handlesJson(['--pid', String(plain.pid)]);
    expect(plainRows.length).toBeGreaterThan(0);
    expect(plainRows.every((r) => r.pid === plain.pid)).toBe(true);
    expect(plainRows.some((r) => leafName(r.name) === WECHAT_GUARD)).toBe(false);
    // --pid may be repeated
    const both = await handlesJson(['--pid', String(wechat.pid), '--pid', String(plain.pid)]);
    expect(new Set(both.map((r) => r.pid))).toEqual(new Set([wechat.pid, plain.pid]));
  });

  it('--match filters on a case-insensitive substring of the name', async () => {
    const wechat = await startFixture('WeChat.exe');
    await startFixture('EventApp.exe');
    const rows = await handlesJson(['--match', 'identity_MUTEX']);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.name ?? '').toLowerCase().includes('identity_mutex'))).toBe(true);
    expect(rows.some((r) => r.pid === wechat.pid && leafName(r.name) === WECHAT_GUARD)).toBe(true);
    expect(await handlesJson(['--match', 'NoObjectIsNamedLikeThis_7f3a'])).toEqual([]);
  });

  it('lists Event, Semaphore and Section guards with their types', async () => {
    const ev = await startFixture('EventApp.exe');
    const sem = await startFixture('SemaphoreApp.exe');
    const sec = await startFixture('SectionApp.exe');
    const rows = await handlesJson([
      '--exe', 'EventApp.exe', '--exe', 'SemaphoreApp.exe', '--exe', 'SectionApp.exe',
      '--type', 'Event,Semaphore,Section', '--match', 'MultiopenTest_Singleton',
    ]);
    const seen = rows.map((r) => [r.pid, r.type, leafName(r.name)]).sort();
    expect(seen).toEqual(
      [
        [ev.pid, 'Event', 'MultiopenTest_SingletonEvent'],
        [sem.pid, 'Semaphore', 'MultiopenTest_SingletonSemaphore'],
        [sec.pid, 'Section', 'MultiopenTest_SingletonSection'],
      ].sort(),
    );
  });

  it('reads a Unicode object name', async () => {
    const app = await startFixture('UnicodeApp.exe');
    const rows = await handlesJson(['--exe', 'UnicodeApp.exe', '--type', 'Mutant']);
    expect(rows.filter((r) => leafName(r.name) === UNICODE_GUARD).map((r) => r.pid)).toEqual([app.pid]);
  });

  it('rejects a bad --pid as a usage error', async () => {
    const r = await runCli(['handles', '--pid', 'abc', '--json']);
    expectFailure(r, 2, 'USAGE');
  });

  it('rejects an unknown flag as a usage error', async () => {
    const r = await runCli(['handles', '--no-such-flag', '--json']);
    expect(r.code, describeRun(r)).toBe(2);
    expect(errorCodes(r)).toContain('USAGE');
  });
});

describe('multiopen ps', () => {
  it('lists the running fixture with its image path', async () => {
    const wechat = await startFixture('WeChat.exe');
    const rows = await psJson('WeChat');
    const row = rows.find((p) => p.pid === wechat.pid);
    expect(row, JSON.stringify(rows)).toBeDefined();
    expect(row!.name).toBe('WeChat.exe');
    expect(typeof row!.ppid).toBe('number');
    expect(row!.path?.toLowerCase()).toBe(winPath(join(fixturesBin, 'WeChat.exe')).toLowerCase());
    expect(rows.every((p) => p.name.toLowerCase().includes('wechat'))).toBe(true);
  });

  it('filters by a case-insensitive name substring', async () => {
    const plain = await startFixture('Plain.exe');
    await startFixture('WeChat.exe');
    const rows = await psJson('plain.EXE');
    expect(rows.map((p) => p.pid)).toContain(plain.pid);
    expect(rows.every((p) => p.name.toLowerCase().includes('plain.exe'))).toBe(true);
  });
});

describe('a process with a large handle table', () => {
  it('finds the named objects among 5000 unnamed handles and unlocks the guard', async () => {
    const guard = 'MultiopenTest_BenchGuard';
    const many = await startFixture('ManyHandles.exe', { args: ['5000', guard] });
    expect(many.outcome).toBe('started');
    const all = await handlesJson(['--pid', String(many.pid), '--type', 'Event']);
    expect(all.length).toBeGreaterThanOrEqual(5020);
    const named = await handlesJson(['--pid', String(many.pid), '--match', `MultiopenBench_${many.pid}_`]);
    expect(named.map((r) => leafName(r.name)).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `MultiopenBench_${many.pid}_${i}`).sort());
    expect(named.every((r) => r.type === 'Event')).toBe(true);
    const r = await runCli(['unlock', '--exe', 'ManyHandles.exe', '--guard', `Mutant:${guard}`, '--json']);
    expect(r.code, describeRun(r)).toBe(0);
    expect(await tryStart('ManyHandles.exe', { args: ['10', guard] })).toBe('started');
  });
});
