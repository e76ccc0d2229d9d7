/**
 * Registry values the Windows suite changed, written down before each change and crossed out once it is
 * undone, so that a run killed half-way (Ctrl+C, a CI timeout) leaves nothing changed: the next run's
 * global setup puts every value in the journal back first. On Windows these are the user's own values.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One change to undo: the value as it was before (null: it did not exist). */
export interface RegistryChange {
  id: string;
  key: string;
  name: string;
  previous: string | null;
}

/** Reads the journal; a missing or unreadable file holds no changes. */
export function readJournal(file: string): RegistryChange[] {
  if (!existsSync(file)) return [];
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(value) ? (value as RegistryChange[]) : [];
  } catch {
    return [];
  }
}

function writeJournal(file: string, changes: readonly RegistryChange[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(changes, null, 2));
  renameSync(temp, file);
}

/** Writes a change down before it is made; the first entry for a value keeps the original state. */
export function recordChange(file: string, change: RegistryChange): void {
  writeJournal(file, [...readJournal(file), change]);
}

/** Crosses a change out once it has been undone. */
export function forgetChange(file: string, id: string): void {
  writeJournal(file, readJournal(file).filter((c) => c.id !== id));
}

/**
 * Undoes every change left in the journal, newest first (so a value changed twice gets its first
 * state back); returns what it could not undo. `undo` performs one change.
 */
export function replayJournal(file: string, undo: (change: RegistryChange) => boolean): RegistryChange[] {
  const failed: RegistryChange[] = [];
  for (const change of readJournal(file).reverse()) {
    if (undo(change)) forgetChange(file, change.id);
    else failed.push(change);
  }
  return failed;
}
