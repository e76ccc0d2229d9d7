/**
 * Starting programs at a chosen level, with the Win32 calls faked and recorded: the desktop user's token
 * comes from the shell's process, every handle is closed, the new process may take the foreground, an
 * access-denied start of an exe whose manifest requires administrator is ERROR_ELEVATION_REQUIRED, and
 * "runas" passes no environment.
 */
import { describe, expect, it } from 'vitest';
import type { OsResult } from '../../../native-bindings/os-api';
import { environmentBlock, windowsCommandLine } from '../../../native-bindings/win32/command-line';
import { NO_SHELL_WINDOW_CALL, spawnFailure, spawnWith, type SpawnCalls } from '../../../native-bindings/win32/spawn';

/** Fake calls: a shell at PID 500 whose token is 0x90; new processes get handles 0x100 + n. */
function fakeCalls(overrides: Partial<SpawnCalls> = {}) {
  const log: string[] = [];
  const open = new Set<number>();
  let next = 0x100;
  const handle = (what: string) => {
    const h = next++;
    open.add(h);
    log.push(`${what} -> 0x${h.toString(16)}`);
    return h;
  };
  const calls: SpawnCalls = {
    nodeSpawn: async (file, args) => (log.push(`nodeSpawn ${file} ${args.join(' ')}`), { ok: true, value: 4242 }),
    executionLevel: () => null,
    shellProcessId: () => 500,
    primaryTokenOf: (pid) => ({ ok: true, value: handle(`primaryTokenOf ${pid}`) }),
    createWithToken: (token, file, commandLine) => {
      log.push(`createWithToken 0x${token.toString(16)} ${file} | ${commandLine}`);
      return { ok: true, value: { process: handle('process'), thread: handle('thread'), pid: 4343 } };
    },
    shellExecuteRunas: (file, parameters) => {
      log.push(`runas ${file} | ${parameters}`);
      return { ok: true, value: { process: handle('process'), pid: 4444 } };
    },
    openForQuery: (pid) => ({ ok: true, value: handle(`open ${pid}`) }),
    runLevelOf: () => 'normal',
    startTimeOf: () => 1_700_000_000_000,
    allowForeground: (pid) => void log.push(`allowForeground ${pid}`),
    close: (h) => {
      if (!open.delete(h)) throw new Error(`closed 0x${h.toString(16)}, which is not open`);
      log.push(`close 0x${h.toString(16)}`);
    },
    ...overrides,
  };
  return { calls, log, open };
}

