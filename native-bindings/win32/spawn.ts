/**
 * Starting programs detached from this process, at the rights the caller asks for:
 * - 'inherit': Node's child_process (CreateProcess with our token);
 * - 'desktop-user': CreateProcessWithTokenW with a primary token duplicated from the shell's process, so
 *   an elevated engine starts apps as the desktop user normally runs them;
 * - 'elevated': ShellExecuteExW "runas" (the UAC prompt).
 * Every start reports the level the new process really got (read from its token) and lets it take the
 * foreground (AllowSetForegroundWindow), which a background engine would otherwise deny its window.
 * Decisions (which level) are the caller's; failures are data.
 */
import { spawn } from 'node:child_process';
import type { ExecutionLevel, OsFailure, OsResult, RunLevel, SpawnOptions, Spawned } from '../os-api';
import { advapi32, STARTUPINFOW_SIZE, type ProcessInformation, type StartupInfo } from './advapi32';
import { windowsArguments } from '../command-line';
import { environmentBlock, utf16z, windowsCommandLine } from './command-line';
import { CREATE_NEW_PROCESS_GROUP, CREATE_UNICODE_ENVIRONMENT, DETACHED_PROCESS, kernel32, PROCESS_QUERY_LIMITED_INFORMATION } from './kernel32';
import { requestedExecutionLevel } from './pe-manifest';
import { startTimeOfHandle } from './processes';
import { SEE_MASK_NOASYNC, SEE_MASK_NOCLOSEPROCESS, shell32, SHELLEXECUTEINFOW_SIZE, SW_SHOWNORMAL } from './shell32';
import { exceptionFailure, fail, openProcess, WIN32, win32Failure } from './status';
import { primaryTokenOf, runLevelOf, shellProcessId } from './tokens';
import { user32 } from './user32';

/** The call a failure names when there is no shell window to take the desktop user's token from. */
export const NO_SHELL_WINDOW_CALL = 'GetShellWindow';

/**
 * Maps a Node error to the Win32 code Windows reported (libuv only keeps the errno name), naming the
 * call that failed: CreateProcess for a spawn, the file call for Node's file system work.
 */
export function spawnFailure(err: NodeJS.ErrnoException, call = 'CreateProcess'): OsFailure {
  switch (err.code) {
    case 'ENOENT':
      return { kind: 'win32', code: WIN32.FILE_NOT_FOUND, call };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'win32', code: WIN32.ACCESS_DENIED, call };
    case 'ENOEXEC':
      return { kind: 'win32', code: WIN32.BAD_EXE_FORMAT, call };
    default:
      return { kind: 'unsupported', what: `${call} failed: ${err.code ?? err.message}` };
  }
}

