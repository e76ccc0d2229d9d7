import type { OsApi, ProcessInfo } from '../native-bindings/os-api';
import { describeFailure } from './errors';
import type { Outcome } from './model';

/** Every process, or the failure worded for the user. */
export async function listProcesses(os: OsApi): Promise<Outcome<ProcessInfo[]>> {
  const listed = await os.listProcesses();
  return listed.ok ? { ok: true, value: listed.value } : { ok: false, error: describeFailure(listed.failure, 'listing processes') };
}

/** Case-insensitive exe name comparison, as Windows file names compare. */
export function sameExe(a: string, b: string): boolean {
  return a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;
}

/**
 * True when `parent` can be the parent of `child`: a process keeps its parent's PID after the parent
 * exits, and that PID may then go to a newer process, which is no parent of anything older than itself.
 */
export function canBeParent(parent: ProcessInfo, child: ProcessInfo): boolean {
  return parent.pid !== child.pid && (!parent.startTime || !child.startTime || parent.startTime <= child.startTime);
}

/** PIDs of the process and everything it started, following parent links (a dead or reused link ends a branch). */
export function processTree(processes: readonly ProcessInfo[], rootPid: number): Set<number> {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const children = new Map<number, number[]>();
  for (const p of processes) {
    const parent = byPid.get(p.ppid);
    if (p.pid === p.ppid || (parent && !canBeParent(parent, p))) continue;
    const list = children.get(p.ppid);
    if (list) list.push(p.pid);
    else children.set(p.ppid, [p.pid]);
  }
  const tree = new Set<number>();
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (tree.has(pid)) continue;
    tree.add(pid);
    for (const child of children.get(pid) ?? []) stack.push(child);
  }
  return tree;
}

/**
 * The top-level process of each running instance of an app: processes with that exe name whose parent
 * is not itself a process of that name. Apps that run several processes per instance (Weixin 4) count right.
 */
export function instanceRoots(processes: readonly ProcessInfo[], exe: string): ProcessInfo[] {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  return processes.filter((p) => {
    if (!sameExe(p.name, exe)) return false;
    const parent = byPid.get(p.ppid);
    return !(parent && canBeParent(parent, p) && sameExe(parent.name, exe));
  });
}

/** Every PID of every running instance of an app, child processes included. */
export function instancePids(processes: readonly ProcessInfo[], exe: string): Set<number> {
  const pids = new Set<number>();
  for (const root of instanceRoots(processes, exe)) for (const pid of processTree(processes, root.pid)) pids.add(pid);
  return pids;
}

/** Start times from different calls (process list, GetProcessTimes) may differ by rounding: equal within this. */
export const START_TIME_TOLERANCE_MS = 20;

/** True when two start times (0 = unknown) can belong to the same process. */
export function sameStart(a: number, b: number): boolean {
  return !a || !b || Math.abs(a - b) <= START_TIME_TOLERANCE_MS;
}

/** Slack for "started since": a helper can start within the same clock tick as the app, or be reported a tick earlier. */
const SINCE_SLACK_MS = 1_000;

/**
 * Where a locked-file guard of an app may be held: by a process of the app or one started since its first
 * running instance (a helper it detached, like Weixin's rundll32). Older programs are never searched, so a
 * file guard cannot close another program's handle to a file of the same name. All processes when start
 * times are unknown.
 */
export function lockHolderPids(processes: readonly ProcessInfo[], exe: string, since?: number): number[] | undefined {
  const own = instancePids(processes, exe);
  const roots = instanceRoots(processes, exe);
  const earliest = since ?? (roots.length > 0 ? Math.min(...roots.map((r) => r.startTime)) : 0);
  if (!earliest) return undefined;
  return processes.filter((p) => own.has(p.pid) || (p.startTime !== 0 && p.startTime >= earliest - SINCE_SLACK_MS)).map((p) => p.pid);
}
