/**
 * A registry value changed for a launch and restored afterwards (WeCom caps itself at two copies while
 * HKCU\Software\Tencent\WXWork multi_instances is set; for more, the value is removed during the launch).
 * The value as it was (type and bytes) is written to a journal in the presets home before anything is
 * changed, restored when the launch ends however it ends, and restored on the next launch when a
 * Multiopen that was killed mid-launch left the journal behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OsApi, OsResult, RegistryValueData } from '../native-bindings/os-api';
import { describeFailure } from './errors';
import type { EngineError, LaunchRegistryValue } from './model';
import { writeFileAtomic } from './presets/atomic-file';

/** REG_DWORD: a number in a preset's `data` is written as one. */
const REG_DWORD = 4;
/** The journal's file name in the presets home. */
export const REGISTRY_JOURNAL = 'registry-restore.json';

/** What the journal keeps: where, the value as it was (null: absent), and which process changed it. */
interface Journal {
  key: string;
  value: string;
  original: { type: number; data: string } | null;
  pid: number;
}

/** Journals of changes in effect in this process: a second launch must not take the first one's temporary value for the original. */
const active = new Set<string>();

/** A change in effect; `restore` puts the value back as it was and removes the journal. */
export interface RegistryChange {
  restore(): Promise<EngineError | null>;
}

/** True when this launch changes the value: a preset's `whenMoreThan` limits it to launches of more copies. */
export function appliesTo(spec: LaunchRegistryValue | undefined, count: number): spec is LaunchRegistryValue {
  return spec !== undefined && (spec.whenMoreThan === undefined || count > spec.whenMoreThan);
}

function readJournal(file: string): Journal | null {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
    return typeof j.key === 'string' && typeof j.value === 'string' ? j : null;
  } catch {
    return null;
  }
}

/** Writes a value back as the journal says it was (deleting it when it was absent). */
async function putBack(os: OsApi, j: Pick<Journal, 'key' | 'value' | 'original'>): Promise<OsResult<void>> {
  if (j.original === null) return os.deleteRegistryValue('HKCU', j.key, j.value);
  return os.writeRegistryValue('HKCU', j.key, j.value, { type: j.original.type, data: new Uint8Array(Buffer.from(j.original.data, 'base64')) });
}

/** Restores what a killed Multiopen left changed (its journal, when the process that wrote it is gone). */
export async function restoreLeftover(os: OsApi, journalFile: string | undefined): Promise<EngineError | null> {
  if (!journalFile) return null;
  const j = readJournal(journalFile);
  if (!j || active.has(journalFile) || (j.pid !== process.pid && (await os.isProcessAlive(j.pid)))) return null;
  const put = await putBack(os, j);
  if (!put.ok) return describeFailure(put.failure, `restoring HKCU\\${j.key}\\${j.value} left changed by an earlier launch`);
  fs.rmSync(journalFile, { force: true });
  return null;
}

/** Sets (or removes) the value for the launch. */
function setForLaunch(os: OsApi, spec: LaunchRegistryValue): Promise<OsResult<void>> {
  if (spec.data === null) return os.deleteRegistryValue('HKCU', spec.key, spec.value);
  if (typeof spec.data === 'number') {
    const data = Buffer.alloc(4);
    data.writeUInt32LE(spec.data >>> 0);
    return os.writeRegistryValue('HKCU', spec.key, spec.value, { type: REG_DWORD, data: new Uint8Array(data) });
  }
  return os.writeRegistryString('HKCU', spec.key, spec.value, spec.data);
}

/**
 * Changes the value for a launch. Nothing is changed unless the value as it was could be read and
 * journaled first; a failure to change it is reported and the launch does not start.
 */
export async function beginRegistryChange(os: OsApi, spec: LaunchRegistryValue, journalFile: string | undefined): Promise<{ ok: true; change: RegistryChange } | { ok: false; error: EngineError }> {
  const where = `HKCU\\${spec.key}\\${spec.value}`;
  const key = journalFile ?? where;
  if (active.has(key)) return { ok: false, error: { code: 'LAUNCH_FAILED', message: `another launch is changing ${where} right now; start this one when it has finished` } };
  const leftover = await restoreLeftover(os, journalFile);
  if (leftover) return { ok: false, error: leftover };
  const read = await os.readRegistryValue('HKCU', spec.key, spec.value);
  if (!read.ok) return { ok: false, error: describeFailure(read.failure, `reading ${where} before the launch changes it`) };
  const original: RegistryValueData | null = read.value;
  const journal: Journal = { key: spec.key, value: spec.value, original: original ? { type: original.type, data: Buffer.from(original.data).toString('base64') } : null, pid: process.pid };
  if (journalFile) {
    try {
      fs.mkdirSync(path.dirname(journalFile), { recursive: true });
      writeFileAtomic(journalFile, `${JSON.stringify(journal)}\n`);
    } catch (e) {
      return { ok: false, error: { code: 'FILE_ERROR', message: `cannot write ${journalFile} (needed to restore ${where} after the launch): ${(e as Error).message}` } };
    }
  }
  let restored = false;
  active.add(key);
  const change: RegistryChange = {
    async restore() {
      if (restored) return null;
      restored = true;
      const put = await putBack(os, journal);
      active.delete(key);
      if (!put.ok) return describeFailure(put.failure, `restoring ${where} after the launch (the journal ${journalFile ?? '(none)'} keeps it for the next launch)`);
      if (journalFile) fs.rmSync(journalFile, { force: true });
      return null;
    },
  };
  const set = await setForLaunch(os, spec);
  if (!set.ok) {
    // A partial change is possible (the key was created): put it back before reporting.
    await change.restore();
    return { ok: false, error: describeFailure(set.failure, `changing ${where} for the launch`) };
  }
  return { ok: true, change };
}