describe('spawnWith', () => {
  it("'desktop-user' starts with a primary token duplicated from the shell's process and closes every handle", async () => {
    const { calls, log, open } = fakeCalls();
    const r = await spawnWith(calls, 'C:\\Apps\\We Chat\\WeChat.exe', { args: ['-a', 'b c'], cwd: 'C:\\Apps\\We Chat', level: 'desktop-user' });
    expect(r).toEqual({ ok: true, value: { pid: 4343, startTime: 1_700_000_000_000, level: 'normal' } });
    expect(log[0]).toBe('primaryTokenOf 500 -> 0x100');
    expect(log[1]).toBe('createWithToken 0x100 C:\\Apps\\We Chat\\WeChat.exe | "C:\\Apps\\We Chat\\WeChat.exe" -a "b c"');
    expect(log).toContain('allowForeground 4343');
    expect(open.size).toBe(0);
  });

  it("'desktop-user' fails as data when there is no shell window (Wine without a desktop, a custom shell)", async () => {
    const { calls, log } = fakeCalls({ shellProcessId: () => 0 });
    expect(await spawnWith(calls, 'C:\\A.exe', { level: 'desktop-user' })).toEqual({ ok: false, failure: { kind: 'win32', code: 2, call: NO_SHELL_WINDOW_CALL } });
    expect(log).toEqual([]);
  });

  it("'desktop-user' passes on a refused CreateProcessWithTokenW and still closes the token", async () => {
    const failure: OsResult<never> = { ok: false, failure: { kind: 'win32', code: 1314, call: 'CreateProcessWithTokenW' } };
    const { calls, open } = fakeCalls({ createWithToken: () => failure });
    expect(await spawnWith(calls, 'C:\\A.exe', { level: 'desktop-user' })).toEqual(failure);
    expect(open.size).toBe(0);
  });

  it("'inherit' reports the level read from the new process's token and lets it take the foreground", async () => {
    const { calls, log, open } = fakeCalls({ runLevelOf: () => 'elevated' });
    expect(await spawnWith(calls, 'C:\\A.exe', { args: ['x'] })).toEqual({ ok: true, value: { pid: 4242, startTime: 1_700_000_000_000, level: 'elevated' } });
    expect(log).toEqual(['nodeSpawn C:\\A.exe x', 'allowForeground 4242', 'open 4242 -> 0x100', 'close 0x100']);
    expect(open.size).toBe(0);
  });

  it('tells ERROR_ELEVATION_REQUIRED (740) from access denied: libuv reports both as EACCES', async () => {
    const denied = { ok: false as const, failure: { kind: 'win32' as const, code: 5, call: 'CreateProcess' } };
    const admin = fakeCalls({ nodeSpawn: async () => denied, executionLevel: () => 'requireAdministrator' });
    expect(await spawnWith(admin.calls, 'C:\\Admin.exe')).toEqual({ ok: false, failure: { kind: 'win32', code: 740, call: 'CreateProcess' } });
    const plain = fakeCalls({ nodeSpawn: async () => denied, executionLevel: () => 'asInvoker' });
    expect(await spawnWith(plain.calls, 'C:\\Locked.exe')).toEqual(denied);
  });

  it("'elevated' goes through runas, passes no environment, and counts a token it cannot read as elevated", async () => {
    const { calls, log, open } = fakeCalls({ runLevelOf: () => undefined });
    expect(await spawnWith(calls, 'C:\\Admin.exe', { args: ['--a b'], level: 'elevated' })).toEqual({ ok: true, value: { pid: 4444, startTime: 1_700_000_000_000, level: 'elevated' } });
    expect(log[0]).toBe('runas C:\\Admin.exe | "--a b"');
    expect(log).toContain('allowForeground 4444');
    expect(open.size).toBe(0);
    expect(await spawnWith(calls, 'C:\\Admin.exe', { env: { LANGUAGE: 'en' }, level: 'elevated' })).toMatchObject({ ok: false, failure: { kind: 'unsupported' } });
  });

  it('passes on a declined UAC prompt (ERROR_CANCELLED) as data', async () => {
    const declined = { ok: false as const, failure: { kind: 'win32' as const, code: 1223, call: 'ShellExecuteExW(runas)' } };
    const { calls } = fakeCalls({ shellExecuteRunas: () => declined });
    expect(await spawnWith(calls, 'C:\\Admin.exe', { level: 'elevated' })).toEqual(declined);
  });
});

describe('command lines and environment blocks', () => {
  it('quotes the program always and each argument like CommandLineToArgvW reads back', () => {
    expect(windowsCommandLine('C:\\A.exe', ['-n', '2'])).toBe('"C:\\A.exe" -n 2');
  });

  it('builds a sorted UTF-16 block, the extra variables replacing others of the same name in any case', () => {
    const block = environmentBlock({ Path: 'C:\\W', TEMP: 'C:\\T', language: 'zh' }, { LANGUAGE: 'en' });
    expect(block.toString('utf16le')).toBe('LANGUAGE=en\0Path=C:\\W\0TEMP=C:\\T\0\0');
  });

  it('names the call that failed: CreateProcess for a spawn, the file call for a folder that cannot be made', () => {
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    expect(spawnFailure(denied)).toEqual({ kind: 'win32', code: 5, call: 'CreateProcess' });
    expect(spawnFailure(denied, 'CreateDirectoryW')).toEqual({ kind: 'win32', code: 5, call: 'CreateDirectoryW' });
    expect(spawnFailure(Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' }), 'CreateDirectoryW')).toEqual({ kind: 'unsupported', what: 'CreateDirectoryW failed: ENOTDIR' });
  });
});
