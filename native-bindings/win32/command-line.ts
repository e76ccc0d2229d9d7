/**
 * Command lines and environment blocks for the Win32 process-creation calls Node does not make for us
 * (CreateProcessWithTokenW, ShellExecuteExW): quoted the way CommandLineToArgvW and the C runtime read
 * them back, and environment blocks as CreateProcess expects them.
 */
import { quoteWindowsArgument } from '../command-line';

/** The full command line: the program (always quoted: a path with spaces must not split) and its arguments. */
export function windowsCommandLine(file: string, args: readonly string[]): string {
  return [`"${file}"`, ...args.map(quoteWindowsArgument)].join(' ');
}

/** A NUL-terminated UTF-16 buffer (for LPWSTR parameters the callee may write to). */
export function utf16z(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

/**
 * The environment block for CREATE_UNICODE_ENVIRONMENT: `base` with `extra` on top (names compare
 * without case, as Windows does), "NAME=value\0" sorted by name, ending in an extra NUL.
 */
export function environmentBlock(base: NodeJS.ProcessEnv, extra: Readonly<Record<string, string>> = {}): Buffer {
  const merged = new Map<string, [string, string]>();
  for (const [k, v] of Object.entries(base)) if (v !== undefined && k !== '' && !k.includes('=')) merged.set(k.toUpperCase(), [k, v]);
  for (const [k, v] of Object.entries(extra)) merged.set(k.toUpperCase(), [k, v]);
  const entries = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, [k, v]]) => `${k}=${v}\0`);
  return Buffer.from(`${entries.join('')}\0`, 'utf16le');
}
