/**
 * The copies a learning run (or a check) starts and ends: the first copy, trial copies that show whether a
 * second one is refused, and the clean-up that ends every one of them. Shared by `learn` and `check`.
 */
import * as path from 'node:path';
import type { OsApi, ProcessInfo, SpawnOptions } from '../../native-bindings/os-api';
import { describeFailure, engineError } from '../errors';
import { snapshotNamed, type NamedEntry } from '../handles';
import type { EngineError, GuardSpec, LearnCandidate, LearnProgress, Outcome, WindowHint } from '../model';
import { instanceRoots, listProcesses, processTree, sameExe, sameStart } from '../processes';
import { closeGuardsIn, type GuardCloseResult } from '../unlock';
import { learnedName, LEARN_SNAPSHOT_TYPES, NAMED_OBJECT_TYPES, rankCandidates } from './rank';

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

/** The first copy: its process tree, and helpers it detached from the tree (orphans that appeared since it started). */
export interface FirstCopy {
  pid: number;
  tree: number[];
  orphans: number[];
}

/** What the first copy holds: every named entry, the ranked candidates, and the app's processes that could not be read. */
export interface Collected {
  entries: NamedEntry[];
  candidates: LearnCandidate[];
  denied: number[];
}

/** How the n-th copy is started (a check starts copies with the preset's arguments); the program's folder and no arguments by default. */
export type CopyOptions = (index: number) => Promise<SpawnOptions | EngineError>;

