/**
 * The one IPC contract between the UI and the engine host (Electron main over IPC, browser mode over
 * HTTP). Every request channel is declared here once with the zod schema of its payload and the type
 * of its answer; preload, main handlers, the HTTP server and the renderer transports derive from it.
 */
import { z } from 'zod';
import { HANDLE_HEX, MAX_HANDLE_DIGITS } from '../../core/hex';
import { ERROR_CODES, GUARD_TYPES } from '../../core/model';
import { presetSchema } from '../../core/presets/schema';
import { MAX_INSTANCES } from '../../core/policy';
import type {
  CheckProgress,
  CheckReport,
  CloseReport,
  EngineError,
  ErrorCode,
  HandleRow,
  ImportReview,
  InstanceActionReport,
  InstanceRow,
  LaunchProgress,
  LaunchReport,
  LearnProgress,
  LearnReport,
  Outcome,
  Preset,
  PresetView,
  ProcessRow,
  ShortcutResult,
  WatchEvent,
  WatchState,
} from '../../core/model';

const pid = z.number().int().min(0).max(0xffffffff);
const hex = z.string().regex(HANDLE_HEX, `a hex string like 0x1c4 (at most ${MAX_HANDLE_DIGITS} digits)`);
const shortText = z.string().max(1024);
const presetId = z.string().min(1).max(64);
const eventId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const guardSpec = z.strictObject({
  type: z.enum(GUARD_TYPES),
  name: z.string().min(1).max(1024),
  optional: z.boolean().optional(),
});
const count = z.number().int().min(1).max(MAX_INSTANCES);

/** Schema of a preset as the UI sends it to be saved: the engine's own, so the two never disagree. */
export { presetSchema };

const handleQuery = z.strictObject({
  pids: z.array(pid).max(4096).optional(),
  exes: z.array(z.string().min(1).max(260)).max(256).optional(),
  types: z.array(z.string().min(1).max(64)).max(64).optional(),
  match: shortText.optional(),
  namedOnly: z.boolean().optional(),
});

const unlockTarget = z.union([
  z.strictObject({ preset: z.string().min(1).max(64) }),
  z.strictObject({ exe: z.string().min(1).max(260), guards: z.array(guardSpec).min(1).max(32) }),
]);

const launchTarget = z.union([
  // confirmed: the user saw what an untrusted preset starts and said yes (its first launch).
  // elevate: start the copies through the Windows (UAC) prompt, on the user's explicit request only.
  z.strictObject({
    preset: z.string().min(1).max(64),
    path: shortText.optional(),
    count,
    confirmed: z.boolean().optional(),
    elevate: z.boolean().optional(),
    // only: exactly the copies with these labels that are not running.
    only: z.array(z.string().min(1).max(64)).min(1).max(MAX_INSTANCES).optional(),
  }),
  z.strictObject({ path: z.string().min(1).max(1024), guards: z.array(guardSpec).max(32), count, elevate: z.boolean().optional() }),
]);

const empty = z.strictObject({});

/** Largest presets document accepted for import, in characters of its JSON text. */
export const MAX_PRESET_DOCUMENT_CHARS = 512 * 1024;

/** The JSON length of a value, or Infinity when it cannot be serialised (cycles, BigInt). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? Infinity;
  } catch {
    return Infinity;
  }
}

// Only the shape and size are checked here: the engine validates the content and names the bad field.
const presetDocument = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'a JSON object (an export file or one preset)')
  .refine((v) => jsonLength(v) <= MAX_PRESET_DOCUMENT_CHARS, `at most ${MAX_PRESET_DOCUMENT_CHARS / 1024} KiB of JSON`);

/** Facts about the host: which shell it runs in and whether it can restart itself elevated. */
export interface HostInfo {
  /** "electron" inside the desktop app, "browser" against `multiopen serve`. */
  shell: 'electron' | 'browser';
  /** True when "restart as administrator" can be done by the host itself. */
  canRestartElevated: boolean;
  version: string;
}

/** Zod schema of each request channel's payload. */
export const requestSchemas = {
  'processes.list': z.strictObject({ name: z.string().max(260).optional() }),
  'handles.list': handleQuery,
  // type and name are what the user saw: the engine refuses (HANDLE_CHANGED) when the handle now names something else.
  'handles.close': z.strictObject({ pid, handle: hex, type: z.string().min(1).max(64).optional(), name: z.string().max(32767).optional() }),
  'guards.unlock': unlockTarget,
  /** `launchId` ties the `launch.progress` events to this call. */
  'instances.launch': z.strictObject({ target: launchTarget, launchId: eventId }),
  /** Finds an unknown app's guard by trial; `learnId` ties the `learn.progress` events to this call. */
  'guards.learn': z.strictObject({ path: z.string().min(1).max(1024), learnId: eventId }),
  /** Checks a preset against the installed app (starts and ends its own copies); `checkId` ties the `check.progress` events to this call. */
  'presets.check': z.strictObject({ preset: presetId, path: shortText.optional(), checkId: eventId }),
  'watch.start': z.strictObject({ preset: presetId, keep: count.optional() }),
  'watch.pause': z.strictObject({ preset: presetId, paused: z.boolean() }),
  'watch.stop': z.strictObject({ preset: presetId }),
  'watch.list': empty,
  /** Only the desktop and Startup folders: the UI never writes a shortcut to a path the page chose. */
  'shortcuts.create': z.strictObject({ preset: presetId, count, where: z.enum(['desktop', 'startup']) }),
  'presets.list': empty,
  'presets.save': presetSchema,
  'presets.remove': z.strictObject({ id: presetId }),
  /** What importing a presets document would do (what each preset starts, replaces and changes); saves nothing. */
  'presets.review': z.strictObject({ document: presetDocument }),
  /** A presets document, saved as user presets; `confirmed` is the user's yes to its review. */
  'presets.import': z.strictObject({ document: presetDocument, confirmed: z.boolean().optional() }),
  /** The user presets as a document for `presets.import`. */
  'presets.export': empty,
  'app.info': empty,
  'app.restartAsAdmin': empty,
  /** Opens the folder of the log files (the desktop app); the browser mode only answers where it is. */
  'app.openLogFolder': empty,
  /** Running copies (of one preset), with indices, labels and windows. */
  'copies.list': z.strictObject({ preset: presetId.optional() }),
  /** Sets or clears (null) the label of copy `index`; the engine validates the text and names the bad field. */
  'copies.label': z.strictObject({ preset: presetId, index: count, label: z.string().max(256).nullable() }),
  /** Brings a copy to the front, asks it to close, or ends it; `pid` must still be that copy's. */
  'copies.act': z.strictObject({ preset: presetId, index: count, pid: pid.optional(), action: z.enum(['focus', 'close', 'end']) }),
  /** Opens a copy's data folder (the desktop app; the browser mode only answers where it is); the host looks the folder up itself. */
  'copies.openFolder': z.strictObject({ preset: presetId, index: count }),
} as const;

