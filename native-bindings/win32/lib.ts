/**
 * Lazy koffi loading shared by the per-DLL declaration files. A DLL is loaded, and its functions
 * bound, on the first call that needs it, so importing this module on Linux or macOS is harmless.
 */
import koffi from 'koffi';

/** One function of a DLL, declared as data: a koffi prototype with SAL direction markers and its reference page. */
export interface FunctionDecl {
  /** C-like prototype in koffi syntax; `_Out_` marks parameters koffi copies back. */
  proto: string;
  /** The function's page on learn.microsoft.com. */
  docs: string;
}

/** Type names the prototypes use, mapped to koffi primitives. Handles are intptr_t so they travel as plain numbers (INVALID_HANDLE_VALUE is -1). */
export const ALIASES: readonly [string, string][] = [
  ['HANDLE', 'intptr_t'],
  ['HKEY', 'intptr_t'],
  ['DWORD', 'uint32_t'],
  ['ULONG', 'uint32_t'],
  ['LONG', 'int32_t'],
  ['LSTATUS', 'int32_t'],
  ['NTSTATUS', 'int32_t'],
  ['BOOL', 'int32_t'],
  ['REGSAM', 'uint32_t'],
  ['ULONG_PTR', 'uintptr_t'],
  ['SIZE_T', 'uintptr_t'],
];

let aliasesDefined = false;

/** Registers the aliases once per koffi instance (koffi refuses a second definition). */
function defineAliases(): void {
  if (aliasesDefined) return;
  for (const [name, type] of ALIASES) koffi.alias(name, type);
  aliasesDefined = true;
}

/** A callable bound function; argument checking is koffi's, argument types come from the per-DLL interface. */
type Bound = (...args: never[]) => unknown;

/** Returns a getter that loads `dll` and binds every declared function on first use. */
export function lazyLibrary<T extends { [K in keyof T]: Bound }>(dll: string, decls: { [K in keyof T]: FunctionDecl }): () => T {
  let bound: T | null = null;
  return () => {
    if (bound) return bound;
    defineAliases();
    const lib = koffi.load(dll);
    const out: Partial<Record<keyof T, unknown>> = {};
    for (const name of Object.keys(decls) as (keyof T)[]) out[name] = lib.func(decls[name].proto);
    bound = out as T;
    return bound;
  };
}

/** Address of a Buffer's memory: ntdll returns absolute pointers into the buffers it fills. */
export function addressOf(buf: Buffer): bigint {
  return koffi.address(buf);
}
