import { describe, expect, it } from 'vitest';
import { learnGuards, learnedName, rankCandidates } from '../../core/learn';
import type { LearnProgress } from '../../core/model';
import { instanceRoots } from '../../core/processes';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { settleMs: 30, pollMs: 5, totalMs: 5_000 };
const noise: [string, string][] = [
  ['Event', bno('SomeUiEvent')],
  ['Section', bno('SharedCache')],
  ['Mutant', bno('ShellReady')],
];

async function running(os: ReturnType<typeof fakeWorld>['os'], exe: string) {
  const listed = await os.listProcesses();
  return listed.ok ? instanceRoots(listed.value, exe).length : -1;
}

describe('learnGuards', () => {
  it('finds a single guard among noise and leaves nothing running', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], objects: noise });
    const steps: LearnProgress['step'][] = [];
    const result = await learnGuards(os, wechatPath, (p) => steps.push(p.step), timing);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.guards).toEqual([{ type: 'Mutant', name: WECHAT_MUTEX }]);
    expect(result.value.multiInstanceByItself).toBe(false);
    expect(result.value.candidates[0]?.name).toBe(WECHAT_MUTEX);
    expect(steps).toContain('refused');
    expect(steps.at(-1)).toBe('cleaning-up');
    expect(await running(os, 'WeChat.exe')).toBe(0);
  });

  it('does not mistake a copy that is slow to start (a busy machine) for one that survived', async () => {
    const { os, wechatPath } = fakeWorld();
    // Each copy takes twice the settle time before it checks its guard.
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], objects: noise, startDelayMs: 60 });
    const result = await learnGuards(os, wechatPath, undefined, timing);
    expect(result.ok && result.value).toMatchObject({ guards: [{ type: 'Mutant', name: WECHAT_MUTEX }], multiInstanceByItself: false });
  });

  it('keeps both guards of an app that checks two, and drops closed objects that did not matter', async () => {
    const { os } = fakeWorld();
    const wx = 'C:\\WXWork\\WXWork.exe';
    // The noise mutex ranks above the real guards ("Instance" hint), so it is closed first and must be dropped later.
    os.installProgram(wx, {
      guards: [
        ['Mutant', bno('Tencent.WeWork.ExclusiveObject')],
        ['Mutant', bno('Tencent.WeWork.ExclusiveObjectInstance1')],
      ],
      objects: [['Mutant', bno('WXWork_Instance_Noise_Lock')]],
    });
    const result = await learnGuards(os, wx, undefined, timing);
    expect(result.ok && result.value.guards.map((g) => g.name).sort()).toEqual(['Tencent.WeWork.ExclusiveObject', 'Tencent.WeWork.ExclusiveObjectInstance1']);
    expect(await running(os, 'WXWork.exe')).toBe(0);
  });

  it('finds a guard held by a child process', async () => {
    const { os } = fakeWorld();
    const app = 'C:\\A\\ChildGuard.exe';
    os.installProgram(app, { guards: [['Mutant', bno('Child_Held')]], guardsInChild: 'Helper.exe' });
    const result = await learnGuards(os, app, undefined, timing);
    expect(result.ok && result.value.guards).toEqual([{ type: 'Mutant', name: 'Child_Held' }]);
    const listed = await os.listProcesses();
    expect(listed.ok && listed.value.some((p) => p.name === 'Helper.exe')).toBe(false);
  });

  it('finds a lock held by a helper the app detached from its process tree', async () => {
    const { os } = fakeWorld();
    const app = 'C:\\W\\Weixin.exe';
    const lock = '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\Roaming\\Tencent\\xwechat\\lock\\lock.ini';
    // The helper's parent (a relay) is gone: only its start time ties it to the app.
    os.installProgram(app, { guards: [['File', lock]], guardsInChild: 'rundll32.exe' });
    const original = os.spawnDetached.bind(os);
    os.spawnDetached = async (file, options) => {
      const r = await original(file, options);
      for (const p of os.processes.values()) if (p.name === 'rundll32.exe') p.ppid = 4242;
      return r;
    };
    const result = await learnGuards(os, app, undefined, timing);
    expect(result.ok && result.value.guards).toEqual([{ type: 'File', name: 'xwechat\\lock\\lock.ini' }]);
  });

  it('leaves alone a program the user starts while learning runs', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]] });
    const original = os.spawnDetached.bind(os);
    let other = -1;
    os.spawnDetached = async (file, options) => {
      const r = await original(file, options);
      // Started by the user from the shell (explorer, alive), with a name that would rank first.
      if (other < 0) other = os.addProcess({ ppid: 500, name: 'Other.exe', path: null, handles: [{ typeName: 'Mutant', name: bno('WeChat_Single_Instance_Lock') }] }).pid;
      return r;
    };
    const result = await learnGuards(os, wechatPath, undefined, timing);
    expect(result.ok && result.value.guards).toEqual([{ type: 'Mutant', name: WECHAT_MUTEX }]);
    expect(os.processes.get(other)?.handles).toHaveLength(1);
    expect(os.calls.some((c) => c.startsWith(`closeRemoteHandle ${other} `))).toBe(false);
  });

  it('says so when the app needs no unlocking', async () => {
    const { os } = fakeWorld();
    const app = 'C:\\QQ\\QQ.exe';
    os.installProgram(app, { objects: noise });
    const result = await learnGuards(os, app, undefined, timing);
    expect(result.ok && result.value).toMatchObject({ guards: [], multiInstanceByItself: true });
  });

  it('refuses to start while the app runs, and reports an app that exits by itself', async () => {
    const { os, wechatPath } = fakeWorld();
    os.addProcess({ ppid: 500, name: 'WeChat.exe', path: wechatPath });
    expect(await learnGuards(os, wechatPath, undefined, timing)).toMatchObject({ ok: false, error: { code: 'APP_RUNNING' } });
    const quits = 'C:\\Q\\Quits.exe';
    os.installProgram(quits, { exitsAtOnce: true });
    expect(await learnGuards(os, quits, undefined, timing)).toMatchObject({ ok: false, error: { code: 'LEARN_FAILED' } });
  });
});

