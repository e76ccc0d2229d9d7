/** advapi32.dll declarations (registry). */
import { lazyLibrary, type FunctionDecl } from './lib';

/** Typed view of the advapi32 functions we bind. Results are Win32 error codes (0 = success). */
export interface Advapi32 {
  RegOpenKeyExW(key: number, subKey: string, options: number, samDesired: number, result: [number]): number;
  RegQueryValueExW(key: number, valueName: string, reserved: null, type: [number], data: Buffer | null, dataSize: [number]): number;
  RegCloseKey(key: number): number;
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
};

/** advapi32, loaded on first use. */
export const advapi32 = lazyLibrary<Advapi32>('advapi32.dll', ADVAPI32_DECLS);

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
