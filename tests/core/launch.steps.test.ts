// The steps of launch N as its progress and report show them, including the ones it must skip.
import { describe, expect, it } from 'vitest';
import { launchInstances, type LaunchPlan } from '../../core/launch';
import type { LaunchProgress } from '../../core/model';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { pollMs: 2, guardTimeoutMs: 60, settleMs: 10 };
const guard = { type: 'Mutant' as const, name: WECHAT_MUTEX };
const plan = (exePath: string, count: number, extra: Partial<LaunchPlan> = {}): LaunchPlan => ({ exePath, exe: 'WeChat.exe', guards: [guard], args: [], count, ...extra });

describe('launch progress', () => {
  it('reports launching, waiting and launched per copy, with the PID it started and the rights it runs at', async () => {
    const { os, wechatPath } = fakeWorld();
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 2), (p) => steps.push(p), timing);
    const pids = result.ok ? result.value.launched.map((l) => l.pid) : [];
    expect(steps).toEqual([
      { step: 'launching', index: 1, target: 2 },
      { step: 'waiting-guard', index: 1, pid: pids[0] },
      { step: 'launched', index: 1, pid: pids[0], level: 'normal' },
      { step: 'launching', index: 2, target: 2 },
      { step: 'waiting-guard', index: 2, pid: pids[1] },
      { step: 'launched', index: 2, pid: pids[1], level: 'normal' },
    ]);
  });

  it('reports the failure of a copy as its last step, with the code and message of the report', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { noGuard: true });
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 2), (p) => steps.push(p), timing);
    const failed = result.ok ? result.value.failed : [];
    expect(failed).toHaveLength(1);
    expect(steps.at(-1)).toEqual({ step: 'failed', index: 1, code: 'GUARD_TIMEOUT', message: failed[0]?.message });
    expect(failed[0]?.message).toContain('within 0 s');
    const waiting = steps.find((s) => s.step === 'waiting-guard');
    expect(failed[0]?.pid).toBe(waiting?.step === 'waiting-guard' ? waiting.pid : -1);
  });

  it('says how long it waited, in seconds', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { noGuard: true });
    const result = await launchInstances(os, plan(wechatPath, 1), undefined, { ...timing, guardTimeoutMs: 1_000 });
    expect(result.ok && result.value.failed[0]?.message).toContain('within 1 s');
  });

  it('reports a data folder that cannot be made as FILE_ERROR and starts nothing', async () => {
    const { os, wechatPath } = fakeWorld();
    os.ensureDirectory = async () => ({ ok: false, failure: { kind: 'win32', code: 5, call: 'CreateDirectoryW' } });
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 1, { instanceDir: 'C:\\Data\\{index}' }), (p) => steps.push(p), timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['FILE_ERROR']);
    expect(result.ok && result.value.failed[0]?.message).toContain('C:\\Data\\1');
    expect(steps.at(-1)).toMatchObject({ step: 'failed', index: 1, code: 'FILE_ERROR' });
    expect(os.spawns).toEqual([]);
  });

  it('reports a program that cannot start as LAUNCH_FAILED when the file exists', async () => {
    const { os, wechatPath } = fakeWorld();
    os.spawnDetached = async () => ({ ok: false, failure: { kind: 'win32', code: 193, call: 'CreateProcessW' } });
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 1), (p) => steps.push(p), timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['LAUNCH_FAILED']);
    expect(steps.at(-1)).toMatchObject({ step: 'failed', code: 'LAUNCH_FAILED' });
  });
});

describe('steps launch skips', () => {
  it('does not unlock, pre-claim or start anything when enough copies run', async () => {
    const { os, wechatPath } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const steps: LaunchProgress[] = [];
    const claims = { held: [] as import('../../native-bindings/os-api').HeldObject[] };
    const result = await launchInstances(os, plan(wechatPath, 1, { preclaim: [{ type: 'Mutant', name: 'Claim' }] }), (p) => steps.push(p), timing, claims);
    expect(result.ok && result.value).toMatchObject({ launched: [], running: 1, closed: [], failed: [] });
    expect(steps).toEqual([]);
    expect(claims.held).toEqual([]);
    expect(os.objectExists('Mutant', bno(WECHAT_MUTEX))).toBe(true);
  });

  it('does not look for guards of running copies when the app has none, and counts them', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, {});
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath });
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 2, { guards: [] }), (p) => steps.push(p), timing);
    expect(steps[0]).toEqual({ step: 'launching', index: 2, target: 2 });
    expect(os.calls.some((c) => c.startsWith('snapshotHandles'))).toBe(false);
    expect(result.ok && result.value).toMatchObject({ running: 2, failed: [] });
  });

  it('starts nothing when unlocking a running copy failed', async () => {
    const { os, wechatPath } = fakeWorld();
    const running = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX), attributes: 1 }] });
    const result = await launchInstances(os, plan(wechatPath, 2, { preclaim: [{ type: 'Mutant', name: 'Claim' }] }), undefined, timing);
    expect(result.ok && result.value.failed.map((f) => [f.pid, f.code])).toEqual([[running.pid, 'PROTECTED_HANDLE']]);
    expect(os.spawns).toEqual([]);
    expect(os.objectExists('Mutant', bno('Claim'))).toBe(false);
  });

  it('counts the copies it started when the last process list fails', async () => {
    const { os, wechatPath } = fakeWorld();
    const list = os.listProcesses.bind(os);
    // Once the copy's guard is closed, the next list (the one the report counts from) fails.
    os.listProcesses = async () =>
      os.calls.some((c) => c.startsWith('closeRemoteHandle')) ? { ok: false, failure: { kind: 'ntstatus', code: 0xc0000001, call: 'NtQuerySystemInformation' } } : list();
    const result = await launchInstances(os, plan(wechatPath, 1), undefined, timing);
    expect(result.ok && result.value).toMatchObject({ running: 1, failed: [] });
    expect(result.ok && result.value.launched).toHaveLength(1);
  });
});