describe('ranking', () => {
  it('puts likely guards first and objects other processes hold last', () => {
    const ranked = rankCandidates(
      [
        { typeName: 'Section', name: bno('Cache') },
        { typeName: 'Mutant', name: bno('MyApp_Single_Instance') },
        { typeName: 'Mutant', name: bno('DBWinMutex') },
        { typeName: 'File', name: '\\Device\\HarddiskVolume3\\Users\\a\\AppData\\MyApp\\lock\\lock.ini' },
        { typeName: 'File', name: '\\Device\\HarddiskVolume3\\Users' },
        { typeName: 'Event', name: '' },
      ],
      'MyApp.exe',
      new Set(['Mutant:DBWinMutex']),
    );
    expect(ranked.map((c) => c.name)).toEqual(['MyApp_Single_Instance', 'MyApp\\lock\\lock.ini', 'Cache', 'DBWinMutex']);
  });
  it('names files by their last three path parts', () => {
    expect(learnedName('File', '\\??\\C:\\users\\a\\Tencent\\xwechat\\lock\\lock.ini')).toBe('xwechat\\lock\\lock.ini');
    expect(learnedName('Mutant', bno('X'))).toBe('X');
  });
});

describe('process identity', () => {
  it('never ends a process that took the PID of a copy that exited', async () => {
    const { os, wechatPath } = fakeWorld();
    os.installProgram(wechatPath, { guards: [['Mutant', bno(WECHAT_MUTEX)]], objects: noise });
    const original = os.spawnDetached.bind(os);
    const victims: number[] = [];
    os.spawnDetached = async (file, options) => {
      const r = await original(file, options);
      // A refused copy is gone at once; Windows hands its PID to an unrelated program.
      if (r.ok && !os.processes.has(r.value.pid)) victims.push(os.addProcess({ pid: r.value.pid, ppid: 500, name: 'Victim.exe', path: null }).pid);
      return r;
    };
    const result = await learnGuards(os, wechatPath, undefined, timing);
    expect(result.ok && result.value.guards).toEqual([{ type: 'Mutant', name: WECHAT_MUTEX }]);
    expect(victims.length).toBeGreaterThan(0);
    for (const pid of victims) expect(os.processes.get(pid)?.name).toBe('Victim.exe');
    expect(os.calls.filter((c) => c.startsWith('terminate ')).map((c) => Number(c.split(' ')[1])).filter((pid) => victims.includes(pid))).toEqual([]);
  });
});