/** What starting a program needs from Windows; the real ones are below, unit tests fake them. */
export interface SpawnCalls {
  /** Node's detached spawn: the child's PID, or the errno-coded failure. */
  nodeSpawn(file: string, args: readonly string[], cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<OsResult<number>>;
  /** What the exe's manifest requests (null: nothing); undefined when it cannot be read. */
  executionLevel(file: string): ExecutionLevel | null | undefined;
  /** The shell's PID, 0 when there is no shell window. */
  shellProcessId(): number;
  /** A primary token duplicated from that process's token. */
  primaryTokenOf(pid: number): OsResult<number>;
  createWithToken(token: number, file: string, commandLine: string, environment: Buffer, cwd: string | undefined): OsResult<{ process: number; thread: number; pid: number }>;
  shellExecuteRunas(file: string, parameters: string, cwd: string | undefined): OsResult<{ process: number; pid: number }>;
  /** Opens a process we just started, for its token and times. */
  openForQuery(pid: number): OsResult<number>;
  runLevelOf(process: number): RunLevel | undefined;
  startTimeOf(process: number): number;
  allowForeground(pid: number): void;
  close(handle: number): void;
}

/** Starts `file` at `options.level` ('inherit' when absent). */
export async function spawnWith(calls: SpawnCalls, file: string, options: SpawnOptions = {}): Promise<OsResult<Spawned>> {
  const args = options.args ?? [];
  switch (options.level ?? 'inherit') {
    case 'inherit': {
      const started = await calls.nodeSpawn(file, args, options.cwd, options.env ? { ...process.env, ...options.env } : process.env);
      if (!started.ok) {
        const f = started.failure;
        // libuv reports ERROR_ELEVATION_REQUIRED (740) as EACCES; the manifest tells the two apart.
        if (f.kind === 'win32' && f.code === WIN32.ACCESS_DENIED) {
          const level = calls.executionLevel(file);
          if (level === 'requireAdministrator' || level === 'highestAvailable') return fail({ kind: 'win32', code: WIN32.ELEVATION_REQUIRED, call: 'CreateProcess' });
        }
        return started;
      }
      return { ok: true, value: describeStarted(calls, started.value, null) };
    }
    case 'desktop-user': {
      const shell = calls.shellProcessId();
      if (!shell) return fail({ kind: 'win32', code: WIN32.FILE_NOT_FOUND, call: NO_SHELL_WINDOW_CALL });
      const token = calls.primaryTokenOf(shell);
      if (!token.ok) return token;
      try {
        const created = calls.createWithToken(token.value, file, windowsCommandLine(file, args), environmentBlock(process.env, options.env), options.cwd);
        if (!created.ok) return created;
        calls.close(created.value.thread);
        try {
          return { ok: true, value: describeStarted(calls, created.value.pid, created.value.process) };
        } finally {
          calls.close(created.value.process);
        }
      } finally {
        calls.close(token.value);
      }
    }
    case 'elevated': {
      // The elevated process is created by the system on our behalf: it gets no environment from us.
      if (options.env && Object.keys(options.env).length > 0) return fail({ kind: 'unsupported', what: 'per-copy environment variables for a program started elevated' });
      const started = calls.shellExecuteRunas(file, windowsArguments(args), options.cwd);
      if (!started.ok) return started;
      try {
        const value = describeStarted(calls, started.value.pid, started.value.process);
        // A token we may not read still runs elevated: that is what the user agreed to at the prompt.
        return { ok: true, value: { ...value, level: value.level ?? 'elevated' } };
      } finally {
        calls.close(started.value.process);
      }
    }
  }
}

/** PID, start time and level of a process we just started; it may take the foreground. */
function describeStarted(calls: SpawnCalls, pid: number, process: number | null): Spawned {
  calls.allowForeground(pid);
  let handle = process;
  let opened = false;
  if (handle === null) {
    const h = calls.openForQuery(pid);
    if (h.ok) {
      handle = h.value;
      opened = true;
    }
  }
  if (handle === null) return { pid, startTime: 0 };
  try {
    const level = calls.runLevelOf(handle);
    return { pid, startTime: calls.startTimeOf(handle), ...(level ? { level } : {}) };
  } finally {
    if (opened) calls.close(handle);
  }
}

/** Node's detached spawn; its child PID is the Windows PID. */
function nodeSpawn(file: string, args: readonly string[], cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<OsResult<number>> {
  return new Promise((resolve) => {
    try {
      const child = spawn(file, [...args], { detached: true, stdio: 'ignore', windowsHide: false, cwd, env });
      child.once('spawn', () => {
        child.unref();
        // Node still holds the child's process handle here, so its PID cannot have been reused yet.
        resolve(child.pid !== undefined ? { ok: true, value: child.pid } : fail({ kind: 'unsupported', what: 'spawn gave no pid' }));
      });
      child.once('error', (err: NodeJS.ErrnoException) => resolve(fail(spawnFailure(err))));
    } catch (e) {
      resolve(fail(spawnFailure(e as NodeJS.ErrnoException)));
    }
  });
}

/** The real calls. */
export const WIN32_SPAWN_CALLS: SpawnCalls = {
  nodeSpawn,
  executionLevel(file) {
    try {
      return requestedExecutionLevel(file);
    } catch {
      return undefined;
    }
  },
  shellProcessId,
  primaryTokenOf,
  createWithToken(token, file, commandLine, environment, cwd) {
    const si: StartupInfo = {
      cb: STARTUPINFOW_SIZE,
      lpReserved: null,
      lpDesktop: null,
      lpTitle: null,
      dwX: 0,
      dwY: 0,
      dwXSize: 0,
      dwYSize: 0,
      dwXCountChars: 0,
      dwYCountChars: 0,
      dwFillAttribute: 0,
      dwFlags: 0,
      wShowWindow: 0,
      cbReserved2: 0,
      lpReserved2: null,
      hStdInput: 0,
      hStdOutput: 0,
      hStdError: 0,
    };
    const pi: ProcessInformation = { hProcess: 0, hThread: 0, dwProcessId: 0, dwThreadId: 0 };
    const flags = CREATE_UNICODE_ENVIRONMENT | CREATE_NEW_PROCESS_GROUP | DETACHED_PROCESS;
    if (!advapi32().CreateProcessWithTokenW(token, 0, file, utf16z(commandLine), flags, environment, cwd ?? null, si, pi)) return fail(win32Failure('CreateProcessWithTokenW'));
    return { ok: true, value: { process: pi.hProcess, thread: pi.hThread, pid: pi.dwProcessId } };
  },
  shellExecuteRunas(file, parameters, cwd) {
    const info = {
      cbSize: SHELLEXECUTEINFOW_SIZE,
      fMask: SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC,
      hwnd: 0,
      lpVerb: 'runas',
      lpFile: file,
      lpParameters: parameters || null,
      lpDirectory: cwd ?? null,
      nShow: SW_SHOWNORMAL,
      hInstApp: 0,
      lpIDList: null,
      lpClass: null,
      hkeyClass: 0,
      dwHotKey: 0,
      hIconOrMonitor: 0,
      hProcess: 0,
    };
    // ERROR_CANCELLED (1223) when the user declines at the UAC prompt.
    if (!shell32().ShellExecuteExW(info)) return fail(win32Failure('ShellExecuteExW(runas)'));
    if (!info.hProcess) return fail({ kind: 'unsupported', what: 'ShellExecuteExW(runas) returned no process' });
    return { ok: true, value: { process: info.hProcess, pid: kernel32().GetProcessId(info.hProcess) } };
  },
  openForQuery: (pid) => openProcess(pid, PROCESS_QUERY_LIMITED_INFORMATION),
  runLevelOf,
  startTimeOf: startTimeOfHandle,
  allowForeground(pid) {
    // Fails (and changes nothing) when we may not set the foreground ourselves; nothing to report then.
    user32().AllowSetForegroundWindow(pid);
  },
  close(handle) {
    kernel32().CloseHandle(handle);
  },
};

/** Starts a program detached with the real calls; koffi exceptions become failures. */
export async function spawnDetached(file: string, options: SpawnOptions = {}): Promise<OsResult<Spawned>> {
  try {
    return await spawnWith(WIN32_SPAWN_CALLS, file, options);
  } catch (e) {
    return fail(exceptionFailure('spawnDetached', e));
  }
}
