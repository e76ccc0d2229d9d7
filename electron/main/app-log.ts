/**
 * The main process's log (electron-log's main entry): engine restarts, refused IPC calls and watchers
 * that could not be restored go to <home>/logs/app.log; the engine process writes its closes and
 * launches to engine.log beside it. "Open log folder" shows that folder in Explorer.
 */
import { shell } from 'electron';
import mainLog from 'electron-log/main';
import * as fs from 'node:fs';
import { logFolder, openFileLog } from '../../core/activity-log';
import type { Outcome } from '../../core/model';
import { resolveHome } from '../../core/presets/store';

const home = resolveHome();

/** The main process's log. */
export const appLog = openFileLog(mainLog, { home, name: 'app' });

/** Opens the log folder in Explorer (created first: before the first line it may not exist yet). */
export async function openLogFolder(): Promise<Outcome<{ folder: string; opened: boolean }>> {
  const folder = logFolder(home);
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    return { ok: false, error: { code: 'FILE_ERROR', message: `cannot create ${folder}: ${(error as Error).message}` } };
  }
  // openPath answers an error text, empty when the folder was opened.
  const problem = await shell.openPath(folder);
  if (problem) return { ok: false, error: { code: 'FILE_ERROR', message: `cannot open ${folder}: ${problem}` } };
  return { ok: true, value: { folder, opened: true } };
}
