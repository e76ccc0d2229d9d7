/**
 * Names of File handles, queried in a helper process that can be killed.
 *
 * NtQueryObject(ObjectNameInformation) on a File handle opened for synchronous I/O waits for the
 * file object's lock; a pipe with a pending read, or a directory watched synchronously, can hold it
 * forever. A hung worker_thread cannot be abandoned: Node joins every worker at exit, so one stuck
 * native call keeps the whole engine alive (verified under Wine with unref(), terminate() and even
 * TerminateThread). A child process can be killed, so the File queries run there, one at a time,
 * each with a deadline; on timeout the child is killed and a fresh one takes the next handle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { OsFailure, OsResult } from '../os-api';
import { ALIASES } from './lib';
import { KERNEL32_DECLS } from './kernel32';
import { NTDLL_DECLS } from './ntdll';

/** What the helper is asked: one handle in one process. */
export interface FileNameRequest {
  pid: number;
  handle: number;
}

/** Options of the helper. */
export interface FileNameHelperOptions {
  /** Absolute path of koffi's entry point, which the helper requires. */
  koffiPath: string;
  /** Milliseconds one name query may take before the helper is killed. */
  deadlineMs: number;
  /** After this many timeouts in one batch, the rest of the batch is not attempted. */
  maxTimeoutsPerBatch?: number;
}

interface Reply {
  id: number;
  ok: boolean;
  name?: string;
  failure?: OsFailure;
}

/**
 * The helper's program (run with `node -e`). It binds only what it needs, from the same
 * declarations as the engine, and answers one request per message.
 * Pipes and character devices are refused without a query: pipes are where the hangs are, and
 * neither can be a single-instance guard worth closing by name.
 */
function helperSource(): string {
  const decls = {
    kernel32: {
      OpenProcess: KERNEL32_DECLS.OpenProcess.proto,
      DuplicateHandle: KERNEL32_DECLS.DuplicateHandle.proto,
      CloseHandle: KERNEL32_DECLS.CloseHandle.proto,
      GetCurrentProcess: KERNEL32_DECLS.GetCurrentProcess.proto,
      GetFileType: KERNEL32_DECLS.GetFileType.proto,
      GetLastError: KERNEL32_DECLS.GetLastError.proto,
    },
    ntdll: { NtQueryObject: NTDLL_DECLS.NtQueryObject.proto },
  };
  return `
'use strict';
const koffi = require(process.env.MULTIOPEN_KOFFI_PATH);
for (const [n, t] of ${JSON.stringify(ALIASES)}) koffi.alias(n, t);
const D = ${JSON.stringify(decls)};
const bind = (dll, fns) => { const lib = koffi.load(dll); const o = {}; for (const k of Object.keys(fns)) o[k] = lib.func(fns[k]); return o; };
const k = bind('kernel32.dll', D.kernel32);
const nt = bind('ntdll.dll', D.ntdll);
const self = k.GetCurrentProcess();
const procs = new Map();
function query(pid, handle) {
  let hp = procs.get(pid);
  if (!hp) {
    hp = k.OpenProcess(0x40, 0, pid);
    if (!hp) return { ok: false, failure: { kind: 'win32', code: k.GetLastError(), call: 'OpenProcess' } };
    procs.set(pid, hp);
  }
  const dup = [0];
  if (!k.DuplicateHandle(hp, handle, self, dup, 0, 0, 2)) return { ok: false, failure: { kind: 'win32', code: k.GetLastError(), call: 'DuplicateHandle' } };
  try {
    const ft = k.GetFileType(dup[0]);
    if (ft === 2 || ft === 3) return { ok: false, failure: { kind: 'unsupported', what: ft === 3 ? 'name of a pipe handle' : 'name of a character device handle' } };
    let size = 1024;
    for (let i = 0; i < 6; i++) {
      const buf = Buffer.alloc(size);
      const ret = [0];
      const st = nt.NtQueryObject(dup[0], 1, buf, size, ret) >>> 0;
      if (st === 0) {
        const len = buf.readUInt16LE(0);
        return { ok: true, name: len ? buf.toString('utf16le', 16, 16 + len) : '' };
      }
      if (st !== 0xC0000004 && st !== 0xC0000023 && st !== 0x80000005) return { ok: false, failure: { kind: 'ntstatus', code: st, call: 'NtQueryObject' } };
      size = Math.min(Math.max(ret[0] + 64, size * 2), 1 << 17);
    }
    return { ok: false, failure: { kind: 'ntstatus', code: 0xC0000004, call: 'NtQueryObject' } };
  } finally {
    k.CloseHandle(dup[0]);
  }
}
process.on('message', (m) => {
  // End of a batch: process handles are cached for one batch only (each one pins its process object).
  if (m.release) { for (const h of procs.values()) k.CloseHandle(h); procs.clear(); return; }
  let r;
  try { r = query(m.pid, m.handle); } catch (e) { r = { ok: false, failure: { kind: 'unsupported', what: 'exception: ' + e.message } }; }
  process.send({ id: m.id, ...r });
});
process.on('disconnect', () => process.exit(0));
`;
}

