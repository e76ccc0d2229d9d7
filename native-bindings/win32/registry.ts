/** The registry (advapi32): string values, REG_EXPAND_SZ expanded in this process's environment; values as stored, and HKCU writes. */
import type { OsResult, RegistryHive, RegistryView } from '../os-api';
import { advapi32, advapi32Writes, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_QUERY_VALUE, KEY_SET_VALUE, KEY_WOW64_32KEY, KEY_WOW64_64KEY, REG_EXPAND_SZ, REG_SZ } from './advapi32';
import { kernel32 } from './kernel32';
import { exceptionFailure, fail, WIN32 } from './status';

/** %VARIABLES% expanded by ExpandEnvironmentStringsW; the text unchanged when that fails. */
export function expandEnvironmentStrings(text: string): string {
  const k = kernel32();
  let chars = text.length + 256;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = Buffer.alloc(chars * 2);
    const needed = k.ExpandEnvironmentStringsW(text, buf, chars);
    if (needed === 0) return text;
    if (needed <= chars) return buf.toString('utf16le', 0, (needed - 1) * 2);
    chars = needed;
  }
  return text;
}

/** One value as stored (type and bytes), read with a growing buffer; null when the key or value is absent. `caller` names the failure. */
function queryValue(hive: RegistryHive, key: string, value: string, view: RegistryView, caller: string): OsResult<{ type: number; data: Uint8Array } | null> {
  try {
    const reg = advapi32();
    const sam = KEY_QUERY_VALUE | (view === '32' ? KEY_WOW64_32KEY : view === '64' ? KEY_WOW64_64KEY : 0);
    const hk: [number] = [0];
    const opened = reg.RegOpenKeyExW(hive === 'HKCU' ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE, key, 0, sam, hk);
    if (opened === WIN32.FILE_NOT_FOUND) return { ok: true, value: null };
    if (opened !== 0) return fail({ kind: 'win32', code: opened, call: 'RegOpenKeyExW' });
    try {
      let size = 512;
      for (let attempt = 0; attempt < 4; attempt++) {
        const buf = Buffer.alloc(size);
        const type: [number] = [0];
        const cb: [number] = [size];
        const st = reg.RegQueryValueExW(hk[0], value, null, type, buf, cb);
        if (st === WIN32.FILE_NOT_FOUND) return { ok: true, value: null };
        if (st === WIN32.MORE_DATA) {
          size = Math.max(cb[0] + 2, size * 2);
          continue;
        }
        if (st !== 0) return fail({ kind: 'win32', code: st, call: 'RegQueryValueExW' });
        return { ok: true, value: { type: type[0], data: new Uint8Array(buf.subarray(0, cb[0])) } };
      }
      return fail({ kind: 'win32', code: WIN32.MORE_DATA, call: 'RegQueryValueExW' });
    } finally {
      reg.RegCloseKey(hk[0]);
    }
  } catch (e) {
    return fail(exceptionFailure(caller, e));
  }
}

/** A REG_SZ / REG_EXPAND_SZ value (expanded), or null when the key or value is absent. */
export function readRegistryString(hive: RegistryHive, key: string, value: string, view: RegistryView = 'default'): OsResult<string | null> {
  const read = queryValue(hive, key, value, view, 'readRegistryString');
  if (!read.ok || read.value === null) return read as OsResult<null>;
  const { type, data } = read.value;
  if (type !== REG_SZ && type !== REG_EXPAND_SZ) return fail({ kind: 'unsupported', what: `registry value type ${type}` });
  // Stored strings may or may not carry their terminating NUL.
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength - (data.byteLength % 2)).toString('utf16le').replace(/\0+$/, '');
  return { ok: true, value: type === REG_EXPAND_SZ ? expandEnvironmentStrings(text) : text };
}

/**
 * Opens (creating when missing) an HKCU key for writing and runs `use` on it. Only HKCU: a preset's
 * launch-time value lives under the app's own key there (core/presets/safety.ts decides which).
 */
function withWritableKey(key: string, call: string, use: (hk: number) => OsResult<void>): OsResult<void> {
  try {
    const hk: [number] = [0];
    const created = advapi32Writes().RegCreateKeyExW(HKEY_CURRENT_USER, key, 0, null, 0, KEY_SET_VALUE | KEY_QUERY_VALUE, null, hk, [0]);
    if (created !== 0) return fail({ kind: 'win32', code: created, call: 'RegCreateKeyExW' });
    try {
      return use(hk[0]);
    } finally {
      advapi32().RegCloseKey(hk[0]);
    }
  } catch (e) {
    return fail(exceptionFailure(call, e));
  }
}

/** Writes a value of any type exactly as given (type and bytes) under HKCU. */
export function writeRegistryValue(key: string, value: string, type: number, data: Uint8Array): OsResult<void> {
  return withWritableKey(key, 'writeRegistryValue', (hk) => {
    const st = advapi32Writes().RegSetValueExW(hk, value, 0, type, Buffer.from(data), data.length);
    return st === 0 ? { ok: true, value: undefined } : fail({ kind: 'win32', code: st, call: 'RegSetValueExW' });
  });
}

/** Writes a REG_SZ value (with its terminating NUL, as RegSetValueExW expects) under HKCU. */
export function writeRegistryString(key: string, value: string, text: string): OsResult<void> {
  return writeRegistryValue(key, value, REG_SZ, new Uint8Array(Buffer.from(`${text}\0`, 'utf16le')));
}

/** Removes a value under HKCU; a key or value that is already gone counts as removed. */
export function deleteRegistryValue(key: string, value: string): OsResult<void> {
  try {
    const reg = advapi32();
    const hk: [number] = [0];
    const opened = reg.RegOpenKeyExW(HKEY_CURRENT_USER, key, 0, KEY_SET_VALUE, hk);
    if (opened === WIN32.FILE_NOT_FOUND) return { ok: true, value: undefined };
    if (opened !== 0) return fail({ kind: 'win32', code: opened, call: 'RegOpenKeyExW' });
    try {
      const st = advapi32Writes().RegDeleteValueW(hk[0], value);
      return st === 0 || st === WIN32.FILE_NOT_FOUND ? { ok: true, value: undefined } : fail({ kind: 'win32', code: st, call: 'RegDeleteValueW' });
    } finally {
      reg.RegCloseKey(hk[0]);
    }
  } catch (e) {
    return fail(exceptionFailure('deleteRegistryValue', e));
  }
}

/** A value exactly as stored (type and bytes, REG_EXPAND_SZ not expanded), or null when the key or value is absent. */
export function readRegistryValue(hive: RegistryHive, key: string, value: string): OsResult<{ type: number; data: Uint8Array } | null> {
  return queryValue(hive, key, value, 'default', 'readRegistryValue');
}
