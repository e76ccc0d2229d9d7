import type { OsApi, OsFailure, OsResult } from './os-api';

const unsupported: OsFailure = { kind: 'unsupported', what: 'the Windows API (run Multiopen on Windows, or under Wine)' };
const no = async <T>(): Promise<OsResult<T>> => ({ ok: false, failure: unsupported });

/** The OsApi off Windows: every OS call reports "unsupported", so preset commands still work and the rest fails clearly. */
export class UnsupportedOsApi implements OsApi {
  listProcesses = no;
  snapshotHandles = no;
  async queryHandleNames(handles: Parameters<OsApi['queryHandleNames']>[0]) {
    return handles.map(({ pid, handle }) => ({ pid, handle, name: { ok: false as const, failure: unsupported } }));
  }
  closeRemoteHandle = no;
  readRegistryString = no;
  spawnDetached = no;
  async isProcessAlive() {
    return false;
  }
  async fileExists() {
    return false;
  }
  holdNamedObject = no;
  async dispose() {}
}
