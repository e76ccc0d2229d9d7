/**
 * "Restart as administrator" with the stub and Electron faked: Multiopen quits only when an elevated copy
 * of itself really started as the same account; when the stub fails (2, 3), the prompt is declined (4) or
 * the elevated copy runs as another account (6), this copy keeps running and holds its lock again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronRestartDeps, restartElevated, STUB_EXIT, type RestartDeps } from '../../../electron/main/elevated-restart';

afterEach(() => vi.useRealTimers());

function fakeDeps(exitCode: number | null, overrides: Partial<RestartDeps> = {}) {
  const events: string[] = [];
  const deps: RestartDeps = {
    platform: 'win32',
    stub: 'C:\\App\\resources\\elevate\\multiopen-elevate.exe',
    target: 'D:\\Tools\\Multiopen-portable.exe',
    exists: () => true,
    run: async (file, args) => (events.push(`run ${file} ${args.join(' ')}`), exitCode),
    releaseLock: () => void events.push('release'),
    reacquireLock: () => void events.push('reacquire'),
    quit: () => void events.push('quit'),
    ...overrides,
  };
  return { deps, events };
}

describe('restartElevated', () => {
  it('quits once the elevated copy started as this account, passing the exe to start', async () => {
    vi.useFakeTimers();
    const { deps, events } = fakeDeps(STUB_EXIT.STARTED);
    expect(await restartElevated(deps)).toEqual({ ok: true, value: { restarting: true } });
    expect(events).toEqual(['release', 'run C:\\App\\resources\\elevate\\multiopen-elevate.exe --target D:\\Tools\\Multiopen-portable.exe']);
    await vi.advanceTimersByTimeAsync(500);
    expect(events.at(-1)).toBe('quit');
  });

  it.each([
    [STUB_EXIT.NOT_FOUND, 'EXE_NOT_FOUND'],
    [STUB_EXIT.START_FAILED, 'LAUNCH_FAILED'],
    [STUB_EXIT.DECLINED, 'ACCESS_DENIED'],
    [STUB_EXIT.ELEVATION_FAILED, 'LAUNCH_FAILED'],
    [null, 'LAUNCH_FAILED'],
  ])('keeps running, holding its lock again, when the stub exits %s (%s)', async (code, expected) => {
    vi.useFakeTimers();
    const { deps, events } = fakeDeps(code);
    const r = await restartElevated(deps);
    expect(r).toMatchObject({ ok: false, error: { code: expected } });
    if (!r.ok) expect(r.error.message).toMatch(/keeps running/);
    await vi.advanceTimersByTimeAsync(1000);
    expect(events).not.toContain('quit');
    expect(events.at(-1)).toBe('reacquire');
  });

  it('says so, and stays open, when the elevated copy runs as another account', async () => {
    vi.useFakeTimers();
    const { deps, events } = fakeDeps(STUB_EXIT.OTHER_ACCOUNT);
    expect(await restartElevated(deps)).toEqual({ ok: true, value: { restarting: true, otherAccount: true } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(events).not.toContain('quit');
    expect(events.at(-1)).toBe('reacquire');
  });

  it('is UNSUPPORTED without the stub or off Windows, touching nothing', async () => {
    for (const overrides of [{ exists: () => false }, { platform: 'linux' as const }]) {
      const { deps, events } = fakeDeps(0, overrides);
      expect(await restartElevated(deps)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
      expect(events).toEqual([]);
    }
  });

  it("targets the portable build's exe through the real dependencies", () => {
    const saved = process.env.PORTABLE_EXECUTABLE_FILE;
    process.env.PORTABLE_EXECUTABLE_FILE = 'D:\\Tools\\Multiopen-portable.exe';
    try {
      const deps = electronRestartDeps({ releaseSingleInstanceLock: vi.fn(), requestSingleInstanceLock: vi.fn(() => true), quit: vi.fn() });
      expect(deps.target).toBe('D:\\Tools\\Multiopen-portable.exe');
      expect(deps.stub.replace(/\\/g, '/')).toMatch(/elevate\/multiopen-elevate\.exe$/);
    } finally {
      if (saved === undefined) delete process.env.PORTABLE_EXECUTABLE_FILE;
      else process.env.PORTABLE_EXECUTABLE_FILE = saved;
    }
  });
});
