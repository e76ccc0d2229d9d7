import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildShortcut, readShortcut } from '../../core/shortcut';

describe('buildShortcut', () => {
  it('writes a shell link whose fields read back', () => {
    const bytes = buildShortcut({ target: 'C:\\Program Files\\Multiopen\\Multiopen.exe', args: ['--launch', 'wechat', '-n', '3'], description: 'Multiopen: WeChat x3', minimized: true });
    expect(bytes.readUInt32LE(0)).toBe(0x4c);
    expect(bytes.subarray(bytes.length - 4)).toEqual(Buffer.alloc(4));
    expect(readShortcut(bytes)).toEqual({
      target: 'C:\\Program Files\\Multiopen\\Multiopen.exe',
      idListPath: 'C:\\Program Files\\Multiopen\\Multiopen.exe',
      workingDir: 'C:\\Program Files\\Multiopen',
      args: '--launch wechat -n 3',
      description: 'Multiopen: WeChat x3',
      minimized: true,
    });
  });

  it('keeps non-ASCII targets in the Unicode path', () => {
    const bytes = buildShortcut({ target: 'D:\\软件\\多开\\Multiopen.exe', args: [] });
    expect(readShortcut(bytes).target).toBe('D:\\软件\\多开\\Multiopen.exe');
  });
});

/** The example shortcut Windows' shell made, from [MS-SHLLINK] section 3 (origin in tests/core/data/README.md). */
const windowsMade = readFileSync(join(__dirname, 'data', 'ms-shllink-example.lnk'));
const HAS_LINK_TARGET_ID_LIST = 0x1;

/** The ItemIDs of a shortcut's LinkTargetIDList, as raw byte strings (the 2-byte sizes included). */
function itemIds(lnk: Buffer): Buffer[] {
  expect(lnk.readUInt32LE(20) & HAS_LINK_TARGET_ID_LIST).toBe(HAS_LINK_TARGET_ID_LIST);
  const size = lnk.readUInt16LE(0x4c);
  const items: Buffer[] = [];
  let o = 0x4e;
  while (o < 0x4e + size) {
    const n = lnk.readUInt16LE(o);
    if (n === 0) break;
    items.push(lnk.subarray(o, o + n));
    o += n;
  }
  // TerminalID: two zero bytes closing the list, counted in IDListSize.
  expect(o + 2).toBe(0x4e + size);
  expect(lnk.readUInt16LE(o)).toBe(0);
  return items;
}

describe('LinkTargetIDList', () => {
  it('reads the shortcut Windows made: its ID list and its LinkInfo both name C:\\test\\a.txt', () => {
    const read = readShortcut(windowsMade);
    expect(read.target).toBe('C:\\test\\a.txt');
    expect(read.idListPath).toBe('C:\\test\\a.txt');
    expect(read.workingDir).toBe('C:\\test');
  });

  it('writes an ID list: My Computer, the drive, then one file-entry item per folder and the file', () => {
    const bytes = buildShortcut({ target: 'C:\\Program Files\\Multiopen\\Multiopen.exe', args: ['--launch', 'wechat'] });
    expect(readShortcut(bytes)).toMatchObject({ target: 'C:\\Program Files\\Multiopen\\Multiopen.exe', idListPath: 'C:\\Program Files\\Multiopen\\Multiopen.exe', args: '--launch wechat' });
    const ours = itemIds(bytes);
    const theirs = itemIds(windowsMade);
    expect(ours).toHaveLength(5);
    // The root (My Computer's CLSID) and the drive item are byte for byte what Windows writes.
    expect(ours[0]).toEqual(theirs[0]);
    expect(ours[1]).toEqual(theirs[1]);
    // Folders are type 0x31 and the file 0x32, like Windows' "test" folder and "a.txt" file items.
    expect(ours.slice(2).map((i) => i[2])).toEqual([0x31, 0x31, 0x32]);
    expect(theirs.slice(2).map((i) => i[2])).toEqual([0x31, 0x32]);
  });

  it('keeps non-ASCII folder and file names in the Unicode long names', () => {
    const bytes = buildShortcut({ target: 'D:\\软件\\多开\\Multiopen.exe', args: [] });
    expect(readShortcut(bytes).idListPath).toBe('D:\\软件\\多开\\Multiopen.exe');
  });

  it('writes no ID list for a UNC target, which has no drive item (LinkInfo still names it)', () => {
    const bytes = buildShortcut({ target: '\\\\server\\share\\Multiopen.exe', args: [] });
    expect(bytes.readUInt32LE(20) & HAS_LINK_TARGET_ID_LIST).toBe(0);
    expect(readShortcut(bytes)).toMatchObject({ target: '\\\\server\\share\\Multiopen.exe', idListPath: null });
  });
});