/** Window classes the system creates for every GUI thread. */
const SYSTEM_WINDOW_CLASSES = new Set(['IME', 'MSCTFIME UI']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Copies started by one learning run or check, each ended again by `endAll`. */
export class LearnSession {
  readonly exe: string;
  readonly started = Date.now();
  /** Copies started to test whether a second one is refused. */
  trials = 0;
  /** Copies this run started: PID -> start time once seen (null until then). A PID seen gone is dropped, never reused. */
  private readonly ours = new Map<number, number | null>();
  private existedBefore = new Set<number>();
  private copies = 0;

  constructor(
    private readonly os: OsApi,
    readonly exePath: string,
    private readonly onProgress: (p: LearnProgress) => void,
    readonly timing: LearnTiming,
    private readonly copyOptions: CopyOptions = async () => ({ cwd: path.win32.dirname(exePath) }),
  ) {
    this.exe = path.win32.basename(exePath);
  }

  /** True once the run has used its time. */
  outOfTime(): boolean {
    return Date.now() - this.started > this.timing.totalMs;
  }

  /** Refuses to start while the app runs (its copies would be disturbed) or when the exe is missing. */
  async prepare(what: string): Promise<EngineError | null> {
    const before = await this.processes();
    if (!Array.isArray(before)) return before;
    if (instanceRoots(before, this.exe).length > 0) return engineError('APP_RUNNING', `close every copy of ${this.exe} first: ${what} starts and ends its own copies`);
    if (!(await this.os.fileExists(this.exePath))) return engineError('EXE_NOT_FOUND', `${this.exePath} was not found`);
    this.existedBefore = new Set(before.map((p) => p.pid));
    return null;
  }

  /** The process list, keeping `ours` true: a copy that is gone, or whose PID now has another start time, is forgotten. */
  async processes(): Promise<ProcessInfo[] | EngineError> {
    const listed = await listProcesses(this.os);
    if (!listed.ok) return listed.error;
    for (const [pid, startTime] of this.ours) {
      const p = listed.value.find((q) => q.pid === pid);
      if (!p || (startTime !== null && !sameStart(p.startTime, startTime))) this.ours.delete(pid);
      else if (startTime === null) this.ours.set(pid, p.startTime);
    }
    return listed.value;
  }

  /** The live processes of a copy we started; empty once it is gone (even if its PID went to someone else). */
  private async liveTree(pid: number): Promise<number[] | EngineError> {
    const procs = await this.processes();
    if (!Array.isArray(procs)) return procs;
    if (!this.ours.has(pid)) return [];
    return [...processTree(procs, pid)].filter((p) => procs.some((q) => q.pid === p));
  }

  private async spawn(what: 'first' | 'trial'): Promise<number | EngineError> {
    const options = await this.copyOptions(++this.copies);
    if ('code' in options) return options;
    const spawned = await this.os.spawnDetached(this.exePath, options);
    if (!spawned.ok) return describeFailure(spawned.failure, `starting ${this.exePath}`);
    this.ours.set(spawned.value.pid, spawned.value.startTime || null);
    this.onProgress({ step: 'starting', what, pid: spawned.value.pid });
    return spawned.value.pid;
  }

  /**
   * True once a copy shows it has started: it names a kernel object, or (for apps whose guard is a pipe or
   * a window) opens a named pipe or shows a top-level window.
   */
  private async isActive(tree: readonly number[]): Promise<boolean> {
    const named = await snapshotNamed(this.os, tree, NAMED_OBJECT_TYPES);
    if (named.ok && named.value.entries.some((e) => e.name)) return true;
    if ((await this.windowsOf(tree)).length > 0) return true;
    const files = await snapshotNamed(this.os, tree, ['File']);
    return files.ok && files.value.entries.some((e) => e.name?.toLowerCase().startsWith('\\device\\namedpipe\\'));
  }

  /**
   * Starts a copy and tells whether it stays up. A refused copy opens the guard it finds and exits, so the
   * settle time counts from when the copy shows it has started: a slow start (a busy machine) is not
   * mistaken for a survivor. A copy that never shows anything counts as up after four settle times.
   */
  async trial(): Promise<boolean | EngineError> {
    this.trials++;
    const pid = await this.spawn('trial');
    if (typeof pid !== 'number') return pid;
    const started = Date.now();
    let activeSince: number | null = null;
    for (;;) {
      await sleep(this.timing.pollMs);
      const tree = await this.liveTree(pid);
      if (!Array.isArray(tree)) return tree;
      if (tree.length === 0) return false;
      if (activeSince === null && (await this.isActive(tree))) activeSince = Date.now();
      const now = Date.now();
      if (activeSince !== null && now - activeSince >= this.timing.settleMs) return true;
      if (now - started >= this.timing.settleMs * 4) return true;
    }
  }

  /** Ends every copy this run started, with the processes they started. */
  async endAll(): Promise<void> {
    const procs = await this.processes();
    if (!Array.isArray(procs)) return;
    const doomed = new Set<number>();
    for (const pid of this.ours.keys()) for (const p of processTree(procs, pid)) if (procs.some((q) => q.pid === p)) doomed.add(p);
    // Helpers the app detached from its tree are not ended: they cannot be told apart from unrelated programs.
    this.onProgress({ step: 'cleaning-up', processes: doomed.size });
    for (const pid of doomed) await this.os.terminateProcess(pid);
  }

  /**
   * The processes of the first copy: its tree, and orphans that appeared since it started (their parent
   * has exited and they are not ours). A lock may be held by a helper the app detached from its tree, as
   * Weixin's rundll32; only their locked files are tried, and unrelated programs the user starts
   * meanwhile (whose parent, e.g. explorer.exe, lives) are left alone.
   */
  private async appProcesses(pid: number): Promise<Omit<FirstCopy, 'pid'> | EngineError> {
    const procs = await this.processes();
    if (!Array.isArray(procs)) return procs;
    const tree = processTree(procs, pid);
    const alive = new Set(procs.map((p) => p.pid));
    const orphans = procs.filter(
      (p) => !tree.has(p.pid) && !this.existedBefore.has(p.pid) && !alive.has(p.ppid) && !this.ours.has(p.pid) && p.pid !== process.pid && !sameExe(p.name, this.exe),
    );
    return { tree: procs.filter((p) => tree.has(p.pid)).map((p) => p.pid), orphans: orphans.map((p) => p.pid) };
  }

  /** Starts the first copy and waits until its set of named objects stops changing. */
  async startFirst(): Promise<FirstCopy | EngineError> {
    const pid = await this.spawn('first');
    if (typeof pid !== 'number') return pid;
    let previous = -1;
    let stableSince = Date.now();
    let active = false;
    // An app that never shows anything is taken as it is after four settle times.
    const deadline = Date.now() + this.timing.settleMs * 4;
    for (;;) {
      await sleep(this.timing.pollMs);
      const live = await this.liveTree(pid);
      if (!Array.isArray(live)) return live;
      if (live.length === 0) return engineError('LEARN_FAILED', `${this.exe} exited by itself right after it started; it needs to keep running to be tested`);
      const app = await this.appProcesses(pid);
      if ('code' in app) return app;
      // The set counts as settled only once the app has shown it started (a slow start is not a quiet app).
      if (!active) active = await this.isActive(app.tree);
      const snap = await this.os.snapshotHandles({ pids: [...app.tree, ...app.orphans], types: LEARN_SNAPSHOT_TYPES });
      const count = snap.ok ? snap.value.handles.length : -1;
      if (count !== previous || !active) {
        previous = count;
        stableSince = Date.now();
      }
      if (Date.now() - stableSince >= this.timing.settleMs || Date.now() > deadline) return { pid, ...app };
    }
  }

  /** Ends every copy and starts a fresh first one (to test a smaller set of guards on a copy that holds all of them). */
  async restart(): Promise<FirstCopy | EngineError> {
    await this.endAll();
    this.ours.clear();
    return this.startFirst();
  }

  /** The named objects and locked files of the first copy, ranked; objects that processes outside the app also hold rank last. */
  async collect(first: FirstCopy): Promise<Collected | EngineError> {
    const named = await snapshotNamed(this.os, first.tree, LEARN_SNAPSHOT_TYPES);
    if (!named.ok) return named.error;
    const entries = [...named.value.entries];
    const orphanFiles = first.orphans.length > 0 ? await snapshotNamed(this.os, first.orphans, ['File']) : null;
    if (orphanFiles?.ok) entries.push(...orphanFiles.value.entries);
    const elsewhere = new Set<string>();
    const procs = await this.processes();
    if (Array.isArray(procs)) {
      const others = procs.filter((p) => !first.tree.includes(p.pid) && !sameExe(p.name, this.exe) && p.pid > 4).map((p) => p.pid);
      const othersNamed = await snapshotNamed(this.os, others, NAMED_OBJECT_TYPES);
      if (othersNamed.ok) for (const e of othersNamed.value.entries) if (e.name) elsewhere.add(`${e.typeName}:${learnedName(e.typeName as LearnCandidate['type'], e.name)}`);
    }
    const candidates = rankCandidates(entries, this.exe, elsewhere);
    this.onProgress({ step: 'collected', candidates: candidates.length });
    return { entries, candidates, denied: named.value.denied.filter((pid) => first.tree.includes(pid)) };
  }

  /** Closes these guards in the first copy; files only in its own processes, never in other programs that have the same file open. */
  closeIn(first: FirstCopy, guards: readonly GuardSpec[]): Promise<Outcome<GuardCloseResult>> {
    return closeGuardsIn(this.os, first.tree, guards, [...first.tree, ...first.orphans]);
  }

  /** The top-level windows of these processes (titles and classes), for the hint when no object explains a refusal. */
  async windowsOf(pids: readonly number[]): Promise<WindowHint[]> {
    const hints: WindowHint[] = [];
    for (const pid of pids) {
      const listed = await this.os.listTopLevelWindows(pid);
      // Windows gives every GUI thread an input-method window ("Default IME"): it says nothing about the app.
      if (listed.ok) for (const w of listed.value) if (!SYSTEM_WINDOW_CLASSES.has(w.className)) hints.push({ title: w.title, className: w.className });
    }
    return hints;
  }
}