/** The answer type of each request channel. Every answer is an `Outcome`: errors are values. */
export interface ResponseMap {
  'processes.list': Outcome<ProcessRow[]>;
  'handles.list': Outcome<HandleRow[]>;
  'handles.close': Outcome<CloseReport>;
  'guards.unlock': Outcome<CloseReport>;
  'instances.launch': Outcome<LaunchReport>;
  'guards.learn': Outcome<LearnReport>;
  'presets.check': Outcome<CheckReport>;
  'watch.start': Outcome<WatchState>;
  'watch.pause': Outcome<WatchState>;
  'watch.stop': Outcome<{ stopped: string }>;
  'watch.list': Outcome<WatchState[]>;
  'shortcuts.create': Outcome<ShortcutResult>;
  'presets.list': Outcome<PresetView[]>;
  'presets.save': Outcome<PresetView>;
  'presets.remove': Outcome<{ removed: string }>;
  'presets.review': Outcome<ImportReview>;
  'presets.import': Outcome<{ saved: string[]; review: ImportReview }>;
  'presets.export': Outcome<{ schemaVersion: number; presets: Preset[] }>;
  'app.info': Outcome<HostInfo>;
  /** otherAccount: the elevated copy runs as another account (its own presets and settings), so this one stays open. */
  'app.restartAsAdmin': Outcome<{ restarting: true; otherAccount?: true }>;
  /** opened: false when the host cannot open a folder for the user (browser mode): the UI shows `folder`. */
  'app.openLogFolder': Outcome<{ folder: string; opened: boolean }>;
  'copies.list': Outcome<InstanceRow[]>;
  'copies.label': Outcome<PresetView>;
  'copies.act': Outcome<InstanceActionReport>;
  'copies.openFolder': Outcome<{ folder: string; opened: boolean }>;
}

/** A request channel name. */
export type Channel = keyof typeof requestSchemas;
/** The payload type of a request channel. */
export type RequestOf<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;
/** The answer type of a request channel. */
export type ResponseOf<C extends Channel> = ResponseMap[C];

/** Host → UI events and their payloads. */
export interface EventMap {
  'launch.progress': { launchId: string; progress: LaunchProgress };
  'learn.progress': { learnId: string; progress: LearnProgress };
  'check.progress': { checkId: string; progress: CheckProgress };
  /** What the auto-unlock watchers do (closed guards, relaunches, state changes). */
  'watch.event': WatchEvent;
}
/** An event name. */
export type EventName = keyof EventMap;

/** Every request channel name, for allow-lists in preload and the HTTP server. */
export const CHANNELS = Object.keys(requestSchemas) as Channel[];
/** Every event name. */
export const EVENTS: readonly EventName[] = ['launch.progress', 'learn.progress', 'check.progress', 'watch.event'];

/** True when `name` is one of the contract's request channels. */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/** True when `name` is one of the contract's events. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENTS as readonly string[]).includes(name);
}

/** The API the renderer gets from any transport (preload's `window.multiopen`, HTTP). */
export interface MultiopenApi {
  /** Sends a request; never rejects for expected failures (they come back as `{ ok: false }`). */
  invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** Name of the global the preload script exposes. */
export const PRELOAD_GLOBAL = 'multiopen';

/** Builds an error outcome. */
export function fail(code: ErrorCode, message: string): { ok: false; error: EngineError } {
  return { ok: false, error: { code, message } };
}

/** Checks a payload against its channel's schema; a failure names the first bad field. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): Outcome<RequestOf<C>> {
  const result = requestSchemas[channel].safeParse(payload);
  if (result.success) return { ok: true, value: result.data as RequestOf<C> };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'payload';
  return { ok: false, error: { code: 'USAGE', message: `invalid ${channel} request: ${where}: ${issue?.message ?? 'invalid'}`, field: where } };
}

/** True when a value has the shape of an `Outcome` (guards transports against garbage). */
export function isOutcome(value: unknown): value is Outcome<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: { code?: unknown } };
  if (v.ok === true) return 'value' in (value as object);
  return v.ok === false && typeof v.error?.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.error.code);
}
