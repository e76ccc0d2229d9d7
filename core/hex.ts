/** Formats a handle value or access mask the way the CLI contract prints it ("0x1c4"). */
export function toHex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Most hex digits a handle value may have: 13 digits (52 bits) always fit a JavaScript number exactly. */
export const MAX_HANDLE_DIGITS = 13;

/** A handle value as the contract carries it ("0x1c4"): the one rule the IPC schema and the CLI share. */
export const HANDLE_HEX = new RegExp(`^0x[0-9a-f]{1,${MAX_HANDLE_DIGITS}}$`, 'i');

const HANDLE_INPUT = new RegExp(`^(?:0x)?([0-9a-f]{1,${MAX_HANDLE_DIGITS}})$`, 'i');

/** Parses a hex handle value ("0x1c4", or "1c4" as Process Explorer shows it); null when invalid. */
export function parseHex(text: string): number | null {
  const m = HANDLE_INPUT.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  const value = Number.parseInt(m[1], 16);
  return Number.isSafeInteger(value) ? value : null;
}

/** Formats an NTSTATUS or Win32 code as an unsigned hex string ("0xC0000022"). */
export function statusHex(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
