/** Starting programs detached from this process. */
import { spawn } from 'node:child_process';
import type { OsFailure, OsResult, SpawnOptions } from '../os-api';
import { startTimeOf } from './processes';
import { WIN32 } from './status';

/** Maps a Node spawn error to the Win32 code Windows reported (libuv only keeps the errno name). */
export function spawnFailure(err: NodeJS.ErrnoException): OsFailure {
  switch (err.code) {
    case 'ENOENT':
      return { kind: 'win32', code: WIN32.FILE_NOT_FOUND, call: 'CreateProcess' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'win32', code: WIN32.ACCESS_DENIED, call: 'CreateProcess' };
    case 'ENOEXEC':
      return { kind: 'win32', code: WIN32.BAD_EXE_FORMAT, call: 'CreateProcess' };
    default:
      return { kind: 'unsupported', what: `spawn failed: ${err.code ?? err.message}` };
  }
}

/** Starts a program detached; its Node child PID is its Windows PID. */
export function spawnDetached(file: string, options: SpawnOptions = {}): Promise<OsResult<{ pid: number; startTime: number }>> {
  return new Promise((resolve) => {
    try {
      const child = spawn(file, [...(options.args ?? [])], {
        detached: true,
        stdio: 'ignore',
        windowsHide: false,
        cwd: options.cwd,
        env: options.env ? { ...process.env, ...options.env } : process.env,
      });
      child.once('spawn', () => {
        child.unref();
        // Node still holds the child's process handle here, so its PID cannot have been reused yet.
        resolve(child.pid !== undefined ? { ok: true, value: { pid: child.pid, startTime: startTimeOf(child.pid) } } : { ok: false, failure: { kind: 'unsupported', what: 'spawn gave no pid' } });
      });
      child.once('error', (err: NodeJS.ErrnoException) => resolve({ ok: false, failure: spawnFailure(err) }));
    } catch (e) {
      resolve({ ok: false, failure: spawnFailure(e as NodeJS.ErrnoException) });
    }
  });
}
