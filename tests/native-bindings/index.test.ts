/** Platform selection: win32 (Windows, and Wine's node.exe) gets the Windows API, Linux the /proc engine, elsewhere calls answer {kind:'unsupported'}. */
import { describe, expect, it } from 'vitest';
import { createOsApi, isOsApiSupported, UnsupportedOsApi } from '../../native-bindings/index';
import { LinuxOsApi } from '../../native-bindings/linux';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';

describe('createOsApi', () => {
  it('returns the win32 implementation on win32 without loading any DLL', () => {
    const api = createOsApi({}, 'win32');
    expect(api).toBeInstanceOf(Win32OsApi);
    expect((api as Win32OsApi).typeIndexRule()).toBeNull();
    expect(isOsApiSupported('win32')).toBe(true);
  });

  it('returns the Linux implementation on Linux, with its own options', async () => {
    const api = createOsApi({ fileNameDeadlineMs: 10, linux: { pidfileRoots: [], buses: [] } }, 'linux');
    expect(api).toBeInstanceOf(LinuxOsApi);
    expect(isOsApiSupported('linux')).toBe(true);
    // The /proc engine only works where there is a /proc: on Linux, it sees this very process.
    if (process.platform === 'linux') {
      const listed = await api.listProcesses();
      expect(listed.ok && listed.value.some((p) => p.pid === process.pid)).toBe(true);
    }
    // Closing a guard inside another process is not done on Linux: copies are started isolated instead.
    expect(await api.closeRemoteHandle({ pid: process.pid, handle: 0 }, () => true)).toEqual({
      ok: false,
      failure: { kind: 'unsupported', what: 'closing a guard inside another process on Linux: copies are started isolated instead' },
    });
  });

  it('answers with unsupported failures on other platforms instead of throwing', async () => {
    const api = createOsApi({}, 'darwin');
    expect(api).toBeInstanceOf(UnsupportedOsApi);
    expect(isOsApiSupported('darwin')).toBe(false);
    expect(await api.listProcesses()).toEqual({ ok: false, failure: { kind: 'unsupported', what: 'the Windows API on darwin: run Multiopen on Windows, or under Wine' } });
    expect(await api.closeRemoteHandle({ pid: 1, handle: 4 }, () => true)).toMatchObject({ ok: false });
    expect(await api.queryHandleNames([{ pid: 1, handle: 4, typeName: 'Mutant' }])).toEqual([
      { pid: 1, handle: 4, name: { ok: false, failure: { kind: 'unsupported', what: 'the Windows API on darwin: run Multiopen on Windows, or under Wine' } } },
    ]);
    expect(await api.isProcessAlive(1)).toBe(false);
  });
});
