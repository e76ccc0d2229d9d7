/**
 * Pidfiles: small files whose first line is the PID of a running copy. An app that checks "is the PID
 * in my pidfile alive?" needs no descriptor open, so pidfiles are found by reading the folders apps put
 * them in (the runtime, cache, config and state folders, /run, /tmp), to a bounded depth and file count.
 * A file counts only when its PID is one asked about and it was written after that process started
 * (an older file holding the same number is a stale one, or a counter, not this process's pidfile).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidfilePid } from './parse';

/** A folder to search and how deep. */
export interface PidfileRoot {
  dir: string;
  /** 1: only the folder's own files; 2: also its subfolders' files; ... */
  depth: number;
}

/** A pidfile found for a process. */
export interface PidfileHolding {
  pid: number;
  path: string;
  /** Last write, ms since 1970. */
  mtimeMs: number;
}

/** Largest file read as a possible pidfile: a PID and a newline, with room for a second line (a port, a path). */
export const PIDFILE_MAX_BYTES = 128;
/** Most directory entries looked at per search, so a huge /tmp cannot stall a snapshot. */
export const PIDFILE_MAX_ENTRIES = 20_000;
/** How many files are checked at once. */
const STAT_BATCH = 64;
/** Slack between a process's start time (stat ticks, 10 ms) and a file's mtime (written right after start). */
const START_SLACK_MS = 2000;

/** The folders searched by default, from the environment (XDG variables, HOME) of the engine's own user. */
export function defaultPidfileRoots(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 0): PidfileRoot[] {
  const home = env.HOME ?? os.homedir();
  const roots: PidfileRoot[] = [
    { dir: env.XDG_RUNTIME_DIR ?? `/run/user/${uid}`, depth: 3 },
    { dir: '/run', depth: 2 },
    { dir: '/tmp', depth: 2 },
    { dir: env.XDG_CACHE_HOME ?? path.join(home, '.cache'), depth: 3 },
    { dir: env.XDG_CONFIG_HOME ?? path.join(home, '.config'), depth: 3 },
    { dir: env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), depth: 3 },
    { dir: env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), depth: 3 },
  ];
  const seen = new Set<string>();
  return roots.filter((r) => !seen.has(r.dir) && seen.add(r.dir));
}

/**
 * Finds the pidfiles of the given processes (pid -> its start time in ms since 1970) under `roots`.
 * Symlinks are not followed (no loops, no escaping a root); unreadable folders are passed over.
 */
export async function findPidfiles(processes: ReadonlyMap<number, number>, roots: readonly PidfileRoot[], maxEntries = PIDFILE_MAX_ENTRIES): Promise<PidfileHolding[]> {
  if (processes.size === 0) return [];
  const found = new Map<string, PidfileHolding>();
  let budget = maxEntries;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth <= 0 || budget <= 0) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const files: string[] = [];
    const subdirs: string[] = [];
    for (const e of entries) {
      if (--budget < 0) break;
      if (e.isDirectory()) subdirs.push(path.join(dir, e.name));
      else if (e.isFile()) files.push(path.join(dir, e.name));
    }
    // The files of one folder are checked together: a big /tmp is thousands of stat calls.
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      for (const hit of await Promise.all(files.slice(i, i + STAT_BATCH).map((f) => readPidfile(f, processes)))) if (hit) found.set(hit.path, hit);
    }
    for (const sub of subdirs) await walk(sub, depth - 1);
  };
  for (const r of roots) await walk(r.dir, r.depth);
  return [...found.values()];
}

/** The pidfile at `file` when it names one of `processes` and is younger than that process; null otherwise. */
export async function readPidfile(file: string, processes: ReadonlyMap<number, number>): Promise<PidfileHolding | null> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size === 0 || st.size > PIDFILE_MAX_BYTES) return null;
    const pid = pidfilePid(await fs.readFile(file, 'utf8'));
    // PID 1 (init) started at boot, so every file holding "1" would be "younger" than it; init keeps no pidfile guard.
    if (pid === null || pid === 1) return null;
    const started = processes.get(pid);
    if (started === undefined || st.mtimeMs + START_SLACK_MS < started) return null;
    return { pid, path: file, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}
