import { describe, expect, it } from 'vitest';
import { launchInstances, type LaunchPlan } from '../../core/launch';
import type { LaunchProgress } from '../../core/model';
import { instanceRoots } from '../../core/processes';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { pollMs: 5, guardTimeoutMs: 200, settleMs: 20 };
const plan = (exePath: string, count: number): LaunchPlan => ({ exePath, exe: 'WeChat.exe', guards: [{ type: 'Mutant', name: WECHAT_MUTEX }], args: [], count });

describe('launchInstances', () => {
  it('leaves exactly N instances running, closing each new guard before the next launch', async () => {
    const { os, wechatPath } = fakeWorld();
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 3), (p) => steps.push(p), timing);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.failed).toEqual([]);
    expect(result.value.launched).toHaveLength(3);
    expect(result.value.running).toBe(3);
    expect(result.value.closed).toHaveLength(3);
    const listed = await os.listProcesses();
    expect(listed.ok && instanceRoots(listed.value, 'WeChat.exe')).toHaveLength(3);
    expect(steps.filter((s) => s.step === 'launched').map((s) => (s.step === 'launched' ? s.index : 0))).toEqual([1, 2, 3]);
  });

  it('counts running instances towards N and unlocks them first', async () => {
    const { os, wechatPath } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const steps: LaunchProgress[] = [];
    const result = await launchInstances(os, plan(wechatPath, 2), (p) => steps.push(p), timing);
    expect(result.ok && result.value.launched).toHaveLength(1);
    expect(result.ok && result.value.running).toBe(2);
    expect(steps[0]).toEqual({ step: 'unlocking', running: 1, target: 2 });
  });

  it('does nothing when N already run', async () => {
    const { os, wechatPath } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath });
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath });
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(result.ok && result.value).toMatchObject({ launched: [], running: 2, failed: [] });
    expect(os.calls.some((c) => c.startsWith('spawn'))).toBe(false);
  });

  it('waits for a slow instance to create its guard', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], startDelayMs: 40 });
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(result.ok && result.value.running).toBe(2);
    expect(result.ok && result.value.failed).toEqual([]);
  });

  it('fails clearly when the new instance exits (refused because the guard could not be closed)', async () => {
    const { os, wechatPath } = fakeWorld();
    const holder = os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath, handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    os.closeFailures.set(`${holder.pid}:${holder.handles[0]?.handle}`, { kind: 'ntstatus', code: 0xc0000022, call: 'NtDuplicateObject' });
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(result.ok && result.value.failed.map((f) => f.code)).toEqual(['ACCESS_DENIED']);
    expect(result.ok && result.value.launched).toEqual([]);
  });

  it('reports INSTANCE_EXITED for an app that quits at once, and GUARD_TIMEOUT for one without the guard', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { exitsAtOnce: true });
    const exited = await launchInstances(os, plan(wechatPath, 1), undefined, timing);
    expect(exited.ok && exited.value.failed[0]?.code).toBe('INSTANCE_EXITED');
    os.installProgram(wechatPath, { noGuard: true });
    const timedOut = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(timedOut.ok && timedOut.value.failed[0]?.code).toBe('GUARD_TIMEOUT');
    expect(timedOut.ok && timedOut.value.failed[0]?.message).toContain(`Mutant:${WECHAT_MUTEX}`);
    expect(timedOut.ok && timedOut.value.launched).toHaveLength(0);
  });

  it('finds a guard created by a child process of the new instance', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], guardsInChild: 'Helper.exe' });
    const result = await launchInstances(os, plan(wechatPath, 2), undefined, timing);
    expect(result.ok && result.value.running).toBe(2);
    expect(result.ok && result.value.closed).toHaveLength(2);
  });

  it('reports LAUNCH_FAILED / EXE_NOT_FOUND when the program cannot start', async () => {
    const { os } = fakeWorld();
    const result = await launchInstances(os, plan('C:\\nope\\WeChat.exe', 1), undefined, timing);
    expect(result.ok && result.value.failed[0]?.code).toBe('EXE_NOT_FOUND');
  });

  it('fills {index} and {dir} per instance, creates the data folder and sets the environment', async () => {
    const { os } = fakeWorld();
    const tg = 'C:\\Telegram\\Telegram.exe';
    os.installProgram(tg, {});
    const result = await launchInstances(
      os,
      { exePath: tg, exe: 'Telegram.exe', guards: [], args: ['-many', '-workdir', '{dir}'], count: 2, instanceDir: '%LOCALAPPDATA%\\Multiopen\\telegram\\{index}', env: { TEMP: '{dir}\\tmp' }, processEnv: { LOCALAPPDATA: 'C:\\L' } },
      undefined,
      timing,
    );
    expect(result.ok && result.value.running).toBe(2);
    expect(os.spawns.map((s) => s.options.args)).toEqual([
      ['-many', '-workdir', 'C:\\L\\Multiopen\\telegram\\1'],
      ['-many', '-workdir', 'C:\\L\\Multiopen\\telegram\\2'],
    ]);
    expect(os.spawns.map((s) => s.options.env)).toEqual([{ TEMP: 'C:\\L\\Multiopen\\telegram\\1\\tmp' }, { TEMP: 'C:\\L\\Multiopen\\telegram\\2\\tmp' }]);
    expect([...os.directories]).toEqual(['c:\\l\\multiopen\\telegram\\1', 'c:\\l\\multiopen\\telegram\\2']);
  });

  it('pre-claims an object so that an app whose guard clashes with it starts again and again', async () => {
    const { os } = fakeWorld();
    const roblox = 'C:\\Roblox\\RobloxPlayerBeta.exe';
    os.installProgram(roblox, { guards: [['Event', bno('ROBLOX_singletonEvent')]] });
    const claims = { held: [] as import('../../native-bindings/os-api').HeldObject[] };
    const base = { exePath: roblox, exe: 'RobloxPlayerBeta.exe', guards: [{ type: 'Event' as const, name: 'ROBLOX_singletonEvent' }], args: [] };
    const without = await launchInstances(os, { ...base, count: 2 }, undefined, timing);
    expect(without.ok && without.value.running).toBe(2);
    const first = os.processes.size;
    const result = await launchInstances(os, { ...base, count: 4, preclaim: [{ type: 'Mutant', name: 'ROBLOX_singletonEvent' }] }, undefined, timing, claims);
    expect(result.ok && result.value.failed).toEqual([]);
    expect(result.ok && result.value.running).toBe(4);
    expect(os.processes.size).toBe(first + 3);
    expect(claims.held.map((h) => [h.typeName, h.name])).toEqual([['Mutant', 'ROBLOX_singletonEvent']]);
    claims.held.forEach((h) => h.release());
    expect(os.objectExists('Mutant', bno('ROBLOX_singletonEvent'))).toBe(false);
  });
});
