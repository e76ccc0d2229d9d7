/** The registry (advapi32): string values, REG_EXPAND_SZ expanded in this process's environment. */
import type { OsResult, RegistryHive, RegistryView } from '../os-api';
import { advapi32, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_QUERY_VALUE, KEY_WOW64_32KEY, KEY_WOW64_64KEY, REG_EXPAND_SZ, REG_SZ } from './advapi32';
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

/** A REG_SZ / REG_EXPAND_SZ value (expanded), or null when the key or value is absent. */
export function readRegistryString(hive: RegistryHive, key: string, value: string, view: RegistryView = 'default'): OsResult<string | null> {
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
        if (type[0] !== REG_SZ && type[0] !== REG_EXPAND_SZ) return fail({ kind: 'unsupported', what: `registry value type ${type[0]}` });
        // Stored strings may or may not carry their terminating NUL.
        const text = buf.toString('utf16le', 0, cb[0] - (cb[0] % 2)).replace(/\0+$/, '');
        return { ok: true, value: type[0] === REG_EXPAND_SZ ? expandEnvironmentStrings(text) : text };
      }
      return fail({ kind: 'win32', code: WIN32.MORE_DATA, call: 'RegQueryValueExW' });
    } finally {
      reg.RegCloseKey(hk[0]);
    }
  } catch (e) {
    return fail(exceptionFailure('readRegistryString', e));
  }
}
