import * as path from 'node:path';
import type { OsApi, ProcessInfo } from '../native-bindings/os-api';
import { describeFailure, engineError } from './errors';
import { baseName } from './guards';
import { snapshotNamed } from './handles';
import type { EngineError, GuardType, LearnCandidate, LearnProgress, LearnReport, Outcome } from './model';
import { instanceRoots, listProcesses, processTree, sameExe, sameStart } from './processes';
import { closeGuardsIn } from './unlock';

/** Bounded waits of a learning run, in milliseconds. */
export interface LearnTiming {
  /** How long a copy must stay up to count as started (a refused copy exits well before). */
  settleMs: number;
  /** How often to poll processes. */
  pollMs: number;
  /** The whole run stops after this, reporting what it knows. */
  totalMs: number;
}

/** Defaults that suit real apps; tests under Wine use the same. */
export const DEFAULT_LEARN_TIMING: LearnTiming = { settleMs: 3_000, pollMs: 150, totalMs: 180_000 };

const TYPES: GuardType[] = ['Mutant', 'Event', 'Semaphore', 'Section', 'File'];
/** Kernel objects a copy creates by name when it starts (File handles exist in every process from its first moment). */
const OBJECT_TYPES: GuardType[] = ['Mutant', 'Event', 'Semaphore', 'Section'];
const TYPE_SCORE: Record<GuardType, number> = { Mutant: 40, Event: 25, Semaphore: 25, Section: 15, File: 10 };
const HINTS = /instance|single|mutex|lock|only|exclusive|running|guard|unique|one/i;

/** The name a learned guard is saved under: the object's base name, or for files the last three path parts. */
export function learnedName(type: GuardType, fullName: string): string {
  if (type !== 'File') return baseName(fullName);
  return fullName.split('\\').filter(Boolean).slice(-3).join('\\');
}

