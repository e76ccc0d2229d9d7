import type { CloseAttempt, CloseTarget, HandleEntry, HandleFilter, HandleIdentity, NamedHandle, OsResult, ProcessInfo } from '../../native-bindings/os-api';
import { FakeOsApi } from '../../native-bindings/fake/fake-os-api';

/** Moments at which the world may change under the engine. */
export type RacePoint = 'list' | 'snapshot' | 'names' | 'close';

/** A handle the OS really closed, with what it named at that moment and which process held it. */
export interface ActualClose {
  pid: number;
  handle: number;
  current: HandleIdentity;
  process: string;
}

/** A seeded pseudo-random generator (mulberry32): the same seed replays the same run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The fake OS with injected timing: before each call it lets `chaos` change the world (a process exits,
 * a handle value is freed and reused by another object, a PID goes to another program), and it records
 * every handle it really closed. It decides nothing itself: closing is still up to the caller's check.
 */
export class RacyOs extends FakeOsApi {
  readonly closed: ActualClose[] = [];
  chaos: (point: RacePoint) => void = () => {};

  override async listProcesses(): Promise<OsResult<ProcessInfo[]>> {
    this.chaos('list');
    return super.listProcesses();
  }

  override async snapshotHandles(filter: HandleFilter) {
    this.chaos('snapshot');
    return super.snapshotHandles(filter);
  }

  override async queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[]): Promise<NamedHandle[]> {
    this.chaos('names');
    return super.queryHandleNames(handles);
  }

  override async closeRemoteHandle(target: CloseTarget, approve: (current: HandleIdentity) => boolean): Promise<OsResult<CloseAttempt>> {
    this.chaos('close');
    const process = this.processes.get(target.pid)?.name ?? '?';
    const result = await super.closeRemoteHandle(target, approve);
    if (result.ok && result.value.closed) this.closed.push({ pid: target.pid, handle: target.handle, current: result.value.current, process });
    return result;
  }

  /** Frees a handle value and gives it to another object in the same process (handle values are reused at once). */
  reuseHandle(pid: number, handle: number, next: { typeName: string; name: string; attributes?: number }): void {
    const proc = this.processes.get(pid);
    const h = proc?.handles.find((x) => x.handle === handle);
    if (!h) return;
    h.typeName = next.typeName;
    h.name = next.name;
    h.attributes = next.attributes ?? 0;
  }

  /** Ends a process and starts another program under the same PID, started later. */
  reusePid(pid: number, name: string, handles: { typeName: string; name: string }[]): void {
    if (!this.processes.has(pid)) return;
    this.kill(pid);
    this.addProcess({ pid, ppid: 500, name, path: null, handles });
  }
}
