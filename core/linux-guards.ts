/**
 * The Linux guard kinds: how their names are written, checked and matched. Lock, Pidfile and Socket name a
 * path (Socket also "@name", an abstract socket), Port names "tcp:PORT" or "udp:PORT", DBus a well-known
 * bus name. A path may start with "~" or one of GUARD_PATH_VARIABLES, expanded in the environment the
 * engine was given when matching, so a preset stays the same for every user. Paths compare like File
 * guards (a suffix that starts at a path separator), but with "/" and case-sensitively, as Linux does.
 */
import { LINUX_GUARD_TYPES, type GuardType } from './model';

/** A Linux guard kind. */
export type LinuxGuardType = (typeof LINUX_GUARD_TYPES)[number];

/** The environment guard paths are expanded in: the engine's, so tests and hosts decide it. */
export type GuardEnv = Readonly<Record<string, string | undefined>>;

/** The variables a guard path may start with ("$NAME" or "${NAME}"); "~" is $HOME. */
export const GUARD_PATH_VARIABLES: readonly string[] = ['HOME', 'XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_DATA_HOME'];

/**
 * Where an unset XDG variable points, below $HOME (the XDG base directory defaults). XDG_RUNTIME_DIR has
 * no default in the specification, so a path that starts with it matches nothing while it is unset.
 */
const XDG_DEFAULTS: Readonly<Record<string, string>> = {
  XDG_CONFIG_HOME: '.config',
  XDG_CACHE_HOME: '.cache',
  XDG_STATE_HOME: '.local/state',
  XDG_DATA_HOME: '.local/share',
};

/** The kinds whose name is a path (Socket: unless it starts with "@"). */
const PATH_KINDS: readonly string[] = ['Lock', 'Pidfile', 'Socket'];

/** True for the Linux guard kinds. */
export function isLinuxGuardType(type: string): type is LinuxGuardType {
  return (LINUX_GUARD_TYPES as readonly string[]).includes(type);
}

/** A path guard's leading variable ("~" is HOME) and the rest, or why the start cannot be expanded. */
function leadOf(name: string): { variable: string | null; rest: string } | string {
  if (name.startsWith('~')) {
    if (name.length > 1 && name[1] !== '/') return `only "~" (your home folder) may start a path, not "${name.split('/')[0]}"`;
    return { variable: 'HOME', rest: name.slice(1) };
  }
  if (!name.startsWith('$')) return { variable: null, rest: name };
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(name);
  const variable = m?.[1] ?? m?.[2];
  const rest = m ? name.slice(m[0].length) : name;
  if (!variable || !GUARD_PATH_VARIABLES.includes(variable) || (rest !== '' && !rest.startsWith('/'))) {
    return `a path may start with ~ or $${GUARD_PATH_VARIABLES.join(', $')}, not "${name.split('/')[0]}"`;
  }
  return { variable, rest };
}

/** A variable's value if it is an absolute path (XDG: a relative value is ignored), else its default, else null. */
function variableValue(variable: string, env: GuardEnv): string | null {
  const absolute = (v: string | undefined) => (v !== undefined && v.startsWith('/') ? v : null);
  const set = absolute(env[variable]);
  if (set !== null) return set;
  const below = XDG_DEFAULTS[variable];
  const home = absolute(env.HOME);
  return below !== undefined && home !== null ? `${home.replace(/\/+$/, '')}/${below}` : null;
}

/** Double slashes folded and a trailing slash dropped, as the kernel prints a path. */
function tidyPath(p: string): string {
  const folded = p.replace(/\/{2,}/g, '/');
  return folded.length > 1 ? folded.replace(/\/$/, '') : folded;
}

/** A guard path with "~" or its leading variable expanded in `env`; null when that variable has no value. */
export function expandGuardPath(name: string, env: GuardEnv): string | null {
  const lead = leadOf(name);
  if (typeof lead === 'string') return null;
  if (lead.variable === null) return tidyPath(lead.rest);
  const base = variableValue(lead.variable, env);
  return base === null ? null : tidyPath(base + lead.rest);
}

