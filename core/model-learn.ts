/**
 * Shapes of learning an app's guard and of watching an app: the candidates, progress and report of a
 * learning run (`multiopen learn`, the UI wizard) and the watcher's events and state. Re-exported by
 * model.ts, so front ends import them from there.
 */
import type { ClosedHandle, FailedItem, GuardSpec, GuardType } from './model';

/** One candidate object, with how likely it is to be the guard. */
export interface LearnCandidate {
  type: GuardType;
  /** The object name after the last backslash (files: the last three path parts). */
  name: string;
  fullName: string;
  score: number;
}

/** Progress of a learning run, for the CLI's stderr and the UI wizard. */
export type LearnProgress =
  | { step: 'starting'; what: 'first' | 'trial'; pid?: number }
  | { step: 'collected'; candidates: number }
  | { step: 'refused'; trial: number }
  | { step: 'closing'; candidate: LearnCandidate; index: number; total: number }
  | { step: 'survived'; trial: number }
  | { step: 'minimizing'; guard: LearnCandidate }
  | { step: 'cleaning-up'; processes: number };

/** What a learning run found. */
export interface LearnReport {
  exe: string;
  path: string;
  /** The guards that mattered: closing them lets a second copy start. Empty when the app needs none. */
  guards: GuardSpec[];
  /** True when a second copy started without closing anything. */
  multiInstanceByItself: boolean;
  candidates: LearnCandidate[];
  /** Copies started for the test, all ended again. */
  trials: number;
  durationMs: number;
  /** Things the user should know (e.g. the result could not be minimised in time). */
  notes: string[];
}

/** Something the watcher did. */
export type WatchEvent =
  | { kind: 'closed'; presetId: string; handle: ClosedHandle }
  | { kind: 'failed'; presetId: string; failure: FailedItem }
  | { kind: 'launched'; presetId: string; pid: number }
  | { kind: 'state'; presetId: string; state: WatchState };

/** The visible state of one watcher. */
export interface WatchState {
  presetId: string;
  exe: string;
  /** "Keep N running": instances that exit are started again; null when only unlocking. */
  keep: number | null;
  paused: boolean;
  running: number;
  closedCount: number;
  launchedCount: number;
  /** The last failure, shown until the next success. */
  lastFailure: FailedItem | null;
}
