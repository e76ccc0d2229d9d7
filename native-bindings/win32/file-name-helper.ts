/**
 * Names of File handles, queried in a helper process that can be killed.
 *
 * NtQueryObject(ObjectNameInformation) on a File handle opened for synchronous I/O waits for the
 * file object's lock; a pipe with a pending read, or a directory watched synchronously, can hold it
 * forever, and GetFileType waits for the same lock, so no call can safely sort such handles out first.
 * A hung worker_thread cannot be abandoned: Node joins every worker at exit, so one stuck native call
 * keeps the whole engine alive (verified under Wine with unref(), terminate() and even TerminateThread).
 * A child process can be killed, so the File queries run there, one at a time. Each query has its own
 * deadline, counted from when the helper said it is ready (its start-up is not the query's fault); on a
 * timeout the helper is killed, a fresh one takes the next handle, and the batch goes on: a stuck handle
 * costs one deadline and never hides the handles after it. Every handle gets an answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { OsFailure, OsResult } from '../os-api';
import { ALIASES } from './lib';
import { KERNEL32_DECLS } from './kernel32';
import { NTDLL_DECLS } from './ntdll';
import { NTSTATUS as STATUS } from '../status-codes';

/** What the helper is asked: one handle in one process. */
export interface FileNameRequest {
  pid: number;
  handle: number;
}

/** Options of the helper. */
export interface FileNameHelperOptions {
  /** Absolute path of koffi's entry point, which the helper requires. */
  koffiPath: string;
  /** Milliseconds one name query may take, from a ready helper, before the helper is killed. */
  deadlineMs: number;
  /** Milliseconds a new helper may take to load koffi and say it is ready (a cold node.exe under Wine: seconds). */
  startDeadlineMs?: number;
  /** The helper program to run instead of `node -e <helperSource>` (tests run a fake helper). */
  program?: { file: string; args: string[] };
}

/** What the helper sends: ready once, then one answer per request. */
interface Reply {
  id: number;
  ok: boolean;
  ready?: boolean;
  name?: string;
  failure?: OsFailure;
}

/** A running helper and the moment it became usable. */
interface Helper {
  child: ChildProcess;
  ready: Promise<OsResult<void>>;
}

/**
 * The helper's program (run with `node -e`). It binds only what it needs, from the same
 * declarations as the engine, says it is ready, and answers one request per message. Pipes are
 * name-queried like any file (a named pipe can be a guard); a stuck one is what the deadline is for.
 */
function helperSource(): string {
  const decls = {
    kernel32: {
      OpenProcess: KERNEL32_DECLS.OpenProcess.proto,
      DuplicateHandle: KERNEL32_DECLS.DuplicateHandle.proto,
      CloseHandle: KERNEL32_DECLS.CloseHandle.proto,
      GetCurrentProcess: KERNEL32_DECLS.GetCurrentProcess.proto,
      GetLastError: KERNEL32_DECLS.GetLastError.proto,
    },
    ntdll: { NtQueryObject: NTDLL_DECLS.NtQueryObject.proto },
  };
  return `
'use strict';
const koffi = require(process.env.MULTIOPEN_KOFFI_PATH);
for (const [n, t] of ${JSON.stringify(ALIASES)}) koffi.alias(n, t);
const D = ${JSON.stringify(decls)};
const S = ${JSON.stringify(STATUS)};
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
    let size = 1024;
    for (let i = 0; i < 6; i++) {
      const buf = Buffer.alloc(size);
      const ret = [0];
      const st = nt.NtQueryObject(dup[0], 1, buf, size, ret) >>> 0;
      if (st === 0) {
        const len = buf.readUInt16LE(0);
        return { ok: true, name: len ? buf.toString('utf16le', 16, 16 + len) : '' };
      }
      if (st !== S.INFO_LENGTH_MISMATCH && st !== S.BUFFER_TOO_SMALL && st !== S.BUFFER_OVERFLOW) return { ok: false, failure: { kind: 'ntstatus', code: st, call: 'NtQueryObject' } };
      size = Math.min(Math.max(ret[0] + 64, size * 2), 1 << 17);
    }
    return { ok: false, failure: { kind: 'ntstatus', code: S.INFO_LENGTH_MISMATCH, call: 'NtQueryObject' } };
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
process.send({ ready: true });
`;
}

/** The order to ask in: requests of `firstPids` (the app's own processes) first, otherwise as given. */
function askOrder(requests: readonly FileNameRequest[], firstPids: readonly number[]): number[] {
  const first = new Set(firstPids);
  const indices = requests.map((_, i) => i);
  return [...indices.filter((i) => first.has((requests[i] as FileNameRequest).pid)), ...indices.filter((i) => !first.has((requests[i] as FileNameRequest).pid))];
}