/** "tcp:PORT" or "udp:PORT" as the Linux engine names it (protocol lower-case, no leading zeros), or null when it is not one. */
export function portKey(name: string): string | null {
  const m = /^(tcp|udp):(\d{1,5})$/i.exec(name.trim());
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? `${m[1]!.toLowerCase()}:${port}` : null;
}

const BUS_ELEMENT = /^[A-Za-z_-][A-Za-z0-9_-]*$/;

/** Why a well-known D-Bus name is malformed, or null (the D-Bus specification's rules for bus names). */
function busNameProblem(name: string): string | null {
  if (name.startsWith(':')) return `"${name}" is a unique connection name, which changes at every start; give the well-known name, e.g. org.example.App`;
  if (name.length > 255) return 'a D-Bus name has at most 255 characters';
  const parts = name.split('.');
  if (parts.length < 2 || !parts.every((p) => BUS_ELEMENT.test(p))) {
    return `"${name}" is not a D-Bus name: two or more elements separated by ".", each of letters, digits, "_" or "-" and not starting with a digit, e.g. org.example.App`;
  }
  return null;
}

/** Why a path names no particular file, or null: like a File guard, at least a folder and a file name. */
function pathProblem(type: string, name: string): string | null {
  const lead = leadOf(name);
  if (typeof lead === 'string') return lead;
  if (name.split('/').filter(Boolean).length < 2) return `a ${type} guard needs at least a folder and a file name (e.g. ~/.config/myapp/app.lock), so that it cannot match unrelated files`;
  return null;
}

/** Why a Linux guard's name cannot be used (the message does not repeat the guard), or null; null for other kinds too. */
export function linuxGuardProblem(type: GuardType, name: string): string | null {
  if (!isLinuxGuardType(type)) return null;
  if (name.trim().length === 0) return 'the name is empty';
  switch (type) {
    case 'Port':
      if (portKey(name) !== null) return null;
      return /^(tcp|udp):\d+$/i.test(name.trim()) ? `port ${name.slice(4)} is out of range: a port is 1 to 65535` : `"${name}" is not a port: write tcp:PORT or udp:PORT, e.g. tcp:8080`;
    case 'DBus':
      return busNameProblem(name);
    case 'Socket':
      if (name.startsWith('@')) return name.length > 1 ? null : 'an abstract socket needs a name after "@"';
      return pathProblem(type, name);
    default:
      return pathProblem(type, name);
  }
}

/** A Linux guard's name as stored: ports normalised ("TCP:080" -> "tcp:80"); paths stay as written, expanded only when matching. */
export function linuxGuardName(type: GuardType, name: string): string {
  return type === 'Port' ? (portKey(name) ?? name) : name;
}

/** True when the path an object has is the guard's path or ends with it at a "/" (case-sensitive). */
export function linuxPathMatches(guardPath: string, objectPath: string, env: GuardEnv): boolean {
  const want = expandGuardPath(guardPath, env);
  if (want === null || want === '' || want === '/') return false;
  const have = objectPath;
  if (!have.endsWith(want)) return false;
  const before = have.length - want.length;
  return before === 0 || want.startsWith('/') || have[before - 1] === '/';
}

/**
 * True when an object the Linux engine reports (kind already equal to the guard's) is this guard: ports by
 * protocol and number, bus names and abstract sockets exactly, paths (Lock, Pidfile, Socket, File) by suffix.
 */
export function linuxGuardMatches(guard: { type: GuardType; name: string }, objectName: string, env: GuardEnv): boolean {
  if (guard.type === 'Port') {
    const want = portKey(guard.name);
    return want !== null && want === portKey(objectName);
  }
  if (guard.type === 'DBus') return guard.name === objectName;
  if (guard.type === 'Socket' && (guard.name.startsWith('@') || objectName.startsWith('@'))) return guard.name === objectName;
  if (PATH_KINDS.includes(guard.type) || guard.type === 'File') return linuxPathMatches(guard.name, objectName, env);
  return false;
}
