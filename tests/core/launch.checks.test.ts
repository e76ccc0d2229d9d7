// launchInstances' safety checks while it waits for a new copy: whose process it is, whose handles it may
// close, and when to give up early.
import { describe, expect, it } from 'vitest';
import { launchInstances, type LaunchPlan } from '../../core/launch';
import type { GuardSpec } from '../../core/model';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { pollMs: 5, guardTimeoutMs: 2_000, settleMs: 20 };
const mutex: GuardSpec = { type: 'Mutant', name: WECHAT_MUTEX };
const plan = (exePath: string, count: number, guards: GuardSpec[] = [mutex]): LaunchPlan => ({ exePath, exe: 'WeChat.exe', guards, args: [], count });

describe('a copy whose PID was reused', () => {
  it('is reported INSTANCE_EXITED at once, and the process that took its PID is left alone', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { exitsAtOnce: true });
    const original = os.spawnDetached.bind(os);
    let victim = -1;
    os.spawnDetached = async (file, options) => {
      const r = await original(file, options);
      // The copy quit at once and Windows gave its PID to another WeChat.exe, started later, holding the guard.
      if (r.ok) victim = os.addProcess({ pid: r.value.pid, ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] }).pid;
      return r;
    };
    const started = Date.now();
    const result = await launchInstances(os, plan(wechatPath, 1), undefined, timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['INSTANCE_EXITED']);
    expect(result.ok && result.value.launched).toEqual([]);
    expect(Date.now() - started).toBeLessThan(timing.guardTimeoutMs);
    expect(os.processes.get(victim)?.handles).toHaveLength(1);
    expect(os.calls.some((c) => c.startsWith(`closeRemoteHandle ${victim} `))).toBe(false);
  });

  it('still counts as its own copy when the start times differ only by rounding', async () => {
    const { os, wechatPath } = fakeWorld();
    const original = os.spawnDetached.bind(os);
    os.spawnDetached = async (file, options) => {
      const r = await original(file, options);
      // The process list reports the start time a few ms off the one CreateProcess gave.
      if (r.ok) os.processes.get(r.value.pid)!.startTime = r.value.startTime + 15;
      return r;
    };
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(result.ok && result.value).toMatchObject({ failed: [], running: 2 });
    expect(result.ok && result.value.launched).toHaveLength(2);
  });
});

describe('a copy that runs with higher rights', () => {
  it('is reported ACCESS_DENIED with the next step as soon as its handles cannot be read, not after the guard timeout', async () => {
    const { os, wechatPath } = fakeWorld();
    const original = os.spawnDetached.bind(os);
    os.spawnDetached = async (file, options) => {
      const r = await original(file, options);
      // Its manifest asks for administrator rights: its handle table refuses us.
      if (r.ok) os.deniedPids.add(r.value.pid);
      return r;
    };
    const started = Date.now();
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(Date.now() - started).toBeLessThan(timing.guardTimeoutMs / 2);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['ACCESS_DENIED']);
    expect(result.ok && result.value.failed[0]?.message).toContain('restart Multiopen as administrator');
    expect(result.ok && result.value.launched).toEqual([]);
  });

  it('is not ACCESS_DENIED when only an unrelated program refuses to be read', async () => {
    const { os, wechatPath } = fakeWorld();
    os.deniedPids.add(500);
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(result.ok && result.value).toMatchObject({ failed: [], running: 2 });
  });
});

describe('File guards of a new copy', () => {
  const lock = (root: string) => `\\Device\\HarddiskVolume3\\${root}\\Tencent\\xwechat\\lock\\lock.ini`;
  const fileGuard: GuardSpec = { type: 'File', name: 'xwechat\\lock\\lock.ini' };

  it('are looked for only in processes started since the copy, never in an older program with a file of that name', async () => {
    const { os } = fakeWorld();
    const weixin = 'C:\\Weixin\\Weixin.exe';
    os.installProgram(weixin, { guards: [['File', lock('Users\\a\\AppData\\Roaming')]], guardsInChild: 'rundll32.exe' });
    // A backup tool, started before, has the same-named file of another folder open.
    const older = os.addProcess({ ppid: 500, name: 'Backup.exe', path: null, handles: [{ typeName: 'File', name: lock('Backup') }] });
    const result = await launchInstances(os, { ...plan(weixin, 2, [fileGuard]), exe: 'Weixin.exe' }, undefined, timing);
    expect(result.ok && result.value).toMatchObject({ failed: [], running: 2 });
    expect(result.ok && result.value.closed.map((c) => c.name)).toEqual([lock('Users\\a\\AppData\\Roaming'), lock('Users\\a\\AppData\\Roaming')]);
    expect(os.processes.get(older.pid)?.handles).toHaveLength(1);
    expect(os.calls.some((c) => c.startsWith(`closeRemoteHandle ${older.pid} `))).toBe(false);
    expect(os.calls.filter((c) => c.startsWith('snapshotHandles') && c.endsWith(' File')).every((c) => !c.split(' ')[1]!.split(',').includes(String(older.pid)))).toBe(true);
  });

  it('skip a program that started after the first running copy but before the new one', async () => {
    const { os } = fakeWorld();
    const weixin = 'C:\\Weixin\\Weixin.exe';
    const own = lock('Users\\a\\AppData\\Roaming');
    os.installProgram(weixin, { guards: [['File', own]] });
    os.addProcess({ ppid: 500, name: 'Weixin.exe', path: weixin, handles: [{ typeName: 'File', name: own }] });
    const original = os.spawnDetached.bind(os);
    let backup = -1;
    os.spawnDetached = async (file, options) => {
      // Opened after the running copy was unlocked, a moment before the new copy starts.
      if (backup < 0) backup = os.addProcess({ ppid: 500, name: 'Backup.exe', path: null, handles: [{ typeName: 'File', name: lock('Backup') }] }).pid;
      return original(file, options);
    };
    const result = await launchInstances(os, { ...plan(weixin, 2, [fileGuard]), exe: 'Weixin.exe' }, undefined, timing);
    expect(result.ok && result.value).toMatchObject({ failed: [], running: 2 });
    expect(os.processes.get(backup)?.handles).toHaveLength(1);
  });
});

describe('cancellation', () => {
  it('stops waiting for a copy that is slow to create its guard and starts no further copy', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], startDelayMs: 10_000 });
    let stop = false;
    setTimeout(() => (stop = true), 30);
    const started = Date.now();
    const result = await launchInstances(os, plan(wechatPath, 3), undefined, { ...timing, guardTimeoutMs: 10_000 }, undefined, () => stop);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['TIMEOUT']);
    expect(result.ok && result.value.failed[0]?.message).toContain('stopped while waiting');
    expect(os.spawns).toHaveLength(1);
  });

  it('starts nothing once cancelled, even between copies', async () => {
    const { os, wechatPath } = fakeWorld();
    let spawned = 0;
    const original = os.spawnDetached.bind(os);
    os.spawnDetached = async (file, options) => {
      spawned++;
      return original(file, options);
    };
    const result = await launchInstances(os, plan(wechatPath, 3), undefined, timing, undefined, () => spawned >= 1 && os.calls.filter((c) => c.startsWith('closeRemoteHandle')).length >= 1);
    expect(spawned).toBe(1);
    expect(result.ok && result.value.launched).toHaveLength(1);
  });
});
