// Process identity by (PID, start time): parent links, "same process" and where a locked file may be held.
import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../native-bindings/os-api';
import { canBeParent, instancePids, listProcesses, lockHolderPids, processTree, sameStart, START_TIME_TOLERANCE_MS } from '../../core/processes';
import { fakeWorld } from './fake-world';

const proc = (pid: number, ppid: number, name: string, startTime: number): ProcessInfo => ({ pid, ppid, name, path: null, sessionId: 1, handleCount: 0, startTime });

describe('canBeParent', () => {
  it('accepts a parent started before or with the child, or when a start time is unknown', () => {
    expect(canBeParent(proc(1, 0, 'a', 100), proc(2, 1, 'b', 200))).toBe(true);
    expect(canBeParent(proc(1, 0, 'a', 200), proc(2, 1, 'b', 200))).toBe(true);
    expect(canBeParent(proc(1, 0, 'a', 0), proc(2, 1, 'b', 200))).toBe(true);
    expect(canBeParent(proc(1, 0, 'a', 300), proc(2, 1, 'b', 0))).toBe(true);
  });

  it('refuses a parent that started after the child (it took a dead parent\'s PID) and a process as its own parent', () => {
    expect(canBeParent(proc(1, 0, 'a', 300), proc(2, 1, 'b', 200))).toBe(false);
    expect(canBeParent(proc(1, 1, 'a', 100), proc(1, 1, 'a', 100))).toBe(false);
  });
});

describe('processTree', () => {
  it('ignores a process that names itself as parent, and children whose parent PID is not running', () => {
    const procs = [proc(10, 10, 'Loop.exe', 100), proc(11, 10, 'Child.exe', 200), proc(12, 99, 'Orphan.exe', 50), proc(13, 11, 'Grandchild.exe', 300)];
    expect([...processTree(procs, 10)].sort()).toEqual([10, 11, 13]);
    // A dead PID as root still yields its live children.
    expect([...processTree(procs, 99)].sort()).toEqual([12, 99]);
  });
});

describe('sameStart', () => {
  it('treats start times within the rounding tolerance, or unknown ones, as the same process', () => {
    expect(sameStart(1000, 1000 + START_TIME_TOLERANCE_MS)).toBe(true);
    expect(sameStart(1000, 1000 - START_TIME_TOLERANCE_MS)).toBe(true);
    expect(sameStart(1000, 1000 + START_TIME_TOLERANCE_MS + 1)).toBe(false);
    expect(sameStart(0, 5000)).toBe(true);
    expect(sameStart(5000, 0)).toBe(true);
  });
});

describe('instancePids', () => {
  it('holds every process of every instance, children included, and nothing else', () => {
    const procs = [proc(4, 0, 'System', 1), proc(10, 4, 'WeChat.exe', 100), proc(11, 10, 'WeChatAppEx.exe', 110), proc(20, 4, 'wechat.exe', 200), proc(30, 4, 'Other.exe', 50)];
    expect([...instancePids(procs, 'WeChat.exe')].sort()).toEqual([10, 11, 20]);
  });
});

describe('lockHolderPids', () => {
  const procs = [
    proc(4, 0, 'System', 0),
    proc(30, 4, 'Older.exe', 8_999),
    proc(31, 4, 'JustBefore.exe', 9_000),
    proc(10, 4, 'Weixin.exe', 10_000),
    proc(11, 10, 'WeixinHelper.exe', 10_050),
    proc(20, 4, 'rundll32.exe', 11_000),
    proc(21, 4, 'Later.exe', 12_000),
  ];

  it('keeps the app and processes started since its first instance (with a second of slack), never older ones', () => {
    expect(lockHolderPids(procs, 'Weixin.exe')).toEqual([31, 10, 11, 20, 21]);
  });

  it('counts from the earliest of several instances, or from the given time', () => {
    const two = [...procs, proc(40, 4, 'Weixin.exe', 11_500)];
    expect(lockHolderPids(two, 'Weixin.exe')).toEqual([31, 10, 11, 20, 21, 40]);
    expect(lockHolderPids(two, 'Weixin.exe', 11_500)).toEqual([10, 11, 20, 21, 40]);
  });

  it('keeps the app\'s own processes even when their start time is unknown, and never one of unknown age that is not the app\'s', () => {
    const unknown = [...procs, proc(12, 10, 'NoTime.exe', 0), proc(50, 4, 'Stranger.exe', 0)];
    expect(lockHolderPids(unknown, 'Weixin.exe')).toEqual([31, 10, 11, 20, 21, 12]);
    // However early the app started: unknown is not "since".
    expect(lockHolderPids([proc(10, 4, 'Weixin.exe', 500), proc(50, 4, 'Stranger.exe', 0)], 'Weixin.exe')).toEqual([10]);
  });

  it('searches everywhere when no start time is known, and when the app is not running', () => {
    expect(lockHolderPids([proc(10, 4, 'Weixin.exe', 0), proc(20, 4, 'rundll32.exe', 0)], 'Weixin.exe')).toBeUndefined();
    expect(lockHolderPids(procs, 'NotRunning.exe')).toBeUndefined();
  });
});

describe('listProcesses', () => {
  it('words a failure of the process list', async () => {
    const { os } = fakeWorld();
    os.listProcesses = async () => ({ ok: false, failure: { kind: 'ntstatus', code: 0xc0000022, call: 'NtQuerySystemInformation' } });
    expect(await listProcesses(os)).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED', message: expect.stringContaining('listing processes') } });
  });
});
