/**
 * Shapes of keeping up with app updates: checking a preset against the installed app (`multiopen check`),
 * the local record of what last worked, a registry value changed for a launch, and what "ready" means
 * before the next copy starts. Re-exported by model.ts, so front ends import them from there.
 */
import type { GuardSpec, LearnProgress, Preset } from './model';

/**
 * A registry value the app reads when it starts (WeCom's `multi_instances` caps it at 2 copies): set for
 * the launch (a string is REG_SZ, a number REG_DWORD) or removed (null), and restored afterwards. Only
 * HKCU, under the app's own vendor key (core/presets/safety.ts).
 */
export interface LaunchRegistryValue {
  hive: 'HKCU';
  /** The key, e.g. "Software\\Tencent\\WXWork". */
  key: string;
  /** The value name (never the key's default value). */
  value: string;
  /** What it holds during the launch; null removes it. */
  data: string | number | null;
  /** Only when the launch makes more than this many copies run in total (WeCom allows 2 by itself). */
  whenMoreThan?: number;
}

/**
 * When a new copy counts as ready for the next one: it holds its guard (the default), it shows a
 * top-level window of this class, or this file exists (%VARS%, {index}, {dir} filled in). Bounded by
 * `timeoutMs` (default 60 s).
 */
export type ReadySpec = ({ guard: true } | { windowClass: string } | { file: string }) & { timeoutMs?: number };

/** What a compatibility record says worked: a launch of all its copies, or a check that found a working preset. */
export type CompatResult = 'launched' | 'checked';

/** The last time a preset worked: the app version (null when the exe has no version resource), the date (YYYY-MM-DD) and what worked. */
export interface LastWorked {
  version: string | null;
  date: string;
  result: CompatResult;
}

/** What `check` found: the preset matches, its guard changed (a fix is proposed), none is needed, nothing explains a refusal, or the app could not be read. */
export type CheckStatus = 'ok' | 'guard-changed' | 'no-guard-needed' | 'unexplained' | 'access-denied';

/** A guard of the preset and whether the fresh copy held it. */
export interface CheckedGuard extends GuardSpec {
  held: boolean;
}

/** A top-level window of the app's first copy: the hint when no object explains a refusal (it may look for its own window). */
export interface WindowHint {
  title: string;
  className: string;
}

/** The answer of `multiopen check PRESET`. */
export interface CheckReport {
  preset: string;
  status: CheckStatus;
  exe: string;
  path: string;
  /** The exe's file version ("4.1.7.1"), null when it has none. */
  appVersion: string | null;
  /** The preset's guards, each with whether the app held it. */
  expected: CheckedGuard[];
  /** The guards that make the app refuse a second copy now ([] when it needs none, or nothing explained it). */
  found: GuardSpec[];
  /** The corrected preset (its `checkedVersion` set) when the check found a working one; null otherwise. */
  proposed: Preset | null;
  /** Top-level windows of the first copy (filled for "unexplained"). */
  windows: WindowHint[];
  /** Copies started for the check, all ended again. */
  trials: number;
  durationMs: number;
  notes: string[];
}

/** Progress of a check: learning's steps, plus the comparison with the preset. */
export type CheckProgress = LearnProgress | { step: 'compared'; expected: CheckedGuard[]; appVersion: string | null };
