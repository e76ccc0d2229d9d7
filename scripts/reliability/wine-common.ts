/**
 * Shared by the drivers that run inside Windows node.exe (natively or under Wine) against real fixture
 * processes: starting a fixture and reading its log, a fingerprint of a process's handle table read afresh
 * (what was closed in it is seen there, whatever the engine reported), and a perturber thread that kills a
 * process or creates a file at a chosen moment while the main thread is inside a synchronous Win32 call.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { OsApi } from '../../native-bindings/os-api';

/** The value of a command-line option `name VALUE` given to the driver, or `fallback`. */
export const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};

/** Milliseconds since 1970 with sub-millisecond resolution, comparable between threads. */
export const now = (): number => performance.timeOrigin + performance.now();
/** Sleeps for `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A seeded PRNG (mulberry32): the same seed replays the same choices. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Lines "<pid> <word...>" a fixture wrote to its log. */
export function logLines(log: string): { pid: number; word: string }[] {
  if (!existsSync(log)) return [];
  const out: { pid: number; word: string }[] = [];
  for (const raw of readFileSync(log, 'utf8').split(/\r?\n/)) {
    const m = /^(\d+) (.+)$/.exec(raw.trim());
    if (m) out.push({ pid: Number(m[1]), word: m[2] as string });
  }
  return out;
}

/** A fixture started by the driver: its Windows PID and what it logged first ('started' or 'refused'). */
export interface Started {
  pid: number;
  outcome: string;
}

/** Starts a fixture exe detached with MULTIOPEN_FIXTURE_LOG=log (and `env`), waits (bounded) for its first log line. */
export async function startFixture(exe: string, log: string, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Started> {
  const child = spawn(exe, [], { env: { ...process.env, MULTIOPEN_FIXTURE_LOG: log, ...env }, detached: true, stdio: 'ignore', windowsHide: true });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${exe} did not start`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = logLines(log).find((l) => l.pid === pid);
    if (line) return { pid, outcome: line.word };
    if (Date.now() > deadline) throw new Error(`${exe} (PID ${pid}) logged nothing within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Ends a process (TerminateProcess); false when it was already gone. */
export function kill(pid: number): boolean {
  try {
    process.kill(pid);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until the process is gone; true when it is. */
export async function waitGone(os: OsApi, pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await os.isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** A process's handle table as counts per "type|name" (File handles as "File|?": their names are not read). */
export type Fingerprint = Map<string, number>;

/** Reads a process's handle table afresh and names every handle but File ones; null when the table cannot be read (the process is gone). */
export async function fingerprint(os: OsApi, pid: number): Promise<Fingerprint | null> {
  const snap = await os.snapshotHandles({ pids: [pid] });
  if (!snap.ok || snap.value.unreadable.some((u) => u.pid === pid)) return null;
  const mine = snap.value.handles.filter((h) => h.pid === pid);
  const named = await os.queryHandleNames(mine.filter((h) => h.typeName !== 'File'));
  const byHandle = new Map(named.map((n) => [n.handle, n.name.ok ? n.name.value.slice(n.name.value.lastIndexOf('\\') + 1) : '?']));
  const fp: Fingerprint = new Map();
  for (const h of mine) {
    const key = `${h.typeName}|${h.typeName === 'File' ? '?' : (byHandle.get(h.handle) ?? '?')}`;
    fp.set(key, (fp.get(key) ?? 0) + 1);
  }
  return fp;
}

/** Entries of `before` that `after` has fewer of ("type|name" -> how many fewer), and those it has more of. */
export function diff(before: Fingerprint, after: Fingerprint): { missing: Map<string, number>; extra: Map<string, number> } {
  const missing = new Map<string, number>();
  const extra = new Map<string, number>();
  for (const [k, n] of before) if ((after.get(k) ?? 0) < n) missing.set(k, n - (after.get(k) ?? 0));
  for (const [k, n] of after) if ((before.get(k) ?? 0) < n) extra.set(k, n - (before.get(k) ?? 0));
  return { missing, extra };
}

/** A perturbation done by the perturber thread, and when (ms since 1970; null when the process was already gone). */
export interface Perturbed {
  at: number;
  ok: boolean;
  /** The process killed (0 for a file). */
  pid: number;
}

const PERTURBER = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
parentPort.on('message', (m) => {
  setTimeout(() => {
    const at = performance.timeOrigin + performance.now();
    let ok = true;
    try {
      if (m.kind === 'kill') process.kill(m.pid);
      else fs.writeFileSync(m.path, 'x');
    } catch {
      ok = false;
    }
    parentPort.postMessage({ id: m.id, at, ok, pid: m.pid ?? 0 });
  }, m.delayMs);
});`;

/**
 * A thread of its own that kills a process or creates a file after a delay, even while the main thread is
 * blocked in a Win32 call. It ends with the process (Worker.terminate() does not return under Wine).
 */
export class Perturber {
  private readonly worker = new Worker(PERTURBER, { eval: true });
  private seq = 0;
  private readonly waiting = new Map<number, (p: Perturbed) => void>();

  constructor() {
    this.worker.on('message', (m: { id: number; at: number; ok: boolean; pid: number }) => {
      this.waiting.get(m.id)?.({ at: m.at, ok: m.ok, pid: m.pid });
      this.waiting.delete(m.id);
    });
  }

  /** Kills `pid` `delayMs` from now; resolves when done. */
  kill(pid: number, delayMs: number): Promise<Perturbed> {
    return this.post({ kind: 'kill', pid, delayMs });
  }

  /** Creates the file `path` `delayMs` from now; resolves when done. */
  touch(path: string, delayMs: number): Promise<Perturbed> {
    return this.post({ kind: 'touch', path, delayMs });
  }

  private post(m: Record<string, unknown>): Promise<Perturbed> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...m, id });
    });
  }
}
