/**
 * The process list is polled several times a second (watchers, launch waits): a process's image path is
 * read once, when the process is new, never again on later polls. The calls are faked and counted.
 */
import { describe, expect, it } from 'vitest';
import type { OsResult } from '../../../native-bindings/os-api';
import type { RawProcessEntry } from '../../../native-bindings/win32/parse';
import { imagePathWith, ProcessLister, type ProcessListCalls } from '../../../native-bindings/win32/processes';

const entry = (pid: number, name: string, startTime: number): RawProcessEntry => ({ pid, ppid: 4, name, handleCount: 10, sessionId: 1, startTime });

/** A process list that can change between polls; counts every process open. */
class CountingCalls implements ProcessListCalls {
  entries: RawProcessEntry[] = [];
  opened: number[] = [];
  systemProcesses(): OsResult<RawProcessEntry[]> {
    return { ok: true, value: this.entries };
  }
  imagePath(pid: number): string | null {
    this.opened.push(pid);
    return pid === 4 ? null : `C:\\Apps\\${this.entries.find((e) => e.pid === pid)?.name ?? '?'}`;
  }
}

describe('ProcessLister', () => {
  it('opens a process once: a second poll opens only the processes that are new', () => {
    const calls = new CountingCalls();
    calls.entries = [entry(0, 'System Idle Process', 0), entry(4, 'System', 0), entry(100, 'WeChat.exe', 1000), entry(200, 'explorer.exe', 900)];
    const lister = new ProcessLister(calls);
    const first = lister.list();
    expect(first.ok && first.value.map((p) => p.path)).toEqual([null, null, 'C:\\Apps\\WeChat.exe', 'C:\\Apps\\explorer.exe']);
    expect(calls.opened.sort()).toEqual([100, 200, 4]);

    calls.opened = [];
    calls.entries = [...calls.entries, entry(300, 'WeChat.exe', 2000)];
    const second = lister.list();
    expect(calls.opened).toEqual([300]);
    expect(second.ok && second.value.find((p) => p.pid === 100)?.path).toBe('C:\\Apps\\WeChat.exe');
  });

  it('opens a reused PID again: (PID, start time) is the identity, not the PID', () => {
    const calls = new CountingCalls();
    calls.entries = [entry(100, 'WeChat.exe', 1000)];
    const lister = new ProcessLister(calls);
    lister.list();
    calls.opened = [];
    calls.entries = [entry(100, 'Other.exe', 5000)];
    const r = lister.list();
    expect(calls.opened).toEqual([100]);
    expect(r.ok && r.value[0]?.path).toBe('C:\\Apps\\Other.exe');
  });

  it('opens a PID again when the start time is unknown and the name changed', () => {
    const calls = new CountingCalls();
    calls.entries = [entry(100, 'A.exe', 0)];
    const lister = new ProcessLister(calls);
    lister.list();
    lister.list();
    expect(calls.opened).toEqual([100]);
    calls.entries = [entry(100, 'B.exe', 0)];
    lister.list();
    expect(calls.opened).toEqual([100, 100]);
  });

  it('forgets processes that have exited (the cache stays as large as the process list)', () => {
    const calls = new CountingCalls();
    calls.entries = [entry(100, 'A.exe', 1000)];
    const lister = new ProcessLister(calls);
    lister.list();
    calls.entries = [];
    lister.list();
    calls.entries = [entry(100, 'A.exe', 1000)];
    lister.list();
    expect(calls.opened).toEqual([100, 100]);
  });
});

describe('imagePathWith', () => {
  /** A kernel32 whose QueryFullProcessImageNameW answers like Windows: ERROR_INSUFFICIENT_BUFFER when the path does not fit. */
  const fakeKernel32 = (path: string) => {
    const sizes: number[] = [];
    let lastError = 0;
    return {
      sizes,
      k: {
        OpenProcess: () => 0x44,
        CloseHandle: () => 1,
        GetLastError: () => lastError,
        QueryFullProcessImageNameW: (_h: number, _flags: number, buf: Buffer, size: [number]) => {
          sizes.push(buf.length);
          if (path.length + 1 > size[0]) {
            lastError = 122;
            return 0;
          }
          buf.write(path, 'utf16le');
          size[0] = path.length;
          return 1;
        },
      },
    };
  };

  it('reads a usual path into a MAX_PATH buffer, not 64 KB', () => {
    const { k, sizes } = fakeKernel32('C:\\Program Files\\Tencent\\WeChat\\WeChat.exe');
    expect(imagePathWith(k, 100)).toBe('C:\\Program Files\\Tencent\\WeChat\\WeChat.exe');
    expect(sizes).toEqual([520]);
  });

  it('retries a long path once with the largest size', () => {
    const long = `C:\\${'d\\'.repeat(300)}App.exe`;
    const { k, sizes } = fakeKernel32(long);
    expect(imagePathWith(k, 100)).toBe(long);
    expect(sizes).toEqual([520, 65536]);
  });
});
