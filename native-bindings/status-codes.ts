/**
 * The NTSTATUS and Win32 error values Multiopen tells apart, written once: the Win32 bindings act on
 * them (buffer growth, retries) and core turns them into error codes. Plain numbers, no OS access, so
 * core, the fake OS and the Win32 layer all import this file.
 */

/** NTSTATUS values (unsigned). */
export const NTSTATUS = {
  SUCCESS: 0,
  BUFFER_OVERFLOW: 0x80000005,
  NOT_IMPLEMENTED: 0xc0000002,
  INVALID_INFO_CLASS: 0xc0000003,
  INFO_LENGTH_MISMATCH: 0xc0000004,
  INVALID_HANDLE: 0xc0000008,
  INVALID_CID: 0xc000000b,
  INVALID_PARAMETER: 0xc000000d,
  ACCESS_DENIED: 0xc0000022,
  BUFFER_TOO_SMALL: 0xc0000023,
  PROCESS_IS_TERMINATING: 0xc000010a,
  HANDLE_NOT_CLOSABLE: 0xc0000235,
} as const;

/** Win32 error codes (GetLastError). */
export const WIN32_ERROR = {
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  INVALID_PARAMETER: 87,
  INSUFFICIENT_BUFFER: 122,
  ALREADY_EXISTS: 183,
  BAD_EXE_FORMAT: 193,
  MORE_DATA: 234,
  ELEVATION_REQUIRED: 740,
  CANCELLED: 1223,
} as const;
