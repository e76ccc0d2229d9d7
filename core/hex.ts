/** Formats a handle value or access mask the way the CLI contract prints it ("0x1c4"). */
export function toHex(value: number): string {
  return `0x${value.toString(16)}`;
}

/** Parses a hex handle value ("0x1c4", or "1c4" as Process Explorer shows it); null when invalid. */
export function parseHex(text: string): number | null {
  const m = /^(?:0x)?([0-9a-f]{1,13})$/i.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  const value = Number.parseInt(m[1], 16);
  return Number.isSafeInteger(value) ? value : null;
}

/** Formats an NTSTATUS or Win32 code as an unsigned hex string ("0xC0000022"). */
export function statusHex(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
