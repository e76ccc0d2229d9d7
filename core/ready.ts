/**
 * Readiness instead of fixed waits: before the next copy starts, a preset may wait (bounded) until the new
 * copy shows a top-level window of a class, or a file exists, rather than only until it holds its guard
 * (Diablo II: Resurrected's next copy disturbs one that has not finished starting).
 */
import type { OsApi } from '../native-bindings/os-api';
import { engineError } from './errors';
import { expandEnvironment } from './locate';
import type { EngineError, ReadySpec } from './model';
import { listProcesses, processTree, sameStart } from './processes';

/** How long readiness is waited for when the preset does not say. */
export const DEFAULT_READY_TIMEOUT_MS = 60_000;

/** What a readiness wait needs to know about the copy. */
export interface ReadyTarget {
  exe: string;
  pid: number;
  startTime: number;
  /** Fills "{index}" and "{dir}" in a file template. */
  fill(template: string): string;
  env: NodeJS.ProcessEnv;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The words of a readiness condition, for messages. */
export function describeReady(spec: ReadySpec): string {
  if ('windowClass' in spec) return `a window of class "${spec.windowClass}"`;
  if ('file' in spec) return `the file ${spec.file}`;
  return 'its guard';
}

/**
 * Waits until the copy is ready as the preset defines it; null when it is. INSTANCE_EXITED when the copy
 * quits first, TIMEOUT when it is still not ready after the preset's bound. `{ guard: true }` is met
 * already: the launch waited for the guard before asking.
 */
export async function waitUntilReady(os: OsApi, spec: ReadySpec, target: ReadyTarget, pollMs: number, cancelled: () => boolean): Promise<EngineError | null> {
  if (!('windowClass' in spec) && !('file' in spec)) return null;
  const timeoutMs = spec.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const file = 'file' in spec ? expandEnvironment(target.fill(spec.file), target.env) : null;
  for (;;) {
    if (cancelled()) return engineError('TIMEOUT', `stopped while waiting for ${target.exe} (PID ${target.pid}) to be ready`);
    const procs = await listProcesses(os);
    if (!procs.ok) return procs.error;
    const reused = procs.value.some((p) => p.pid === target.pid && !sameStart(p.startTime, target.startTime));
    const tree = reused ? [] : [...processTree(procs.value, target.pid)].filter((p) => procs.value.some((q) => q.pid === p));
    if (tree.length === 0) return engineError('INSTANCE_EXITED', `${target.exe} (PID ${target.pid}) exited before it was ready (${describeReady(spec)})`);
    if (file !== null) {
      if (await os.fileExists(file)) return null;
    } else if ('windowClass' in spec) {
      for (const pid of tree) {
        const windows = await os.listTopLevelWindows(pid);
        if (windows.ok && windows.value.some((w) => w.className === spec.windowClass)) return null;
      }
    }
    if (Date.now() >= deadline) {
      return engineError('TIMEOUT', `${target.exe} (PID ${target.pid}) runs but did not show ${describeReady(spec)} within ${Math.round(timeoutMs / 1000)} s; the next copy was not started`);
    }
    await sleep(pollMs);
  }
}
