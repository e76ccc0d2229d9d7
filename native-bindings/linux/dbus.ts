/**
 * D-Bus names and the PIDs that own them, asked of the bus daemon itself (ListNames, then
 * GetConnectionUnixProcessID per well-known name) through `dbus-send`, which ships with every D-Bus
 * daemon (Debian's dbus-bin); no D-Bus client library is needed for these two read-only calls.
 * A bus that cannot be reached is reported as such; it is not an error of the snapshot.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { OsFailure, OsResult } from '../os-api';
import { errnoName, fail, ok } from './status';

/** Which bus. */
export type BusKind = 'session' | 'system' | 'custom';

/** A bus to ask: its kind and its address ("unix:path=/run/user/1000/bus"). */
export interface BusAddress {
  kind: BusKind;
  address: string;
}

/** A well-known name and the PID of the connection that owns it. */
export interface BusNameHolding {
  bus: BusKind;
  address: string;
  name: string;
  pid: number;
}

/** Deadline of one dbus-send call: a hung bus must not hang a snapshot. */
export const DBUS_CALL_TIMEOUT_MS = 3000;

/** The session and system bus addresses of this environment, when each exists. */
export function defaultBusAddresses(env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 0): BusAddress[] {
  const out: BusAddress[] = [];
  const runtime = env.XDG_RUNTIME_DIR ?? `/run/user/${uid}`;
  const session = env.DBUS_SESSION_BUS_ADDRESS ?? (existsSync(`${runtime}/bus`) ? `unix:path=${runtime}/bus` : null);
  if (session) out.push({ kind: 'session', address: session });
  const system = env.DBUS_SYSTEM_BUS_ADDRESS ?? (existsSync('/run/dbus/system_bus_socket') ? 'unix:path=/run/dbus/system_bus_socket' : null);
  if (system) out.push({ kind: 'system', address: system });
  return out;
}

/** The strings of a `dbus-send --print-reply` answer (`string "x"` lines), in order. */
export function parseReplyStrings(text: string): string[] {
  return [...text.matchAll(/^\s*string "((?:[^"\\]|\\.)*)"\s*$/gm)].map((m) => m[1]!);
}

/** The uint32 of a `dbus-send --print-reply` answer, null when there is none. */
export function parseReplyUint32(text: string): number | null {
  const m = /^\s*uint32 (\d+)\s*$/m.exec(text);
  return m ? Number(m[1]) : null;
}

/** Runs one org.freedesktop.DBus method through dbus-send; resolves with stdout or the reason it failed. */
function callBus(address: string, method: string, args: string[]): Promise<OsResult<string>> {
  const argv = [`--bus=${address}`, '--print-reply', `--reply-timeout=${DBUS_CALL_TIMEOUT_MS}`, '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', `org.freedesktop.DBus.${method}`, ...args];
  return new Promise((resolve) => {
    execFile('dbus-send', argv, { timeout: DBUS_CALL_TIMEOUT_MS + 1000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(ok(stdout));
      const name = errnoName(error);
      if (name === 'ENOENT') return resolve(fail({ kind: 'unsupported', what: 'dbus-send is not installed (Debian: dbus-bin)' }));
      if ((error as { killed?: boolean }).killed) return resolve(fail({ kind: 'timeout', call: `dbus-send ${method}` }));
      // dbus-send prints the D-Bus error name ("org.freedesktop.DBus.Error.NameHasNoOwner") on stderr.
      const dbusError = /Error (\S+?):/.exec(stderr)?.[1] ?? 'unknown';
      resolve(fail({ kind: 'win32', code: -1, call: `dbus-send ${method}: ${dbusError}` }));
    });
  });
}

/** The well-known names on a bus (unique ":1.N" names are connections, not names anyone asks for). */
export async function listBusNames(address: string): Promise<OsResult<string[]>> {
  const reply = await callBus(address, 'ListNames', []);
  if (!reply.ok) return reply;
  return ok(parseReplyStrings(reply.value).filter((n) => !n.startsWith(':') && n !== 'org.freedesktop.DBus'));
}

/** The PID owning a name on a bus (the daemon reads it from the connection's socket credentials). */
export async function busNameOwnerPid(address: string, name: string): Promise<OsResult<number>> {
  const reply = await callBus(address, 'GetConnectionUnixProcessID', [`string:${name}`]);
  if (!reply.ok) return reply;
  const pid = parseReplyUint32(reply.value);
  return pid === null ? fail({ kind: 'win32', code: -1, call: 'dbus-send GetConnectionUnixProcessID: no uint32 in the reply' }) : ok(pid);
}

/**
 * Every well-known name on the given buses with its owner's PID, limited to `pids` when given. A bus that
 * cannot be reached comes back in `unreachable`; a name released between the two calls is passed over.
 */
export async function busNameHoldings(buses: readonly BusAddress[], pids?: ReadonlySet<number>): Promise<{ names: BusNameHolding[]; unreachable: { bus: BusAddress; failure: OsFailure }[] }> {
  const names: BusNameHolding[] = [];
  const unreachable: { bus: BusAddress; failure: OsFailure }[] = [];
  for (const bus of buses) {
    const listed = await listBusNames(bus.address);
    if (!listed.ok) {
      unreachable.push({ bus, failure: listed.failure });
      continue;
    }
    const owners = await Promise.all(listed.value.map(async (name) => ({ name, pid: await busNameOwnerPid(bus.address, name) })));
    for (const o of owners) if (o.pid.ok && (!pids || pids.has(o.pid.value))) names.push({ bus: bus.kind, address: bus.address, name: o.name, pid: o.pid.value });
  }
  return { names, unreachable };
}
