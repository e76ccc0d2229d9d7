// Handle values: core/hex.ts holds the one rule; the CLI and the IPC contract both go through it.
import { describe, expect, it } from 'vitest';
import { HANDLE_HEX, MAX_HANDLE_DIGITS, parseHex, statusHex, toHex } from '../../core/hex';
import { parseRequest } from '../../electron/shared/contract';

const longest = `0x${'f'.repeat(MAX_HANDLE_DIGITS)}`;
const tooLong = `0x1${'0'.repeat(MAX_HANDLE_DIGITS)}`;
const contractTakes = (handle: string) => parseRequest('handles.close', { pid: 4, handle }).ok;

describe('handle values', () => {
  it('accept at most 13 hex digits, so every value is a safe integer', () => {
    expect(MAX_HANDLE_DIGITS).toBe(13);
    expect(parseHex(longest)).toBe(2 ** 52 - 1);
    expect(Number.isSafeInteger(parseHex(longest))).toBe(true);
    expect(parseHex(tooLong)).toBeNull();
    expect(parseHex(`0x${'f'.repeat(16)}`)).toBeNull();
  });

  it('mean the same to the IPC contract as to core, on both sides of the boundary', () => {
    for (const value of ['0x0', '0x1c4', '0X1C4', longest, tooLong, `0x${'0'.repeat(14)}`, `0x${'f'.repeat(16)}`, '0x', '0x1g']) {
      expect(contractTakes(value), value).toBe(parseHex(value) !== null);
      expect(HANDLE_HEX.test(value), value).toBe(parseHex(value) !== null);
    }
    expect(contractTakes(longest)).toBe(true);
    expect(contractTakes(tooLong)).toBe(false);
  });

  it('need the 0x prefix on the wire; the command line also takes Process Explorer\'s bare digits', () => {
    expect(contractTakes('1c4')).toBe(false);
    expect(parseHex('1c4')).toBe(0x1c4);
    expect(parseHex(' 0x1c4 ')).toBe(0x1c4);
    expect(parseHex('-1')).toBeNull();
  });

  it('format the way the contract prints them', () => {
    expect(toHex(0x1c4)).toBe('0x1c4');
    expect(HANDLE_HEX.test(toHex(2 ** 52 - 1))).toBe(true);
    expect(statusHex(-1073741790)).toBe('0xC0000022');
  });
});
