/**
 * Compatibility records: which app version each preset last worked with, kept in compat.json in the
 * presets home. Written after every launch that made all its copies run and every check that found a
 * working preset; read by `presets show` ("last worked with version X on DATE") and exports. Local only:
 * nothing here is ever sent anywhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompatResult, LastWorked } from './model';
import { writeFileAtomic } from './presets/atomic-file';

const COMPAT_FILE = 'compat.json';
/** Records kept per preset, newest last. */
const KEEP = 10;

/** A record as stored. */
interface Stored extends LastWorked {
  preset: string;
}

/** The compatibility records under the presets home. */
export class CompatStore {
  /** The file's full path. */
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, COMPAT_FILE);
  }

  /** Every record; a missing or unreadable file has none (it is informational, never a reason to refuse). */
  private read(): Stored[] {
    try {
      const json = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { records?: unknown };
      if (!Array.isArray(json.records)) return [];
      return json.records.filter(
        (r): r is Stored => r !== null && typeof r === 'object' && typeof r.preset === 'string' && typeof r.date === 'string' && (typeof r.version === 'string' || r.version === null),
      );
    } catch {
      return [];
    }
  }

  /** Records that a preset worked with this app version today. Failing to write is not the launch's failure: it returns the reason instead. */
  record(preset: string, version: string | null, result: CompatResult, now: Date = new Date()): string | null {
    const records = this.read();
    const entry: Stored = { preset, version, date: now.toISOString().slice(0, 10), result };
    const mine = [...records.filter((r) => r.preset === preset), entry].slice(-KEEP);
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, records: [...records.filter((r) => r.preset !== preset), ...mine] }, null, 2)}\n`);
      return null;
    } catch (error) {
      return `cannot write ${this.file}: ${(error as Error).message}`;
    }
  }

  /** The newest record of a preset, or undefined when it never worked here. */
  lastWorked(preset: string): LastWorked | undefined {
    const last = this.read()
      .filter((r) => r.preset === preset)
      .at(-1);
    return last ? { version: last.version, date: last.date, result: last.result === 'checked' ? 'checked' : 'launched' } : undefined;
  }
}
