/**
 * Acting on one copy: bring it to the front (restored when minimised), close it gracefully (WM_CLOSE to
 * its own windows, then a bounded wait: an app that hides to the tray or asks first is still running,
 * and the front end offers to end it), or end it with its child processes.
 */
import { engineError } from './errors';
import { listInstanceRows, ownWindows, type InstanceContext } from './instances';
import type { InstanceActionReport, InstanceActionTarget, Outcome, PresetView } from './model';
import { listProcesses, processTree, sameStart } from './processes';

/** Bounded waits of the close action. */
export interface ActionTiming {
  /** How long a copy may take to exit after WM_CLOSE. */
  closeWaitMs: number;
  pollMs: number;
}

/** Defaults: apps that save state on close get a few seconds. */
export const DEFAULT_ACTION_TIMING: ActionTiming = { closeWaitMs: 5_000, pollMs: 200 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True while a process with this PID and start time exists (a reused PID is another process). */
async function stillRuns(ctx: InstanceContext, pid: number, startTime: number): Promise<boolean> {
  const listed = await listProcesses(ctx.os);
  return listed.ok ? listed.value.some((p) => p.pid === pid && sameStart(p.startTime, startTime)) : await ctx.os.isProcessAlive(pid);
}

/** Performs `target.action` on copy `target.index` of `preset`. */
export async function actOnInstance(ctx: InstanceContext, preset: PresetView, target: InstanceActionTarget, timing: ActionTiming = DEFAULT_ACTION_TIMING): Promise<Outcome<InstanceActionReport>> {
  const listed = await listInstanceRows(ctx, [preset]);
  if (!listed.ok) return listed;
  const found = listed.value.copies.find((c) => c.copy.record.index === target.index);
  if (!found) return { ok: false, error: engineError('NOT_RUNNING', `copy ${target.index} of "${preset.id}" is not running`) };
  const { root } = found.copy;
  if (target.pid !== undefined && target.pid !== root.pid) {
    return { ok: false, error: engineError('PROCESS_GONE', `copy ${target.index} of "${preset.id}" is now PID ${root.pid}, not ${target.pid}; nothing was done (refresh and try again)`) };
  }
  const report: InstanceActionReport = { preset: preset.id, index: target.index, pid: root.pid, action: target.action, done: false, stillRunning: true, windows: 0 };
  if (target.action === 'end') {
    const all = await listProcesses(ctx.os);
    // The copy first, so it cannot start new helpers; then what it started.
    const tree = all.ok ? [...processTree(all.value, root.pid)] : [root.pid];
    const ended = await ctx.os.terminateProcess(root.pid);
    if (!ended.ok) return { ok: false, error: engineError(ended.failure.kind === 'win32' && ended.failure.code === 5 ? 'ACCESS_DENIED' : 'OS_ERROR', `could not end PID ${root.pid}`) };
    for (const pid of tree.filter((p) => p !== root.pid)) await ctx.os.terminateProcess(pid);
    return { ok: true, value: { ...report, done: true, stillRunning: false } };
  }
  const windows = await ctx.os.listTopLevelWindows(root.pid);
  const own = windows.ok ? ownWindows(windows.value) : [];
  report.windows = own.length;
  if (target.action === 'focus') {
    const main = own.find((w) => w.title !== '') ?? own[0];
    if (!main) return { ok: true, value: report };
    if (main.minimized) await ctx.os.restoreWindow(main.handle);
    const front = await ctx.os.setForegroundWindow(main.handle);
    return { ok: true, value: { ...report, windows: 1, done: front.ok && front.value } };
  }
  for (const w of own) await ctx.os.postCloseMessage(w.handle);
  const deadline = Date.now() + timing.closeWaitMs;
  let running = await stillRuns(ctx, root.pid, root.startTime);
  while (running && Date.now() < deadline) {
    await sleep(timing.pollMs);
    running = await stillRuns(ctx, root.pid, root.startTime);
  }
  return { ok: true, value: { ...report, done: !running, stillRunning: running } };
}
