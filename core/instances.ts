/**
 * Instances as first-class things: every running copy of a preset has an index (1..N), stable while it
 * runs. The CLI is one-shot and the app's engine is another process, so the index lives in a small
 * runtime file, `instances.json` under the presets home, keyed by (pid, start time): a launch records the
 * index each copy got, and a copy started another way gets the lowest free index the first time anyone
 * looks. Records of processes that are gone are dropped on every look.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OsApi, ProcessInfo, WindowInfo } from '../native-bindings/os-api';
import { toHex } from './hex';
import { labelOf } from './labels';
import { fillTemplate } from './launch';
import { expandEnvironment } from './locate';
import type { InstanceRow, InstanceWindow, Outcome, PresetView } from './model';
import { writeFileAtomic } from './presets/atomic-file';
import { instanceRoots, listProcesses, sameStart } from './processes';

/** The runtime file's name under the presets home. */
export const INSTANCES_FILE = 'instances.json';

/** Which index a running copy has, and the label Multiopen last put in its titles. */
export interface IndexRecord {
  preset: string;
  index: number;
  pid: number;
  startTime: number;
  /** The label last appended to its window titles (taken off again when the label changes). */
  applied?: string;
}

/** True when a value read from the file is a well-formed record. */
function isRecord(v: unknown): v is IndexRecord {
  const r = v as Partial<IndexRecord> | null;
  return (
    r !== null && typeof r === 'object' && typeof r.preset === 'string' && Number.isInteger(r.index) && (r.index ?? 0) >= 1 &&
    Number.isInteger(r.pid) && typeof r.startTime === 'number' && (r.applied === undefined || typeof r.applied === 'string')
  );
}

