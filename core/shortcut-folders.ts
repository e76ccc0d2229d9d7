/**
 * The folders "launch N" shortcuts go to. Users move their Desktop (OneDrive, another drive) and
 * Windows records where in the registry; %USERPROFILE%\Desktop is only the old default. The shell's own
 * order is followed: User Shell Folders (REG_EXPAND_SZ, expanded), then the legacy Shell Folders, then
 * the defaults. A shell folder is the shell's to create: a missing one is an error naming it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OsApi } from '../native-bindings/os-api';
import { engineError } from './errors';
import { expandEnvironment } from './locate';
import type { Outcome } from './model';

/** HKCU key whose values name the user's shell folders, with %VARIABLES% (what Explorer writes when a folder is moved). */
export const USER_SHELL_FOLDERS_KEY = 'Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders';
/** The legacy HKCU key with expanded paths, kept by Windows for old programs. */
export const SHELL_FOLDERS_KEY = 'Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders';

/** A shell folder a shortcut can be put in. */
export type ShortcutPlace = 'desktop' | 'startup';

/** Where the folder's path came from. */
export type ShortcutFolderSource = 'User Shell Folders' | 'Shell Folders' | 'default';

const VALUE_NAME: Record<ShortcutPlace, string> = { desktop: 'Desktop', startup: 'Startup' };
const LABEL: Record<ShortcutPlace, string> = { desktop: 'Desktop', startup: 'Startup' };

/** An absolute Windows path (drive or UNC) or, for tests on other platforms, an absolute POSIX one. */
function usablePath(value: string | null): string | null {
  const text = value?.trim() ?? '';
  if (text === '' || text.includes('%')) return null;
  return /^[A-Za-z]:[\\/]/.test(text) || text.startsWith('\\\\') || text.startsWith('/') ? text : null;
}

/** The old guesses, for when the registry names nothing usable. */
function defaultFolder(place: ShortcutPlace, env: NodeJS.ProcessEnv): string | null {
  if (place === 'desktop') return env.USERPROFILE ? path.win32.join(env.USERPROFILE, 'Desktop') : null;
  return env.APPDATA ? path.win32.join(env.APPDATA, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup') : null;
}

/** The user's Desktop or Startup folder and where that came from; FILE_ERROR when nothing names it. */
export async function shortcutFolder(os: OsApi, place: ShortcutPlace, env: NodeJS.ProcessEnv): Promise<Outcome<{ folder: string; source: ShortcutFolderSource }>> {
  for (const [key, source] of [
    [USER_SHELL_FOLDERS_KEY, 'User Shell Folders'],
    [SHELL_FOLDERS_KEY, 'Shell Folders'],
  ] as const) {
    const read = await os.readRegistryString('HKCU', key, VALUE_NAME[place]);
    // An unreadable key is no reason to give up: the next source may still name the folder.
    if (!read.ok || read.value === null) continue;
    // The OS layer expands REG_EXPAND_SZ; a REG_SZ written by hand may still carry %VARIABLES%.
    const folder = usablePath(expandEnvironment(read.value, env));
    if (folder) return { ok: true, value: { folder, source } };
  }
  const folder = defaultFolder(place, env);
  if (folder) return { ok: true, value: { folder, source: 'default' } };
  const missing = place === 'desktop' ? 'USERPROFILE' : 'APPDATA';
  return { ok: false, error: engineError('FILE_ERROR', `the ${LABEL[place]} folder is unknown: the registry names none and ${missing} is not set`) };
}

/** `name` inside `folder`, joined with the folder's own separator (Windows paths; POSIX ones in tests). */
export function inFolder(folder: string, name: string): string {
  return folder.includes('\\') || /^[A-Za-z]:/.test(folder) ? path.win32.join(folder, name) : path.posix.join(folder, name);
}

/**
 * Writes a file into a folder that must already exist (temp file, fsync, rename), creating no folder:
 * a missing Desktop means the registry or the profile is wrong, and a new folder nobody sees would hide it.
 */
export function writeIntoExistingFolder(place: ShortcutPlace, file: string, content: Buffer): Outcome<void> {
  const folder = file.includes('\\') ? path.win32.dirname(file) : path.posix.dirname(file);
  let isFolder = false;
  try {
    isFolder = fs.statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    return { ok: false, error: engineError('FILE_ERROR', `the ${LABEL[place]} folder ${folder} does not exist; nothing was written (check where Windows keeps your ${LABEL[place]} folder)`) };
  }
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    return { ok: true, value: undefined };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return { ok: false, error: engineError('FILE_ERROR', `cannot write ${file}: ${(error as Error).message}`) };
  }
}
