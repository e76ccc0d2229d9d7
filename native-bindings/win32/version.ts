/**
 * An exe's version from its version resource (version.dll): GetFileVersionInfoSizeW, GetFileVersionInfoW,
 * then VerQueryValueW("\\") for VS_FIXEDFILEINFO, whose dwFileVersionMS/LS give "major.minor.build.revision".
 * Read language-independently, so a Chinese build reports the same version as an English one.
 */
import type { OsResult } from '../os-api';
import { addressOf, lazyLibrary, type FunctionDecl } from './lib';
import { exceptionFailure, fail, win32Failure } from './status';

/** Typed view of the version.dll functions we bind. */
export interface Version {
  GetFileVersionInfoSizeW(file: string, handle: [number]): number;
  GetFileVersionInfoW(file: string, handle: number, size: number, data: Buffer): number;
  VerQueryValueW(block: Buffer, subBlock: string, buffer: [bigint | number], length: [number]): number;
}

/** The prototypes, as data. */
export const VERSION_DECLS: { [K in keyof Version]: FunctionDecl } = {
  GetFileVersionInfoSizeW: {
    proto: 'DWORD __stdcall GetFileVersionInfoSizeW(_In_ const char16_t *lptstrFilename, _Out_ DWORD *lpdwHandle)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winver/nf-winver-getfileversioninfosizew',
  },
  GetFileVersionInfoW: {
    proto: 'BOOL __stdcall GetFileVersionInfoW(_In_ const char16_t *lptstrFilename, _In_ DWORD dwHandle, _In_ DWORD dwLen, _Out_ uint8_t *lpData)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winver/nf-winver-getfileversioninfow',
  },
  VerQueryValueW: {
    // The pointer it returns points into lpBlock, so it is read as an address and turned into an offset.
    proto: 'BOOL __stdcall VerQueryValueW(_In_ const uint8_t *pBlock, _In_ const char16_t *lpSubBlock, _Out_ uintptr_t *lplpBuffer, _Out_ uint32_t *puLen)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winver/nf-winver-verqueryvaluew',
  },
};

/** version.dll, loaded on first use. */
export const versionDll = lazyLibrary<Version>('version.dll', VERSION_DECLS);

/** VS_FIXEDFILEINFO.dwSignature (https://learn.microsoft.com/en-us/windows/win32/api/verrsrc/ns-verrsrc-vs_fixedfileinfo). */
const VS_FFI_SIGNATURE = 0xfeef04bd;
/** sizeof(VS_FIXEDFILEINFO): 13 DWORDs. */
const VS_FIXEDFILEINFO_SIZE = 52;
/** ERROR_RESOURCE_DATA_NOT_FOUND / ERROR_RESOURCE_TYPE_NOT_FOUND: the file has no version resource. */
const NO_VERSION_RESOURCE = new Set([1812, 1813]);

/** "major.minor.build.revision" from a VS_FIXEDFILEINFO at `offset`, or null when its signature is wrong. */
export function parseFixedFileInfo(block: Buffer, offset: number): string | null {
  if (offset < 0 || offset + VS_FIXEDFILEINFO_SIZE > block.length || block.readUInt32LE(offset) !== VS_FFI_SIGNATURE) return null;
  const ms = block.readUInt32LE(offset + 8);
  const ls = block.readUInt32LE(offset + 12);
  return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
}

/** The file version of an exe or DLL, null when it has no version resource. */
export function fileVersion(file: string): OsResult<string | null> {
  try {
    const v = versionDll();
    const size = v.GetFileVersionInfoSizeW(file, [0]);
    if (size === 0) {
      const failure = win32Failure('GetFileVersionInfoSizeW');
      return failure.kind === 'win32' && NO_VERSION_RESOURCE.has(failure.code) ? { ok: true, value: null } : fail(failure);
    }
    const block = Buffer.alloc(size);
    if (!v.GetFileVersionInfoW(file, 0, size, block)) return fail(win32Failure('GetFileVersionInfoW'));
    const pointer: [bigint | number] = [0];
    const length: [number] = [0];
    if (!v.VerQueryValueW(block, '\\', pointer, length) || length[0] < VS_FIXEDFILEINFO_SIZE) return { ok: true, value: null };
    return { ok: true, value: parseFixedFileInfo(block, Number(BigInt(pointer[0]) - addressOf(block))) };
  } catch (e) {
    return fail(exceptionFailure('fileVersion', e));
  }
}