/** Runs File name queries in a killable child process. */
export class FileNameHelper {
  private helper: Helper | null = null;
  private nextId = 1;
  private pending = new Map<number, { child: ChildProcess; settle: (reply: Reply) => void }>();

  constructor(private readonly options: FileNameHelperOptions) {}

  /**
   * Names of the given File handles, in the order given; those of `firstPids` are asked first. A handle
   * whose query passes its deadline yields {kind:'timeout'}; one the helper could not be asked about
   * says why. None is skipped.
   */
  async queryAll(requests: readonly FileNameRequest[], firstPids: readonly number[] = []): Promise<OsResult<string>[]> {
    const results: OsResult<string>[] = new Array<OsResult<string>>(requests.length);
    let unavailable: OsResult<string> | null = null;
    for (const i of askOrder(requests, firstPids)) {
      const req = requests[i] as FileNameRequest;
      if (unavailable) {
        // The helper itself cannot run (no node, koffi missing): every handle still gets the reason.
        results[i] = unavailable;
        continue;
      }
      const helper = this.ensureHelper();
      const ready = await helper.ready;
      if (!ready.ok) {
        unavailable = ready;
        results[i] = ready;
        continue;
      }
      results[i] = await this.queryOne(helper, req);
    }
    if (this.helper?.child.connected) this.helper.child.send({ release: true });
    return results;
  }

  /** Kills the helper process (a new one starts on the next query). */
  dispose(): void {
    const helper = this.helper;
    this.helper = null;
    for (const p of [...this.pending.values()]) p.settle({ id: 0, ok: false, failure: { kind: 'unsupported', what: 'helper disposed' } });
    this.pending.clear();
    if (helper && helper.child.exitCode === null) helper.child.kill();
  }

  private queryOne(helper: Helper, req: FileNameRequest): Promise<OsResult<string>> {
    const { child } = helper;
    const id = this.nextId++;
    return new Promise<OsResult<string>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // Abandon the hung query: killing the helper is the only way to get its thread back.
        this.discard(helper);
        resolve({ ok: false, failure: { kind: 'timeout', call: 'NtQueryObject(ObjectNameInformation)' } });
      }, this.options.deadlineMs);
      this.pending.set(id, {
        child,
        settle: (reply) => {
          clearTimeout(timer);
          this.pending.delete(id);
          if (reply.ok) resolve({ ok: true, value: reply.name ?? '' });
          else resolve({ ok: false, failure: reply.failure ?? { kind: 'unsupported', what: 'file-name helper gave no reason' } });
        },
      });
      const sent = child.send({ id, pid: req.pid, handle: req.handle }, (err) => {
        if (err) this.fail(id, `file-name helper: ${err.message}`);
      });
      if (!sent) this.fail(id, 'file-name helper: channel closed');
    });
  }

  private fail(id: number, what: string): void {
    this.pending.get(id)?.settle({ id, ok: false, failure: { kind: 'unsupported', what } });
  }

  /** Forgets and kills a helper (a stuck one, or one that never became ready). */
  private discard(helper: Helper): void {
    if (this.helper === helper) this.helper = null;
    if (helper.child.exitCode === null) helper.child.kill();
  }

  private ensureHelper(): Helper {
    if (this.helper && this.helper.child.exitCode === null && this.helper.child.connected) return this.helper;
    const program = this.options.program ?? { file: process.execPath, args: ['-e', helperSource()] };
    const child = spawn(program.file, program.args, {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      windowsHide: true,
      // Electron's executable acts as plain Node with this set; Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', MULTIOPEN_KOFFI_PATH: this.options.koffiPath },
    });
    let markReady: (r: OsResult<void>) => void = () => undefined;
    const helper: Helper = { child, ready: new Promise<OsResult<void>>((resolve) => (markReady = resolve)) };
    const startTimer = setTimeout(() => {
      markReady({ ok: false, failure: { kind: 'timeout', call: 'file-name helper start' } });
      this.discard(helper);
    }, this.options.startDeadlineMs ?? 15_000);
    const settleStart = (r: OsResult<void>) => {
      clearTimeout(startTimer);
      markReady(r);
    };
    child.on('message', (reply: Reply) => {
      if (reply.ready) settleStart({ ok: true, value: undefined });
      else this.pending.get(reply.id)?.settle(reply);
    });
    child.on('error', (err) => settleStart({ ok: false, failure: { kind: 'unsupported', what: `file-name helper: ${err.message}` } }));
    child.on('exit', (code) => {
      settleStart({ ok: false, failure: { kind: 'unsupported', what: `file-name helper exited before it was ready (exit code ${String(code)})` } });
      if (this.helper === helper) this.helper = null;
      for (const [id, p] of [...this.pending]) if (p.child === child) this.fail(id, 'file-name helper exited');
    });
    // The helper must never keep the engine alive: pending timers keep it alive while a query runs.
    child.unref();
    child.channel?.unref();
    this.helper = helper;
    return helper;
  }
}
