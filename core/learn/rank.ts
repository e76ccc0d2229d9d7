/**
 * Which named objects of an app are likely its guard: the kinds learning looks at, the name a learned
 * guard is saved under, and the ranking that decides what is tried first.
 */
import * as path from 'node:path';
import { baseName } from '../guards';
import { WINDOWS_GUARD_TYPES, type GuardType, type LearnCandidate } from '../model';
import { handleKind, pipeNameOf } from '../object-types';

/** Kernel objects a copy creates by name when it starts: the Windows guard kinds but files and pipes (File handles exist in every process from its first moment). */
export const NAMED_OBJECT_TYPES: readonly string[] = WINDOWS_GUARD_TYPES.filter((t) => t !== 'File' && t !== 'Pipe');
/** Kernel types whose handles learning collects (File covers locked files and named pipes). */
export const LEARN_SNAPSHOT_TYPES: readonly string[] = [...NAMED_OBJECT_TYPES, 'File'];
// Linux kinds score like their Windows counterparts, for when learning runs on Linux; a Windows snapshot has none.
const TYPE_SCORE: Record<GuardType, number> = { Mutant: 40, Event: 25, Semaphore: 25, Timer: 20, Job: 20, Pipe: 20, Section: 15, 'ALPC Port': 15, File: 10, Lock: 30, Pidfile: 30, DBus: 30, Port: 25, Socket: 25 };
const HINTS = /instance|single|mutex|lock|only|exclusive|running|guard|unique|one/i;

/** The name a learned guard is saved under: the object's base name, for pipes the pipe name, for files the last three path parts. */
export function learnedName(type: GuardType, fullName: string): string {
  if (type === 'Pipe') return pipeNameOf(fullName) ?? baseName(fullName);
  if (type !== 'File') return baseName(fullName);
  return fullName.split('\\').filter(Boolean).slice(-3).join('\\');
}

/** The guard kind of a handle learning may try, or null: Pipe for named pipes, the kernel type for the other guard kinds. */
export function candidateKind(typeName: string, name: string): GuardType | null {
  const kind = handleKind(typeName, name);
  return (Object.hasOwn(TYPE_SCORE, kind) ? kind : null) as GuardType | null;
}

/** True when a name carries its holder's PID as a number of its own: a per-process object, never shared by two copies. */
function namesItsProcess(name: string, pid: number | undefined): boolean {
  return pid !== undefined && pid > 4 && new RegExp(`(^|\\D)${pid}(\\D|$)`).test(name);
}

/** Ranks candidate objects: likely guard kinds and names first, objects other processes also hold (or named after their own PID) last. */
export function rankCandidates(
  entries: readonly { typeName: string; name: string | null; pid?: number }[],
  exe: string,
  heldElsewhere: ReadonlySet<string>,
): LearnCandidate[] {
  const stem = path.win32.basename(exe, path.win32.extname(exe)).toLowerCase();
  const seen = new Map<string, LearnCandidate>();
  for (const e of entries) {
    if (!e.name) continue;
    const type = candidateKind(e.typeName, e.name);
    if (type === null) continue;
    if (type === 'File' && !/\.[A-Za-z0-9]{1,8}$/.test(e.name)) continue; // folders and devices do not lock an app out
    if (type === 'File' && /\\windows\\/i.test(e.name)) continue; // system files (fonts, caches) are shared by every program
    const name = learnedName(type, e.name);
    const key = `${type}:${name}`;
    if (seen.has(key)) continue;
    let score = TYPE_SCORE[type];
    if (HINTS.test(name)) score += 30;
    if (stem.length > 2 && name.toLowerCase().includes(stem)) score += 20;
    if (heldElsewhere.has(key)) score -= 60;
    if (namesItsProcess(name, e.pid)) score -= 50;
    seen.set(key, { type, name, fullName: e.name, score });
  }
  return [...seen.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
}
