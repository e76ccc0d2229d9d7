import type { OsApi } from '../native-bindings/os-api';
import { describeFailure } from './errors';
import { launchInstances, type LaunchClaims, type LaunchPlan, type LaunchTiming, DEFAULT_LAUNCH_TIMING } from './launch';
import type { FailedItem, GuardSpec, PreclaimSpec, WatchEvent, WatchState } from './model';
import { instancePids, instanceRoots, listProcesses, lockHolderPids } from './processes';
import { closeGuardsIn } from './unlock';

/** What a watcher needs. */
export interface WatchTarget {
  presetId: string;
  exe: string;
  guards: GuardSpec[];
  /** The launch plan used to keep `keep` instances running (its count is ignored). */
  plan?: LaunchPlan;
  keep?: number;
  /** Objects held while the watcher runs (pre-claim strategy): copies started meanwhile cannot take the guard. */
  preclaim?: PreclaimSpec[];
}

/** How often the watcher looks, and how long it waits after a failed launch before trying again. */
export interface WatchTiming {
  intervalMs: number;
  retryAfterFailureMs: number;
  launch: LaunchTiming;
}

/** Defaults: look twice a second; a failing app is retried every 30 s, not in a loop. */
export const DEFAULT_WATCH_TIMING: WatchTiming = { intervalMs: 500, retryAfterFailureMs: 30_000, launch: DEFAULT_LAUNCH_TIMING };

/**
 * Auto-unlock: while running, every instance of the app that appears has its guard closed, so the user's
 * own shortcut opens another copy; with `keep`, instances that exit are started again. Pausable.
 */
export class GuardWatcher {
  private readonly state: WatchState;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private busy: Promise<void> | null = null;
  private retryAt = 0;
  private readonly claims: LaunchClaims = { held: [] };

  constructor(
    private readonly os: OsApi,
    private readonly target: WatchTarget,
    private readonly onEvent: (event: WatchEvent) => void = () => {},
    private readonly timing: WatchTiming = DEFAULT_WATCH_TIMING,
  ) {
    this.state = { presetId: target.presetId, exe: target.exe, keep: target.keep ?? null, paused: false, running: 0, closedCount: 0, launchedCount: 0, lastFailure: null };
  }

  /** A copy of the current state. */
  get snapshot(): WatchState {
    return { ...this.state };
  }

  /** Starts watching and announces its state (front ends learn of it even while nothing runs); the first look happens at once. */
  start(): void {
    this.stopped = false;
    this.emitState();
    this.schedule(0);
  }

  /** Pauses or resumes; a paused watcher closes and launches nothing. */
  setPaused(paused: boolean): void {
    this.state.paused = paused;
    this.emitState();
    if (!paused) this.retryAt = 0;
  }

  /** Stops for good and releases pre-claimed objects; resolves when a look in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.busy;
    for (const h of this.claims.held) h.release();
    this.claims.held.length = 0;
  }

  /** One look: close guards in every instance, then top up to `keep`. Exposed for tests. */
  async tick(): Promise<void> {
    if (this.state.paused) return;
    for (const spec of this.target.preclaim ?? []) {
      if (this.claims.held.some((h) => h.typeName === spec.type && h.name === spec.name)) continue;
      const held = await this.os.holdNamedObject(spec.type, spec.name);
      if (held.ok) this.claims.held.push(held.value);
      else this.failure({ pid: null, handle: null, ...describeFailure(held.failure, `pre-claiming ${spec.type} "${spec.name}"`), code: 'PRECLAIM_FAILED' });
    }
    const listed = await listProcesses(this.os);
    if (!listed.ok) return this.failure({ pid: null, handle: null, ...listed.error });
    const pids = [...instancePids(listed.value, this.target.exe)];
    this.setRunning(instanceRoots(listed.value, this.target.exe).length);
    if (pids.length > 0 && this.target.guards.length > 0) {
      const closed = await closeGuardsIn(this.os, pids, this.target.guards, lockHolderPids(listed.value, this.target.exe));
      if (!closed.ok) return this.failure({ pid: null, handle: null, ...closed.error });
      for (const handle of closed.value.closed) {
        this.state.closedCount++;
        this.onEvent({ kind: 'closed', presetId: this.target.presetId, handle });
      }
      for (const failure of closed.value.failed) this.failure(failure);
      if (closed.value.closed.length > 0 && closed.value.failed.length === 0) this.clearFailure();
    }
    const keep = this.target.keep;
    if (keep && this.target.plan && this.state.running < keep && Date.now() >= this.retryAt && !this.stopped) {
      const result = await launchInstances(this.os, { ...this.target.plan, count: keep }, undefined, this.timing.launch, this.claims, () => this.stopped);
      if (!result.ok) return this.failure({ pid: null, handle: null, ...result.error });
      for (const handle of result.value.closed) {
        this.state.closedCount++;
        this.onEvent({ kind: 'closed', presetId: this.target.presetId, handle });
      }
      for (const l of result.value.launched) {
        this.state.launchedCount++;
        this.onEvent({ kind: 'launched', presetId: this.target.presetId, pid: l.pid });
      }
      this.setRunning(result.value.running);
      if (result.value.failed.length > 0) {
        this.retryAt = Date.now() + this.timing.retryAfterFailureMs;
        for (const f of result.value.failed) this.failure(f);
      }
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.busy = this.tick()
        .catch((e: unknown) => this.failure({ pid: null, handle: null, code: 'OS_ERROR', message: `watcher error: ${String(e)}` }))
        .finally(() => {
          this.busy = null;
          this.schedule(this.timing.intervalMs);
        });
    }, delay);
  }

  private setRunning(running: number): void {
    if (running === this.state.running) return;
    this.state.running = running;
    this.emitState();
  }

  private failure(failure: FailedItem): void {
    this.state.lastFailure = failure;
    this.onEvent({ kind: 'failed', presetId: this.target.presetId, failure });
    this.emitState();
  }

  private clearFailure(): void {
    if (!this.state.lastFailure) return;
    this.state.lastFailure = null;
    this.emitState();
  }

  private emitState(): void {
    this.onEvent({ kind: 'state', presetId: this.target.presetId, state: this.snapshot });
  }
}
