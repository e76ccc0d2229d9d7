/** advapi32.dll declarations (registry, tokens, starting a process with another token). */
import koffi from 'koffi';
import { lazyLibrary, type FunctionDecl } from './lib';

/** STARTUPINFOW as koffi writes it (x64 size 104; https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/ns-processthreadsapi-startupinfow). */
export interface StartupInfo {
  cb: number;
  lpReserved: null;
  lpDesktop: string | null;
  lpTitle: null;
  dwX: number;
  dwY: number;
  dwXSize: number;
  dwYSize: number;
  dwXCountChars: number;
  dwYCountChars: number;
  dwFillAttribute: number;
  dwFlags: number;
  wShowWindow: number;
  cbReserved2: number;
  lpReserved2: null;
  hStdInput: number;
  hStdOutput: number;
  hStdError: number;
}

/** PROCESS_INFORMATION as koffi fills it (https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/ns-processthreadsapi-process_information). */
export interface ProcessInformation {
  hProcess: number;
  hThread: number;
  dwProcessId: number;
  dwThreadId: number;
}

/** Typed view of the advapi32 functions we bind. Results are Win32 error codes (0 = success). */
export interface Advapi32 {
  RegOpenKeyExW(key: number, subKey: string, options: number, samDesired: number, result: [number]): number;
  RegQueryValueExW(key: number, valueName: string, reserved: null, type: [number], data: Buffer | null, dataSize: [number]): number;
  RegCloseKey(key: number): number;
  OpenProcessToken(process: number, desiredAccess: number, token: [number]): number;
  GetTokenInformation(token: number, infoClass: number, info: Buffer, length: number, returnLength: [number]): number;
  DuplicateTokenEx(token: number, desiredAccess: number, attributes: null, impersonationLevel: number, tokenType: number, newToken: [number]): number;
  CreateProcessWithTokenW(
    token: number,
    logonFlags: number,
    applicationName: string,
    commandLine: Buffer,
    creationFlags: number,
    environment: Buffer | null,
    currentDirectory: string | null,
    startupInfo: StartupInfo,
    processInformation: ProcessInformation,
  ): number;
}

/** The prototypes, as data. */
export const ADVAPI32_DECLS: { [K in keyof Advapi32]: FunctionDecl } = {
  RegOpenKeyExW: {
    proto: 'LSTATUS __stdcall RegOpenKeyExW(_In_ HKEY hKey, _In_ const char16_t *lpSubKey, _In_ DWORD ulOptions, _In_ REGSAM samDesired, _Out_ HKEY *phkResult)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winreg/nf-winreg-regopenkeyexw',
  },
  RegQueryValueExW: {
    proto:
      'LSTATUS __stdcall RegQueryValueExW(_In_ HKEY hKey, _In_ const char16_t *lpValueName, _In_ DWORD *lpReserved, _Out_ DWORD *lpType, _Out_ uint8_t *lpData, _Inout_ DWORD *lpcbData)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winreg/nf-winreg-regqueryvalueexw',
  },
  RegCloseKey: {
    proto: 'LSTATUS __stdcall RegCloseKey(_In_ HKEY hKey)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winreg/nf-winreg-regclosekey',
  },
  OpenProcessToken: {
    proto: 'BOOL __stdcall OpenProcessToken(_In_ HANDLE ProcessHandle, _In_ DWORD DesiredAccess, _Out_ HANDLE *TokenHandle)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-openprocesstoken',
  },
  GetTokenInformation: {
    proto:
      'BOOL __stdcall GetTokenInformation(_In_ HANDLE TokenHandle, _In_ int TokenInformationClass, _Out_ uint8_t *TokenInformation, _In_ DWORD TokenInformationLength, _Out_ DWORD *ReturnLength)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/securitybaseapi/nf-securitybaseapi-gettokeninformation',
  },
  DuplicateTokenEx: {
    proto:
      'BOOL __stdcall DuplicateTokenEx(_In_ HANDLE hExistingToken, _In_ DWORD dwDesiredAccess, _In_ void *lpTokenAttributes, _In_ int ImpersonationLevel, _In_ int TokenType, _Out_ HANDLE *phNewToken)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/securitybaseapi/nf-securitybaseapi-duplicatetokenex',
  },
  CreateProcessWithTokenW: {
    // The command line as a writable UTF-16 buffer: the function may modify it in place.
    proto:
      'BOOL __stdcall CreateProcessWithTokenW(_In_ HANDLE hToken, _In_ DWORD dwLogonFlags, _In_ const char16_t *lpApplicationName, _Inout_ uint8_t *lpCommandLine, _In_ DWORD dwCreationFlags, _In_ uint8_t *lpEnvironment, _In_ const char16_t *lpCurrentDirectory, _In_ STARTUPINFOW *lpStartupInfo, _Out_ PROCESS_INFORMATION *lpProcessInformation)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createprocesswithtokenw',
  },
};

let structsDefined = false;