/** Ranks candidate objects: likely guard kinds and names first, objects other processes also hold last. */
export function rankCandidates(
  entries: readonly { typeName: string; name: string | null }[],
  exe: string,
  heldElsewhere: ReadonlySet<string>,
): LearnCandidate[] {
  const stem = path.win32.basename(exe, path.win32.extname(exe)).toLowerCase();
  const seen = new Map<string, LearnCandidate>();
  for (const e of entries) {
    if (!e.name || !TYPES.includes(e.typeName as GuardType)) continue;
    const type = e.typeName as GuardType;
    if (type === 'File' && !/\.[A-Za-z0-9]{1,8}$/.test(e.name)) continue; // folders and devices do not lock an app out
    if (type === 'File' && /\\windows\\/i.test(e.name)) continue; // system files (fonts, caches) are shared by every program
    const name = learnedName(type, e.name);
    const key = `${type}:${name}`;
    if (seen.has(key)) continue;
    let score = TYPE_SCORE[type];
    if (HINTS.test(name)) score += 30;
    if (stem.length > 2 && name.toLowerCase().includes(stem)) score += 20;
    if (heldElsewhere.has(key)) score -= 60;
    seen.set(key, { type, name, fullName: e.name, score });
  }
  return [...seen.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Finds an unknown app's guard: start it, collect the named objects (and files) of its process tree, see
 * a second copy refused, then close candidates one at a time, most likely first, until a second copy
 * survives; then check which of the closed ones mattered. Every copy it started is ended before it returns.
 */
export async function learnGuards(
  os: OsApi,
  exePath: string,
  onProgress: (p: LearnProgress) => void = () => {},
  timing: LearnTiming = DEFAULT_LEARN_TIMING,
): Promise<Outcome<LearnReport>> {
  const started = Date.now();
  const exe = path.win32.basename(exePath);
  const report: LearnReport = { exe, path: exePath, guards: [], multiInstanceByItself: false, candidates: [], trials: 0, durationMs: 0, notes: [] };
  /** Copies this run started: PID -> start time once seen (null until then). A PID seen gone is dropped, never reused. */
  const ours = new Map<number, number | null>();
  const outOfTime = () => Date.now() - started > timing.totalMs;

  /** The process list, keeping `ours` true: a copy that is gone, or whose PID now has another start time, is forgotten. */
  const processes = async (): Promise<ProcessInfo[] | EngineError> => {
    const listed = await listProcesses(os);
    if (!listed.ok) return listed.error;
    for (const [pid, startTime] of ours) {
      const p = listed.value.find((q) => q.pid === pid);
      if (!p || (startTime !== null && !sameStart(p.startTime, startTime))) ours.delete(pid);
      else if (startTime === null) ours.set(pid, p.startTime);
    }
    return listed.value;
  };
  /** The live processes of a copy we started; empty once it is gone (even if its PID went to someone else). */
  const liveTree = async (pid: number): Promise<number[] | EngineError> => {
    const procs = await processes();
    if (!Array.isArray(procs)) return procs;
    if (!ours.has(pid)) return [];
    return [...processTree(procs, pid)].filter((p) => procs.some((q) => q.pid === p));
  };
  const spawn = async (what: 'first' | 'trial'): Promise<number | EngineError> => {
    const spawned = await os.spawnDetached(exePath, { cwd: path.win32.dirname(exePath) });
    if (!spawned.ok) return describeFailure(spawned.failure, `starting ${exePath}`);
    ours.set(spawned.value.pid, spawned.value.startTime || null);
    onProgress({ step: 'starting', what, pid: spawned.value.pid });
    return spawned.value.pid;
  };
  /** Starts a copy and tells whether it is still up after the settle time (its tree, so launchers count). */
  /**
   * Starts a copy and tells whether it stays up. A refused copy opens the guard it finds and exits, so the
   * settle time counts from when the copy first holds a named object: a slow start (a busy machine) is
   * not mistaken for a survivor. A copy that never names anything counts as up after four settle times.
   */
  const trial = async (): Promise<boolean | EngineError> => {
    report.trials++;
    const pid = await spawn('trial');
    if (typeof pid !== 'number') return pid;
    const started = Date.now();
    let activeSince: number | null = null;
    for (;;) {
      await sleep(timing.pollMs);
      const tree = await liveTree(pid);
      if (!Array.isArray(tree)) return tree;
      if (tree.length === 0) return false;
      if (activeSince === null) {
        const named = await snapshotNamed(os, tree, OBJECT_TYPES);
        if (named.ok && named.value.entries.some((e) => e.name)) activeSince = Date.now();
      }
      const now = Date.now();
      if (activeSince !== null && now - activeSince >= timing.settleMs) return true;
      if (now - started >= timing.settleMs * 4) return true;
    }
  };
  const endAll = async () => {
    const procs = await processes();
    if (!Array.isArray(procs)) return;
    const doomed = new Set<number>();
    for (const pid of ours.keys()) for (const p of processTree(procs, pid)) if (procs.some((q) => q.pid === p)) doomed.add(p);
    // Helpers the app detached from its tree are not ended: they cannot be told apart from unrelated programs.
    onProgress({ step: 'cleaning-up', processes: doomed.size });
    for (const pid of doomed) await os.terminateProcess(pid);
  };
  let existedBefore = new Set<number>();
  /**
   * The processes of the first copy: its tree, and orphans that appeared since it started (their parent
   * has exited and they are not ours). A lock may be held by a helper the app detached from its tree, as
   * Weixin's rundll32; only their locked files are tried, and unrelated programs the user starts
   * meanwhile (whose parent, e.g. explorer.exe, lives) are left alone.
   */
  const appProcesses = async (pid: number): Promise<{ tree: number[]; orphans: number[] } | EngineError> => {
    const procs = await processes();
    if (!Array.isArray(procs)) return procs;
    const tree = processTree(procs, pid);
    const alive = new Set(procs.map((p) => p.pid));
    const orphans = procs.filter(
      (p) => !tree.has(p.pid) && !existedBefore.has(p.pid) && !alive.has(p.ppid) && !ours.has(p.pid) && p.pid !== process.pid && !sameExe(p.name, exe),
    );
    return { tree: procs.filter((p) => tree.has(p.pid)).map((p) => p.pid), orphans: orphans.map((p) => p.pid) };
  };
  /** Starts the first copy and waits until its set of named objects stops changing. */
  const startFirst = async (): Promise<{ pid: number; tree: number[]; orphans: number[] } | EngineError> => {
    const pid = await spawn('first');
    if (typeof pid !== 'number') return pid;
    let previous = -1;
    let stableSince = Date.now();
    let active = false;
    // An app that never names anything is taken as it is after four settle times.
    const deadline = Date.now() + timing.settleMs * 4;
    for (;;) {
      await sleep(timing.pollMs);
      const live = await liveTree(pid);
      if (!Array.isArray(live)) return live;
      if (live.length === 0) return engineError('LEARN_FAILED', `${exe} exited by itself right after it started; learning needs it to keep running`);
      const app = await appProcesses(pid);
      if ('code' in app) return app;
      // The set counts as settled only once the app has named something (a slow start is not a quiet app).
      if (!active) {
        const named = await snapshotNamed(os, app.tree, OBJECT_TYPES);
        active = named.ok && named.value.entries.some((e) => e.name);
      }
      const snap = await os.snapshotHandles({ pids: [...app.tree, ...app.orphans], types: TYPES });
      const count = snap.ok ? snap.value.handles.length : -1;
      if (count !== previous || !active) {
        previous = count;
        stableSince = Date.now();
      }
      if (Date.now() - stableSince >= timing.settleMs || Date.now() > deadline) return { pid, ...app };
    }
  };
  const fail = async (error: EngineError): Promise<Outcome<LearnReport>> => {
    await endAll();
    return { ok: false, error };
  };

  const before = await processes();
  if (!Array.isArray(before)) return { ok: false, error: before };
  if (instanceRoots(before, exe).length > 0) {
    return { ok: false, error: engineError('APP_RUNNING', `close every copy of ${exe} first: learning starts and ends its own copies`) };
  }
  if (!(await os.fileExists(exePath))) return { ok: false, error: engineError('EXE_NOT_FOUND', `${exePath} was not found`) };
  existedBefore = new Set(before.map((p) => p.pid));

  let first = await startFirst();
  if ('code' in first) return fail(first);
  const named = await snapshotNamed(os, first.tree, TYPES);
  if (!named.ok) return fail(named.error);
  const orphanFiles = first.orphans.length > 0 ? await snapshotNamed(os, first.orphans, ['File']) : null;
  if (orphanFiles?.ok) named.value.entries.push(...orphanFiles.value.entries);
  // Objects that processes outside the app also hold are rarely its guard: they rank last.
  const elsewhere = new Set<string>();
  const firstTree = first.tree;
  const procs = await processes();
  if (Array.isArray(procs)) {
    const others = procs.filter((p) => !firstTree.includes(p.pid) && !sameExe(p.name, exe) && p.pid > 4).map((p) => p.pid);
    const othersNamed = await snapshotNamed(os, others, OBJECT_TYPES);
    if (othersNamed.ok) for (const e of othersNamed.value.entries) if (e.name) elsewhere.add(`${e.typeName}:${learnedName(e.typeName as GuardType, e.name)}`);
  }
  report.candidates = rankCandidates(named.value.entries, exe, elsewhere);
  onProgress({ step: 'collected', candidates: report.candidates.length });

  const survivedAtFirst = await trial();
  if (typeof survivedAtFirst !== 'boolean') return fail(survivedAtFirst);
  if (survivedAtFirst) {
    report.multiInstanceByItself = true;
    report.notes.push(`a second copy of ${exe} started without closing anything: it needs no unlocking (or it hands over to the first copy later than ${timing.settleMs} ms)`);
    await endAll();
    report.durationMs = Date.now() - started;
    return { ok: true, value: report };
  }
  onProgress({ step: 'refused', trial: report.trials });

  const closed: LearnCandidate[] = [];
  let survived = false;
  for (const [index, candidate] of report.candidates.entries()) {
    if (outOfTime()) break;
    onProgress({ step: 'closing', candidate, index: index + 1, total: report.candidates.length });
    // Files are closed only in the copy's own processes, never in other programs that have the same file open.
    const result = await closeGuardsIn(os, first.tree, [{ type: candidate.type, name: candidate.name }], [...first.tree, ...first.orphans]);
    if (!result.ok) return fail(result.error);
    if (result.value.closed.length === 0) continue;
    closed.push(candidate);
    const up = await trial();
    if (typeof up !== 'boolean') return fail(up);
    if (up) {
      survived = true;
      onProgress({ step: 'survived', trial: report.trials });
      break;
    }
  }
  if (!survived) {
    return fail(
      engineError(
        'LEARN_FAILED',
        outOfTime()
          ? `no guard found within ${Math.round(timing.totalMs / 1000)} s (${closed.length} of ${report.candidates.length} candidates tried)`
          : report.candidates.length === 0
            ? `${exe}'s processes hold no named object or locked file to try: its single-instance check is something else (a window, a pipe or a network port)`
            : `closing all ${closed.length} named objects of ${exe} did not let a second copy start: its single-instance check is something else (a window, a pipe or a network port)`,
      ),
    );
  }

  // The last closed object was needed given the others; check each earlier one on a fresh first copy.
  let needed = [...closed];
  for (const candidate of closed.slice(0, -1)) {
    if (outOfTime()) {
      report.notes.push('there was no time left to check which of the closed objects were really needed; all are kept');
      break;
    }
    onProgress({ step: 'minimizing', guard: candidate });
    await endAll();
    ours.clear();
    first = await startFirst();
    if ('code' in first) return fail(first);
    const without = needed.filter((c) => c !== candidate);
    const result = await closeGuardsIn(os, first.tree, without.map((c) => ({ type: c.type, name: c.name })), [...first.tree, ...first.orphans]);
    if (!result.ok) return fail(result.error);
    const up = await trial();
    if (typeof up !== 'boolean') return fail(up);
    if (up) needed = without;
  }
  report.guards = needed.map((c) => ({ type: c.type, name: c.name }));
  await endAll();
  report.durationMs = Date.now() - started;
  return { ok: true, value: report };
}