/** Runs File name queries in a killable child process. */
export class FileNameHelper {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private pending = new Map<number, { child: ChildProcess; settle: (reply: Reply) => void }>();

  constructor(private readonly options: FileNameHelperOptions) {}

  /** Names of the given File handles, in order; a query past the deadline yields {kind:'timeout'}. */
  async queryAll(requests: readonly FileNameRequest[]): Promise<OsResult<string>[]> {
    const results: OsResult<string>[] = [];
    let timeouts = 0;
    const maxTimeouts = this.options.maxTimeoutsPerBatch ?? 3;
    for (const req of requests) {
      if (timeouts >= maxTimeouts) {
        results.push({ ok: false, failure: { kind: 'timeout', call: 'NtQueryObject(ObjectNameInformation): skipped after repeated timeouts' } });
        continue;
      }
      const r = await this.queryOne(req);
      if (!r.ok && r.failure.kind === 'timeout') timeouts++;
      results.push(r);
    }
    if (this.child?.connected) this.child.send({ release: true });
    return results;
  }

  /** Kills the helper process (a new one starts on the next query). */
  dispose(): void {
    const child = this.child;
    this.child = null;
    for (const p of [...this.pending.values()]) p.settle({ id: 0, ok: false, failure: { kind: 'unsupported', what: 'helper disposed' } });
    this.pending.clear();
    if (child && child.exitCode === null) child.kill();
  }

  private queryOne(req: FileNameRequest): Promise<OsResult<string>> {
    let child: ChildProcess;
    try {
      child = this.ensureChild();
    } catch (e) {
      return Promise.resolve({ ok: false, failure: { kind: 'unsupported', what: `file-name helper: ${(e as Error).message}` } });
    }
    const id = this.nextId++;
    return new Promise<OsResult<string>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // Abandon the hung query: killing the helper is the only way to get its thread back.
        if (this.child === child) this.child = null;
        child.kill();
        resolve({ ok: false, failure: { kind: 'timeout', call: 'NtQueryObject(ObjectNameInformation)' } });
      }, this.options.deadlineMs);
      this.pending.set(id, { child, settle: (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.ok) resolve({ ok: true, value: reply.name ?? '' });
        else resolve({ ok: false, failure: reply.failure ?? { kind: 'unsupported', what: 'file-name helper gave no reason' } });
      } });
      const sent = child.send({ id, pid: req.pid, handle: req.handle }, (err) => {
        if (err) this.fail(id, `file-name helper: ${err.message}`);
      });
      if (!sent) this.fail(id, 'file-name helper: channel closed');
    });
  }

  private fail(id: number, what: string): void {
    this.pending.get(id)?.settle({ id, ok: false, failure: { kind: 'unsupported', what } });
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.connected) return this.child;
    const child = spawn(process.execPath, ['-e', helperSource()], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      windowsHide: true,
      // Electron's executable acts as plain Node with this set; Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', MULTIOPEN_KOFFI_PATH: this.options.koffiPath },
    });
    child.on('message', (reply: Reply) => this.pending.get(reply.id)?.settle(reply));
    child.on('error', () => undefined);
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      for (const [id, p] of [...this.pending]) if (p.child === child) this.fail(id, 'file-name helper exited');
    });
    // The helper must never keep the engine alive: pending timers keep it alive while a query runs.
    child.unref();
    child.channel?.unref();
    this.child = child;
    return child;
  }
}
