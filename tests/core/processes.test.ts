import { describe, expect, it } from 'vitest';
import { instanceRoots, processTree } from '../../core/processes';

const proc = (pid: number, ppid: number, name: string, startTime: number) => ({ pid, ppid, name, path: null, sessionId: 1, handleCount: 0, startTime });

describe('processTree', () => {
  it('follows parent links, but not to a process that is older than the PID it names as parent', () => {
    const procs = [
      proc(100, 4, 'App.exe', 1000),
      proc(101, 100, 'Helper.exe', 1001),
      // explorer's real parent (PID 100 long ago) exited; PID 100 now belongs to App.exe, started later.
      proc(50, 100, 'explorer.exe', 10),
      proc(51, 50, 'chrome.exe', 20),
    ];
    expect([...processTree(procs, 100)].sort()).toEqual([100, 101]);
  });

  it('counts instances by tree: a child of the same exe is part of its parent instance, a stale link is not', () => {
    const procs = [proc(10, 4, 'Weixin.exe', 1000), proc(11, 10, 'Weixin.exe', 1001), proc(12, 99, 'Weixin.exe', 900), proc(99, 4, 'Weixin.exe', 1500)];
    expect(instanceRoots(procs, 'weixin.exe').map((p) => p.pid).sort()).toEqual([10, 12, 99]);
  });
});
