/**
 * Shapes of telling copies apart and acting on each one: a running copy of a preset with its index,
 * label and windows (`multiopen instances`), and the per-copy actions. Re-exported by model.ts, so front
 * ends import them from there.
 */
import type { Outcome, PresetView } from './model';

/** A top-level window of a copy; `handle` is hex like every handle in the contract. */
export interface InstanceWindow {
  handle: string;
  title: string;
  class: string;
  visible: boolean;
  minimized: boolean;
}

/** One running copy of a preset. */
export interface InstanceRow {
  preset: string;
  /** 1..N: the index it was launched with, or the lowest free one for a copy started another way; stable while it runs. */
  index: number;
  /** The preset's label for this index, null when it has none. */
  label: string | null;
  pid: number;
  /** When the process started (ISO 8601), null when unknown. */
  startedAt: string | null;
  windows: InstanceWindow[];
  /** The copy's data folder when the preset has one per instance (instanceDir), else null. */
  dataDir: string | null;
}

/** What to do with one copy. */
export type InstanceActionKind = 'focus' | 'close' | 'end';

/** One copy and an action; `pid`, when given, must still be that copy's (an index can pass to a new copy). */
export interface InstanceActionTarget {
  preset: string;
  index: number;
  pid?: number;
  action: InstanceActionKind;
}

/** What an action did. */
export interface InstanceActionReport {
  preset: string;
  index: number;
  pid: number;
  action: InstanceActionKind;
  /** focus: a window is in front; close: the copy exited after WM_CLOSE; end: it was ended. */
  done: boolean;
  /** close: the copy still runs after the bounded wait (the app hid itself or asks first): offer to end it. */
  stillRunning: boolean;
  /** Windows the action was sent to. */
  windows: number;
}

/** The per-copy part of the engine every front end uses. */
export interface InstancesApi {
  /** Running copies of one preset, or of every preset that has any. */
  listInstances(query?: { preset?: string }): Promise<Outcome<InstanceRow[]>>;
  /** Sets (text) or clears (null or "") the label of one index; the saved preset is returned. */
  setLabel(target: { preset: string; index: number; label: string | null }): Promise<Outcome<PresetView>>;
  /** Brings a copy to the front, closes it gracefully (WM_CLOSE, bounded wait) or ends it. */
  instanceAction(target: InstanceActionTarget): Promise<Outcome<InstanceActionReport>>;
}
