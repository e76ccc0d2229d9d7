/**
 * Status codes and the small helpers every part of the Win32 `OsApi` shares: failures as data, the
 * last Win32 error, and the bounded buffer-growth loop of the ntdll queries (like phlib's PhpQuery* loops).
 */
import type { OsFailure, OsResult } from '../os-api';
import { NTSTATUS as STATUS, WIN32_ERROR as WIN32 } from '../status-codes';
import { kernel32 } from './kernel32';

/** NTSTATUS values (STATUS) and Win32 error codes (WIN32) we act on: the one table, shared with core. */
export { STATUS, WIN32 };

/** A buffer ntdll filled and the length it reported. */
export interface Filled {
  buf: Buffer;
  length: number;
}

/** Largest buffer a growth loop may allocate (a 1M-handle table is 40 MB). */
const BUFFER_CAP = 256 * 1024 * 1024;
const GROWTH_RETRIES = 8;

/** Unsigned view of an NTSTATUS as koffi returns it (signed 32-bit). */
export function u32(status: number): number {
  return status >>> 0;
}

/** An NTSTATUS failure of `call`. */
export function ntFailure(status: number, call: string): OsFailure {
  return { kind: 'ntstatus', code: u32(status), call };
}

/** A failed result. */
export function fail<T>(failure: OsFailure): OsResult<T> {
  return { ok: false, failure };
}

/** A koffi exception (a bad declaration, a missing export) as data: public methods never throw. */
export function exceptionFailure(call: string, e: unknown): OsFailure {
  return { kind: 'unsupported', what: `${call} threw: ${e instanceof Error ? e.message : String(e)}` };
}

/** The last Win32 error, read right after the failing call (koffi preserves it across its own work). */
export function win32Failure(call: string): OsFailure {
  return { kind: 'win32', code: kernel32().GetLastError(), call };
}

/**
 * Calls an ntdll query until the buffer is large enough: bounded retries and a size cap, because a
 * handle table grows while we read it. Starts from the last size that worked for this call.
 */
export function queryGrowing(call: string, initial: number, query: (buf: Buffer, ret: [number]) => number, sizes: Map<string, number>): OsResult<Filled> {
  let size = Math.max(initial, sizes.get(call) ?? 0);
  for (let attempt = 0; attempt < GROWTH_RETRIES; attempt++) {
    const buf = Buffer.alloc(size);
    const ret: [number] = [0];
    const status = u32(query(buf, ret));
    if (status === STATUS.SUCCESS) {
      sizes.set(call, size);
      return { ok: true, value: { buf, length: ret[0] > 0 ? Math.min(ret[0], size) : size } };
    }
    if (status !== STATUS.INFO_LENGTH_MISMATCH && status !== STATUS.BUFFER_TOO_SMALL && status !== STATUS.BUFFER_OVERFLOW) {
      return fail(ntFailure(status, call));
    }
    // Wine reports 0 as the needed length for handle tables: doubling is the only signal then.
    const next = Math.max(size * 2, ret[0] + ret[0] / 4);
    if (next > BUFFER_CAP) return fail(ntFailure(status, call));
    size = Math.ceil(next);
  }
  return fail(ntFailure(STATUS.INFO_LENGTH_MISMATCH, call));
}

/** Opens a process with exactly `access`; the Win32 error when refused (87: it has exited). */
export function openProcess(pid: number, access: number): OsResult<number> {
  const k = kernel32();
  const h = k.OpenProcess(access, 0, pid);
  if (!h) return fail(win32Failure('OpenProcess'));
  return { ok: true, value: h };
}