/** Declares the structs the prototypes name, once per koffi instance. */
function defineStructs(): void {
  if (structsDefined) return;
  koffi.struct('STARTUPINFOW', {
    cb: 'uint32_t',
    lpReserved: 'void *',
    lpDesktop: 'const char16_t *',
    lpTitle: 'void *',
    dwX: 'uint32_t',
    dwY: 'uint32_t',
    dwXSize: 'uint32_t',
    dwYSize: 'uint32_t',
    dwXCountChars: 'uint32_t',
    dwYCountChars: 'uint32_t',
    dwFillAttribute: 'uint32_t',
    dwFlags: 'uint32_t',
    wShowWindow: 'uint16_t',
    cbReserved2: 'uint16_t',
    lpReserved2: 'void *',
    hStdInput: 'intptr_t',
    hStdOutput: 'intptr_t',
    hStdError: 'intptr_t',
  });
  koffi.struct('PROCESS_INFORMATION', { hProcess: 'intptr_t', hThread: 'intptr_t', dwProcessId: 'uint32_t', dwThreadId: 'uint32_t' });
  structsDefined = true;
}

const load = lazyLibrary<Advapi32>('advapi32.dll', ADVAPI32_DECLS);

/** advapi32, loaded on first use (after the structs its prototypes use). */
export function advapi32(): Advapi32 {
  defineStructs();
  return load();
}

/** sizeof(STARTUPINFOW) on x64. */
export const STARTUPINFOW_SIZE = 104;
/** Token access rights (https://learn.microsoft.com/en-us/windows/win32/secauthz/access-rights-for-access-token-objects). */
export const TOKEN_ASSIGN_PRIMARY = 0x0001;
/** Duplicate the token. */
export const TOKEN_DUPLICATE = 0x0002;
/** Read the token's information. */
export const TOKEN_QUERY = 0x0008;
/** Change the default owner, group or DACL. */
export const TOKEN_ADJUST_DEFAULT = 0x0080;
/** Change the session id. */
export const TOKEN_ADJUST_SESSIONID = 0x0100;
/** TOKEN_INFORMATION_CLASS: TokenElevationType (TOKEN_ELEVATION_TYPE). */
export const TokenElevationType = 18;
/** TOKEN_INFORMATION_CLASS: TokenElevation (TOKEN_ELEVATION.TokenIsElevated). */
export const TokenElevation = 20;
/** SECURITY_IMPERSONATION_LEVEL SecurityImpersonation. */
export const SecurityImpersonation = 2;
/** TOKEN_TYPE TokenPrimary. */
export const TokenPrimary = 1;

/** Predefined keys (https://learn.microsoft.com/en-us/windows/win32/sysinfo/predefined-keys); their values are sign-extended 32-bit constants. */
export const HKEY_CURRENT_USER = -0x7fffffff; // 0x80000001 as a signed handle
/** HKEY_LOCAL_MACHINE (0x80000002). */
export const HKEY_LOCAL_MACHINE = -0x7ffffffe;
/** Registry access rights (https://learn.microsoft.com/en-us/windows/win32/sysinfo/registry-key-security-and-access-rights). */
export const KEY_QUERY_VALUE = 0x0001;
/** Read the 64-bit view from a 32-bit process or vice versa. */
export const KEY_WOW64_64KEY = 0x0100;
/** Read the 32-bit (WOW6432Node) view. */
export const KEY_WOW64_32KEY = 0x0200;
/** Registry value types. */
export const REG_SZ = 1;
/** A string with %VARIABLES% to expand. */
export const REG_EXPAND_SZ = 2;

/** The advapi32 functions that change the registry: a preset's launch-time value, always restored (registry.ts). */
export interface Advapi32Writes {
  RegCreateKeyExW(key: number, subKey: string, reserved: number, cls: null, options: number, samDesired: number, attributes: null, result: [number], disposition: [number]): number;
  RegSetValueExW(key: number, valueName: string, reserved: number, type: number, data: Buffer, size: number): number;
  RegDeleteValueW(key: number, valueName: string): number;
}

/** The prototypes of the registry writes, as data. */
export const ADVAPI32_WRITE_DECLS: { [K in keyof Advapi32Writes]: FunctionDecl } = {
  RegCreateKeyExW: {
    proto:
      'LSTATUS __stdcall RegCreateKeyExW(_In_ HKEY hKey, _In_ const char16_t *lpSubKey, _In_ DWORD Reserved, _In_ const char16_t *lpClass, _In_ DWORD dwOptions, _In_ REGSAM samDesired, _In_ void *lpSecurityAttributes, _Out_ HKEY *phkResult, _Out_ DWORD *lpdwDisposition)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winreg/nf-winreg-regcreatekeyexw',
  },
  RegSetValueExW: {
    proto: 'LSTATUS __stdcall RegSetValueExW(_In_ HKEY hKey, _In_ const char16_t *lpValueName, _In_ DWORD Reserved, _In_ DWORD dwType, _In_ const uint8_t *lpData, _In_ DWORD cbData)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winreg/nf-winreg-regsetvalueexw',
  },
  RegDeleteValueW: {
    proto: 'LSTATUS __stdcall RegDeleteValueW(_In_ HKEY hKey, _In_ const char16_t *lpValueName)',
    docs: 'https://learn.microsoft.com/en-us/windows/win32/api/winreg/nf-winreg-regdeletevaluew',
  },
};

/** The registry writes, loaded on first use. */
export const advapi32Writes = lazyLibrary<Advapi32Writes>('advapi32.dll', ADVAPI32_WRITE_DECLS);
/** Set a value of the key (registry access right). */
export const KEY_SET_VALUE = 0x0002;
/** A 32-bit number, little-endian. */
export const REG_DWORD = 4;
