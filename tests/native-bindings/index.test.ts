/** Platform selection: only win32 gets the koffi implementation; elsewhere calls answer {kind:'unsupported'}. */
import { describe, expect, it } from 'vitest';
import { createOsApi, isOsApiSupported, UnsupportedOsApi } from '../../native-bindings/index';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';

describe('createOsApi', () => {
  it('returns the win32 implementation on win32 without loading any DLL', () => {
    const api = createOsApi({}, 'win32');
    expect(api).toBeInstanceOf(Win32OsApi);
    expect((api as Win32OsApi).typeIndexRule()).toBeNull();
  });

  it('answers with unsupported failures elsewhere instead of throwing', async () => {
    const api = createOsApi({}, 'linux');
    expect(api).toBeInstanceOf(UnsupportedOsApi);
    expect(isOsApiSupported('linux')).toBe(false);
    expect(await api.listProcesses()).toEqual({ ok: false, failure: { kind: 'unsupported', what: 'the Windows API on linux: run Multiopen on Windows, or under Wine' } });
    expect(await api.closeRemoteHandle({ pid: 1, handle: 4 }, () => true)).toMatchObject({ ok: false });
    expect(await api.queryHandleNames([{ pid: 1, handle: 4, typeName: 'Mutant' }])).toEqual([
      { pid: 1, handle: 4, name: { ok: false, failure: { kind: 'unsupported', what: 'the Windows API on linux: run Multiopen on Windows, or under Wine' } } },
    ]);
    expect(await api.isProcessAlive(1)).toBe(false);
  });
});
