import * as path from 'node:path';
import type { OsApi, ProcessInfo } from '../native-bindings/os-api';
import type { LocateSource } from './model';
import { sameExe } from './processes';

/** Where an executable was found, for reports and the UI. */
export interface LocatedExe {
  path: string;
  /** "given", "preset", "registry HKCU\...\X", "default path", "running instance". */
  source: string;
}

/** Expands %VAR% references with the given environment; unknown variables stay as they are. */
export function expandEnvironment(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/%([^%]+)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined && env[key] !== undefined ? (env[key] as string) : whole;
  });
}

/** Cleans a registry value that names a file or folder: quotes, trailing arguments after a quoted path, ",0" icon suffixes. */
export function cleanRegistryPath(value: string): string {
  let text = value.trim();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    text = end > 0 ? text.slice(1, end) : text.slice(1);
  }
  return text.replace(/,\s*-?\d+$/, '').trim();
}

/**
 * Finds the executable to launch, trying in order: the given path, the user's chosen path, the preset's
 * sources (registry values, default paths), and the image path of a running instance. Returns what it
 * tried when nothing is found, so the message can say where it looked.
 */
export async function locateExe(
  os: OsApi,
  options: { exe: string; given?: string | undefined; chosen?: string | undefined; sources?: readonly LocateSource[] | undefined; processes?: readonly ProcessInfo[] | undefined; env?: NodeJS.ProcessEnv },
): Promise<{ ok: true; value: LocatedExe } | { ok: false; tried: string[] }> {
  const env = options.env ?? process.env;
  const tried: string[] = [];
  const check = async (candidate: string, source: string): Promise<LocatedExe | null> => {
    const full = expandEnvironment(candidate, env);
    tried.push(`${full} (${source})`);
    return (await os.fileExists(full)) ? { path: full, source } : null;
  };
  if (options.given) {
    const found = await check(options.given, 'given');
    return found ? { ok: true, value: found } : { ok: false, tried };
  }
  if (options.chosen) {
    const found = await check(options.chosen, 'preset path');
    if (found) return { ok: true, value: found };
  }
  for (const source of options.sources ?? []) {
    if (source.kind === 'path') {
      const found = await check(source.path, 'default path');
      if (found) return { ok: true, value: found };
      continue;
    }
    const label = `registry ${source.hive}\\${source.key}\\${source.value || '(default)'}`;
    const read = await os.readRegistryString(source.hive, source.key, source.value, source.view ?? 'default');
    if (!read.ok || read.value === null || read.value.trim() === '') {
      tried.push(`${label} (not set)`);
      continue;
    }
    const cleaned = cleanRegistryPath(read.value);
    const candidate = source.points === 'dir' ? path.win32.join(cleaned, options.exe) : cleaned;
    const found = await check(candidate, label);
    if (found) return { ok: true, value: found };
  }
  for (const p of options.processes ?? []) {
    if (sameExe(p.name, options.exe) && p.path) {
      const found = await check(p.path, 'running instance');
      if (found) return { ok: true, value: found };
    }
  }
  if (!options.processes?.some((p) => sameExe(p.name, options.exe))) tried.push(`no running ${options.exe} to copy the path from`);
  return { ok: false, tried };
}
