import * as fs from 'node:fs';
import * as path from 'node:path';

/** A temp file older than this is abandoned even if a process with its writer's PID runs (PIDs are reused; a write takes milliseconds). */
const STALE_TEMP_MS = 60_000;

/** True while a process with this PID exists (EPERM: it exists but belongs to someone else). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes this file's temp files ("<file>.<pid>.<ms>.tmp") left by writers that were killed between
 * creating and renaming them: their process is gone, or they are older than any write takes.
 */
export function removeStaleTemps(file: string, now = Date.now()): string[] {
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(`${base}.`)) continue;
    const m = /^\.(\d+)\.(\d+)\.tmp$/.exec(name.slice(base.length));
    if (!m) continue;
    const pid = Number(m[1]);
    const age = now - Number(m[2]);
    // Our own temp files are never in flight here (writes are synchronous), but a worker thread shares the PID.
    if (age < STALE_TEMP_MS && processExists(pid)) continue;
    try {
      fs.rmSync(path.join(path.dirname(file), name), { force: true });
      removed.push(name);
    } catch {
      // Another writer removed it first, or it cannot be removed now: the next write tries again.
    }
  }
  return removed;
}

/**
 * Writes a file so that a crash leaves either the old or the new content, never a torn one (temp file,
 * fsync, rename), and removes the temp files of earlier writers that were killed mid-write.
 */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  removeStaleTemps(file);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = fs.openSync(temp, 'w');
  let open = true;
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    open = false;
    fs.renameSync(temp, file);
  } catch (error) {
    // A failed write (disk full) or rename leaves no temp file behind.
    if (open) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
