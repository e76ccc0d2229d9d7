/**
 * The main process's view of the engine: it runs in a separate process (utilityProcess running
 * engine-host.cjs) so native calls never block the window. Every call has a deadline; when one
 * passes, the engine process is killed and started again and the call is answered with TIMEOUT.
 */
import { fail, type Channel, type EventMap, type RequestOf, type ResponseOf } from '../shared/contract';
import type { EngineChannel } from '../shared/dispatch';
import type { Outcome } from '../../core/model';
import { MAX_INSTANCES } from '../../core/policy';

/** What the client needs of a child process (UtilityProcess fits). */
export interface EngineProcess {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** Host → engine message. */
export interface EngineRequest {
  id: number;
  channel: EngineChannel;
  payload: unknown;
}

/** Engine → host messages: an answer, or an event. */
export type EngineMessage = { id: number; result: Outcome<unknown> } | { event: keyof EventMap; payload: EventMap[keyof EventMap] };

/** Options of the client. */
export interface EngineClientOptions {
  spawn: () => EngineProcess;
  /** Deadline of a call in ms. */
  deadlineMs?: (channel: EngineChannel, payload: unknown) => number;
  onEvent?: <E extends keyof EventMap>(event: E, payload: EventMap[E]) => void;
  /** Told when the engine is restarted (logs). */
  onRestart?: (reason: string) => void;
}

/** Default deadlines: launches wait for each new instance's guard, so they scale with the count. */
export function defaultDeadline(channel: Channel, payload: unknown): number {
  switch (channel) {
    case 'instances.launch': {
      const count = (payload as { target?: { count?: number } })?.target?.count ?? 1;
      return 30_000 + 30_000 * Math.min(MAX_INSTANCES, Math.max(1, count));
    }
    case 'handles.list':
      return 45_000;
    case 'guards.learn':
    case 'presets.check':
      // Learning and checking start and end several copies of the app, one trial per candidate object.
      return 300_000;
    case 'guards.unlock':
      return 30_000;
    default:
      return 15_000;
  }
}

interface Pending {
  resolve: (r: Outcome<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
  channel: EngineChannel;
}

/** Talks to the engine process; restarts it when a call hangs or it dies. */
export class EngineClient {
  private child: EngineProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** How many times the engine process was started (tests and diagnostics). */
  starts = 0;

  constructor(private readonly options: EngineClientOptions) {}

  /** Sends one call (its payload already validated at the trust boundary); always resolves, with TIMEOUT when the deadline passes. */
  call<C extends EngineChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    return this.send(channel, payload) as Promise<ResponseOf<C>>;
  }

  private send(channel: EngineChannel, payload: unknown): Promise<Outcome<unknown>> {
    const child = this.ensure();
    const id = this.nextId++;
    const deadline = (this.options.deadlineMs ?? defaultDeadline)(channel, payload);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(fail('TIMEOUT', `the engine did not answer ${channel} within ${deadline} ms; it was restarted`));
        this.restart(`${channel} timed out after ${deadline} ms`);
      }, deadline);
      this.pending.set(id, { resolve, timer, channel });
      try {
        child.postMessage({ id, channel, payload } satisfies EngineRequest);
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(fail('OS_ERROR', `cannot reach the engine: ${err instanceof Error ? err.message : String(err)}`));
        this.restart('post failed');
      }
    });
  }

  /** Stops the engine process. */
  dispose(): void {
    this.stop('shutting down', 'OS_ERROR');
  }

  private ensure(): EngineProcess {
    if (this.child) return this.child;
    const child = this.options.spawn();
    this.starts++;
    this.child = child;
    child.on('message', (message) => this.onMessage(message));
    child.on('exit', (code) => {
      // Only the current child's exit matters; a killed predecessor's exit arrives late.
      if (this.child !== child) return;
      this.child = null;
      this.failAll('OS_ERROR', `the engine exited (code ${code}); it will be started again`);
      // A crashed engine lost its watchers just like a restarted one.
      this.options.onRestart?.(`the engine exited (code ${code})`);
    });
    return child;
  }

  private onMessage(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    if ('event' in message) {
      const m = message as Extract<EngineMessage, { event: string }>;
      this.options.onEvent?.(m.event, m.payload);
      return;
    }
    const m = message as Extract<EngineMessage, { id: number }>;
    const p = this.pending.get(m.id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(m.id);
    p.resolve(m.result);
  }

  private restart(reason: string): void {
    // Calls still in flight died with the engine; they get TIMEOUT too, the next call starts a fresh one.
    this.stop(reason, 'TIMEOUT');
    this.options.onRestart?.(reason);
  }

  private stop(reason: string, code: 'TIMEOUT' | 'OS_ERROR'): void {
    const child = this.child;
    this.child = null;
    this.failAll(code, `the engine was restarted (${reason})`);
    child?.kill();
  }

  private failAll(code: 'TIMEOUT' | 'OS_ERROR', message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.resolve(fail(code, message));
    }
  }
}
