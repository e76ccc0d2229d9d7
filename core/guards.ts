import { GUARD_TYPES, type GuardSpec, type GuardType } from './model';
import { kernelTypeOf, pipeNameOf, resolveObjectType } from './object-types';
import { isLinuxGuardType, linuxGuardMatches, linuxGuardName, linuxGuardProblem, type GuardEnv } from './linux-guards';

export type { GuardEnv } from './linux-guards';

/** Resolves a type name or alias ("mutex", "Mutant") to a guard kind, or null when it is none. */
export function normalizeGuardType(text: string): GuardType | null {
  const type = resolveObjectType(text);
  return type !== null && (GUARD_TYPES as readonly string[]).includes(type) ? (type as GuardType) : null;
}

/** Resolves an object type name for handle filters (aliases, any case); an unknown name passes as typed. */
export function normalizeTypeName(text: string): string {
  return resolveObjectType(text) ?? text.trim();
}

/** Why a File guard needs a folder: a bare file name would match every program's file of that name. */
export const FILE_GUARD_HINT = 'a File guard needs at least a folder and a file name (e.g. xwechat\\lock\\lock.ini), so that it cannot match unrelated files';

/** True when a File guard names at least a folder and a file. */
export function isSpecificFileGuard(name: string): boolean {
  return name.replaceAll('/', '\\').split('\\').filter(Boolean).length >= 2;
}

/** Why a guard's name cannot be used (File: too broad; Linux kinds: see linux-guards.ts), or null. */
export function guardNameProblem(type: GuardType, name: string): string | null {
  if (type === 'File') return isSpecificFileGuard(name) ? null : FILE_GUARD_HINT;
  return linuxGuardProblem(type, name);
}

/** Parses "TYPE:NAME" (e.g. "Mutant:_WeChat_App_Instance_Identity_Mutex_Name", "Port:tcp:8080"); an error message when invalid. */
export function parseGuardSpec(text: string): GuardSpec | string {
  const colon = text.indexOf(':');
  if (colon <= 0) return `guard "${text}" must look like TYPE:NAME, e.g. Mutant:_WeChat_App_Instance_Identity_Mutex_Name`;
  const type = normalizeGuardType(text.slice(0, colon));
  if (!type) return `guard type "${text.slice(0, colon)}" is not one of ${GUARD_TYPES.join(', ')}`;
  const name = text.slice(colon + 1);
  if (name.length === 0) return `guard "${text}" has an empty name`;
  const problem = guardNameProblem(type, name);
  if (problem) return `guard "${text}": ${problem}`;
  if (type === 'Pipe') return pipeGuardName(name) ? { type, name: pipeGuardName(name) } : `guard "${text}" has an empty pipe name`;
  return { type, name: linuxGuardName(type, name) };
}

/** A pipe guard's pipe name, however it was written: "X", "\\.\pipe\X" (Win32) or "\Device\NamedPipe\X" (kernel). */
export function pipeGuardName(name: string): string {
  const win32 = /^\\\\[.?]\\pipe\\/i.exec(name);
  if (win32) return name.slice(win32[0].length);
  return pipeNameOf(name) ?? name;
}

/** The kernel object type a guard's handles have (a Pipe guard's are File handles). */
export function guardKernelType(guard: Pick<GuardSpec, 'type'>): string {
  return kernelTypeOf(guard.type);
}

/** Formats a guard as "TYPE:NAME". */
export function formatGuardSpec(guard: GuardSpec): string {
  return `${guard.type}:${guard.name}`;
}

/** The part of a kernel object name after its last backslash ("\Sessions\1\BaseNamedObjects\X" -> "X"). */
export function baseName(objectName: string): string {
  return objectName.slice(objectName.lastIndexOf('\\') + 1);
}

/**
 * True when a handle's object is this guard. Named objects compare the part after the last backslash,
 * case-sensitively like the kernel's object namespace, so a guard matches in any session. A guard name
 * that itself has backslashes ("Global\PoERunMutexA", "Local\X") matches on its own last part, because the
 * kernel stores "Global\X" as "\BaseNamedObjects\X". Files are matched by path suffix, case-insensitively
 * like the file system, at a path separator. Pipes are matched by pipe name (the part after
 * \Device\NamedPipe\). An object in a private namespace matches by its own name too: what precedes its
 * last backslash (the namespace's prefix) is not compared.
 * Linux objects (the Linux kinds, and File objects whose path starts with "/", which no Windows name
 * does) match as linux-guards.ts says, "~" and XDG variables expanded in `env` (the engine's environment).
 */
export function guardMatches(guard: GuardSpec, typeName: string, objectName: string, env: GuardEnv = {}): boolean {
  if (guard.type === 'Pipe') {
    // Pipe names compare case-insensitively, like the named-pipe file system; a pipe is a File object to the kernel.
    const pipe = pipeNameOf(objectName);
    return (typeName === 'File' || typeName === 'Pipe') && pipe !== null && pipe.toLowerCase() === pipeGuardName(guard.name).toLowerCase();
  }
  if (guard.type !== typeName || objectName.length === 0) return false;
  if (isLinuxGuardType(guard.type) || (guard.type === 'File' && objectName.startsWith('/'))) return linuxGuardMatches(guard, objectName, env);
  if (guard.type === 'File') {
    const want = guard.name.replaceAll('/', '\\').toLowerCase();
    const have = objectName.toLowerCase();
    if (!have.endsWith(want)) return false;
    const before = have.length - want.length;
    return before === 0 || want.startsWith('\\') || have[before - 1] === '\\';
  }
  return baseName(objectName) === baseName(guard.name);
}
