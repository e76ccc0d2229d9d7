/** The VS_FIXEDFILEINFO parser behind fileVersion, on a buffer laid out as verrsrc.h declares it. */
import { describe, expect, it } from 'vitest';
import { parseFixedFileInfo } from '../../../native-bindings/win32/version';

/** A VS_FIXEDFILEINFO (13 DWORDs) at `offset`: signature, struct version, file version MS/LS, product version MS/LS, ... */
function block(offset: number, ms: number, ls: number, signature = 0xfeef04bd): Buffer {
  const buf = Buffer.alloc(offset + 52);
  buf.writeUInt32LE(signature, offset);
  buf.writeUInt32LE(0x00010000, offset + 4);
  buf.writeUInt32LE(ms, offset + 8);
  buf.writeUInt32LE(ls, offset + 12);
  buf.writeUInt32LE(0x00090009, offset + 16); // product version differs: the file version is the one read
  return buf;
}

describe('parseFixedFileInfo', () => {
  it('reads dwFileVersionMS/LS as major.minor.build.revision', () => {
    expect(parseFixedFileInfo(block(40, (4 << 16) | 1, (7 << 16) | 1), 40)).toBe('4.1.7.1');
    expect(parseFixedFileInfo(block(0, (3 << 16) | 9, (12 << 16) | 51), 0)).toBe('3.9.12.51');
    expect(parseFixedFileInfo(block(0, 0xffff_ffff, 0xffff_ffff), 0)).toBe('65535.65535.65535.65535');
  });

  it('is null for a wrong signature or an offset outside the block', () => {
    expect(parseFixedFileInfo(block(0, 1, 1, 0x12345678), 0)).toBeNull();
    expect(parseFixedFileInfo(block(0, 1, 1), 8)).toBeNull();
    expect(parseFixedFileInfo(block(0, 1, 1), -4)).toBeNull();
  });
});