/** The runtime index file. A missing or unreadable file is an empty book: indices are then handed out afresh. */
export class IndexBook {
  /** The file's full path. */
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, INSTANCES_FILE);
  }

  /** Every record (malformed entries are skipped). */
  read(): IndexRecord[] {
    try {
      const json = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { copies?: unknown };
      return Array.isArray(json.copies) ? json.copies.filter(isRecord) : [];
    } catch {
      return [];
    }
  }

  /** Replaces the records; false when the file could not be written (the indices then last for this call only). */
  write(records: readonly IndexRecord[]): boolean {
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, copies: records }, null, 1)}\n`);
      return true;
    } catch {
      return false;
    }
  }

  /** Adds or replaces the record of one copy (a launch, right after the copy started). */
  record(entry: IndexRecord): void {
    const others = this.read().filter((r) => !(r.pid === entry.pid && sameStart(r.startTime, entry.startTime)));
    this.write([...others, entry]);
  }
}

/** The lowest `count` indices (1, 2, ...) not in `used`. */
export function freeIndices(used: ReadonlySet<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 1; out.length < count; i++) if (!used.has(i)) out.push(i);
  return out;
}

/** One running copy and its record. */
export interface IndexedCopy {
  root: ProcessInfo;
  record: IndexRecord;
}

/**
 * Gives every running copy of a preset its index: a recorded copy keeps its own, any other gets the
 * lowest free one (older copies first). Records of processes that are gone (or whose PID now belongs to a
 * newer process) are dropped. Returns the copies by index and the records to keep.
 */
export function indexCopies(records: readonly IndexRecord[], presetId: string, roots: readonly ProcessInfo[], all: readonly ProcessInfo[]): { copies: IndexedCopy[]; records: IndexRecord[]; changed: boolean } {
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const kept = records.filter((r) => {
    const p = byPid.get(r.pid);
    return p !== undefined && sameStart(p.startTime, r.startTime);
  });
  let changed = kept.length !== records.length;
  const mine = kept.filter((r) => r.preset === presetId);
  const copies: IndexedCopy[] = [];
  const used = new Set<number>();
  const unrecorded: ProcessInfo[] = [];
  for (const root of [...roots].sort((a, b) => a.startTime - b.startTime || a.pid - b.pid)) {
    const record = mine.find((r) => r.pid === root.pid && !used.has(r.index));
    if (record) {
      used.add(record.index);
      copies.push({ root, record });
    } else unrecorded.push(root);
  }
  for (const root of unrecorded) {
    const [index = 1] = freeIndices(used, 1);
    used.add(index);
    const record: IndexRecord = { preset: presetId, index, pid: root.pid, startTime: root.startTime };
    kept.push(record);
    copies.push({ root, record });
    changed = true;
  }
  return { copies: copies.sort((a, b) => a.record.index - b.record.index), records: kept, changed };
}

/** Window classes every GUI thread has (the IME's): never a copy's own window. */
const SYSTEM_WINDOW_CLASSES = new Set(['IME', 'MSCTFIME UI']);

/** A copy's own top-level windows: its visible ones; when none is visible (hidden to the tray), its titled ones. */
export function ownWindows(windows: readonly WindowInfo[]): WindowInfo[] {
  const own = windows.filter((w) => !SYSTEM_WINDOW_CLASSES.has(w.className));
  const visible = own.filter((w) => w.visible !== false);
  return visible.length > 0 ? visible : own.filter((w) => w.title !== '');
}

/** A window as the contract shows it. */
function windowRow(w: WindowInfo): InstanceWindow {
  return { handle: toHex(w.handle), title: w.title, class: w.className, visible: w.visible !== false, minimized: w.minimized === true };
}

/** The presets to list copies under: one preset, or per exe the one that names its copies (labels first, then a user preset, then a current one). */
export function presetsToList(presets: readonly PresetView[], only?: string): PresetView[] {
  if (only !== undefined) return presets.filter((p) => p.id === only.toLowerCase());
  const rank = (p: PresetView) => (p.labels?.some((l) => l !== '') ? 0 : 4) + (p.origin === 'user' ? 0 : 2) + (p.legacy ? 1 : 0);
  const byExe = new Map<string, PresetView>();
  for (const p of [...presets].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))) {
    const key = p.exe.toLowerCase();
    if (!byExe.has(key)) byExe.set(key, p);
  }
  return [...byExe.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** What listing copies needs. */
export interface InstanceContext {
  os: OsApi;
  book: IndexBook;
  env: NodeJS.ProcessEnv;
}

/** The running copies of each preset, with indices (recorded in the book), labels, windows and data folders. */
export async function listInstanceRows(ctx: InstanceContext, presets: readonly PresetView[]): Promise<Outcome<{ rows: InstanceRow[]; copies: { preset: PresetView; copy: IndexedCopy }[] }>> {
  const listed = await listProcesses(ctx.os);
  if (!listed.ok) return listed;
  let records = ctx.book.read();
  let changed = false;
  const found: { preset: PresetView; copy: IndexedCopy }[] = [];
  for (const preset of presets) {
    const indexed = indexCopies(records, preset.id, instanceRoots(listed.value, preset.exe), listed.value);
    records = indexed.records;
    changed ||= indexed.changed;
    for (const copy of indexed.copies) found.push({ preset, copy });
  }
  if (changed) ctx.book.write(records);
  const rows: InstanceRow[] = [];
  for (const { preset, copy } of found) {
    const windows = await ctx.os.listTopLevelWindows(copy.root.pid);
    const { index } = copy.record;
    rows.push({
      preset: preset.id,
      index,
      label: labelOf(preset.labels, index),
      pid: copy.root.pid,
      startedAt: copy.root.startTime ? new Date(copy.root.startTime).toISOString() : null,
      windows: windows.ok ? ownWindows(windows.value).map(windowRow) : [],
      dataDir: preset.instanceDir ? expandEnvironment(fillTemplate(preset.instanceDir, index, undefined), ctx.env) : null,
    });
  }
  return { ok: true, value: { rows, copies: found } };
}

/** What a launch needs to give its copies indices: which to start, and where to note each one started. */
export interface LaunchIndexer {
  pickIndices(roots: readonly ProcessInfo[], all: readonly ProcessInfo[], count: number): number[];
  recordIndex(index: number, pid: number, startTime: number): void;
}

/**
 * The indexer of a preset's launches: running copies keep their indices; a launch of N fills the lowest
 * free ones up to N running, a launch of `only` starts exactly those indices that are not running.
 */
export function launchIndexer(book: IndexBook, presetId: string, only?: readonly number[]): LaunchIndexer {
  return {
    pickIndices(roots, all, count) {
      const indexed = indexCopies(book.read(), presetId, roots, all);
      if (indexed.changed) book.write(indexed.records);
      const used = new Set(indexed.copies.map((c) => c.record.index));
      return only ? only.filter((i) => !used.has(i)) : freeIndices(used, Math.max(0, count - roots.length));
    },
    recordIndex(index, pid, startTime) {
      book.record({ preset: presetId, index, pid, startTime });
    },
  };
}
