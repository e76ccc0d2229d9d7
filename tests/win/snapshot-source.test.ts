/**
 * Which handle snapshot the engine reads. Windows 8 and later answer the per-process query
 * (NtQueryInformationProcess(ProcessHandleInformation), class 51), which the engine must use when it
 * knows the processes; Wine 8 does not implement it, so there the system-wide table (class 64) is the
 * fallback under test. On Windows CI this is the check that class 51 really ran.
 */
import { describe, expect, it } from 'vitest';
import { isWindows, startFixture, useWinTestLifecycle } from './harness';
import { probe } from './native-probe';

useWinTestLifecycle();

describe('handle snapshot source', () => {
  it(isWindows ? 'is the per-process query (class 51) on Windows' : 'is the system table (class 64) under Wine, which lacks class 51', async () => {
    const app = await startFixture('WeChat.exe');
    const r = probe<{ source: string; handles: number; unreadable: unknown[] }>('snapshot-source', [String(app.pid)]);
    expect(r.source).toBe(isWindows ? 'process-handle-information' : 'system-extended-handle-information');
    expect(r.unreadable).toEqual([]);
    // The fixture's guard mutex is among the Mutant handles read either way.
    expect(r.handles).toBeGreaterThanOrEqual(1);
  });
});
