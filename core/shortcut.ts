/**
 * Windows shortcut (.lnk) files, written in pure TypeScript so "start N copies at login" needs no shell
 * and no COM: a ShellLinkHeader, a LinkTargetIDList (the shell's own name of the target: My Computer,
 * the drive, one file-entry item per folder and the file, as Windows' shell writes them), a LinkInfo with
 * the target's local path (ANSI and Unicode), and string data (description, working folder, arguments,
 * icon). Format: [MS-SHLLINK]
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-shllink/16cb4ca1-9339-4d0c-a68d-bf1d6cc0f943
 * The shell items inside the ID list are not in that specification; their layout follows the shortcut
 * Windows made in its section 3 (tests/core/data/ms-shllink-example.lnk).
 */
import { windowsArguments } from '../native-bindings/command-line';

/** What a shortcut starts. */
export interface ShortcutSpec {
  /** Full path of the program, e.g. "C:\Program Files\Multiopen\Multiopen.exe". */
  target: string;
  args: string[];
  workingDir?: string;
  description?: string;
  /** Start minimised (SW_SHOWMINNOACTIVE) rather than normal. */
  minimized?: boolean;
}

const LINK_CLSID = Buffer.from([0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);
const HAS_LINK_TARGET_ID_LIST = 0x1;
const HAS_LINK_INFO = 0x2;
const HAS_NAME = 0x4;
const HAS_RELATIVE_PATH = 0x8;
const HAS_WORKING_DIR = 0x10;
const HAS_ARGUMENTS = 0x20;
const HAS_ICON_LOCATION = 0x40;
const IS_UNICODE = 0x80;
const FILE_ATTRIBUTE_NORMAL = 0x80;
const SW_SHOWNORMAL = 1;
const SW_SHOWMINNOACTIVE = 7;
const DRIVE_FIXED = 3;

function stringData(text: string): Buffer {
  const chars = Buffer.from(text, 'utf16le');
  const out = Buffer.alloc(2 + chars.length);
  out.writeUInt16LE(text.length, 0);
  chars.copy(out, 2);
  return out;
}

/** The root item: My Computer, CLSID {20D04FE0-3AEA-1069-A2D8-08002B30309D} (type 0x1F, sort index 0x50). */
const MY_COMPUTER_ITEM = Buffer.from([0x14, 0x00, 0x1f, 0x50, 0xe0, 0x4f, 0xd0, 0x20, 0xea, 0x3a, 0x69, 0x10, 0xa2, 0xd8, 0x08, 0x00, 0x2b, 0x30, 0x30, 0x9d]);
const DRIVE_ITEM_TYPE = 0x2f;
const DRIVE_ITEM_SIZE = 25;
const FOLDER_ITEM = 0x31;
const FILE_ITEM = 0x32;
/** Set in a file-entry item's type when its primary name is UTF-16 rather than the ANSI code page. */
const UNICODE_NAME = 0x04;
const BEEF0004 = 0xbeef0004;
const FILE_ATTRIBUTE_DIRECTORY = 0x10;
const FILE_ATTRIBUTE_ARCHIVE = 0x20;

/** A drive item: type 0x2F and "C:\" in a 22-byte field, 25 bytes in all. */
function driveItem(drive: string): Buffer {
  const item = Buffer.alloc(DRIVE_ITEM_SIZE);
  item.writeUInt16LE(DRIVE_ITEM_SIZE, 0);
  item[2] = DRIVE_ITEM_TYPE;
  item.write(`${drive}\\`, 3, 'latin1');
  return item;
}

/**
 * A file-entry item: size, type, file size, modification time and attributes (zero where unknown), the
 * primary name, then an extension block 0xBEEF0004 (version 3) with the Unicode long name, which the shell
 * binds by. A name that is not plain ASCII is also the primary name, in UTF-16.
 */
function fileEntryItem(name: string, isFolder: boolean): Buffer {
  const ascii = /^[\x20-\x7e]+$/.test(name);
  const type = (isFolder ? FOLDER_ITEM : FILE_ITEM) | (ascii ? 0 : UNICODE_NAME);
  let primary = ascii ? Buffer.from(`${name}\0`, 'latin1') : Buffer.from(`${name}\0`, 'utf16le');
  if ((14 + primary.length) % 2) primary = Buffer.concat([primary, Buffer.alloc(1)]);
  const head = Buffer.alloc(14);
  head[2] = type;
  head.writeUInt16LE(isFolder ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE, 12);
  const longName = Buffer.from(`${name}\0`, 'utf16le');
  const block = Buffer.alloc(20 + longName.length + 2);
  block.writeUInt16LE(block.length, 0);
  block.writeUInt16LE(3, 2); // version 3: understood by every Windows since XP
  block.writeUInt32LE(BEEF0004, 4);
  block.writeUInt16LE(0x14, 16); // the identifier XP writes
  longName.copy(block, 20);
  block.writeUInt16LE(head.length + primary.length, block.length - 2); // where this block starts in the item
  const item = Buffer.concat([head, primary, block]);
  item.writeUInt16LE(item.length, 0);
  return item;
}

/** The LinkTargetIDList of a local path ("C:\\dir\\file.exe"), or null for a path without a drive letter (UNC). */
function linkTargetIdList(target: string): Buffer | null {
  const m = /^([A-Za-z]:)\\(.*)$/.exec(target);
  if (!m) return null;
  const parts = (m[2] ?? '').split('\\').filter((p) => p !== '');
  const items = [MY_COMPUTER_ITEM, driveItem((m[1] ?? '').toUpperCase()), ...parts.map((p, i) => fileEntryItem(p, i < parts.length - 1))];
  const list = Buffer.concat([...items, Buffer.alloc(2)]); // TerminalID
  const size = Buffer.alloc(2);
  size.writeUInt16LE(list.length, 0);
  return Buffer.concat([size, list]);
}

/** The path an ID list names (My Computer, drive, file entries), or null when it names something else. */
function idListPath(list: Buffer): string | null {
  let drive: string | null = null;
  const names: string[] = [];
  for (let o = 0; o + 2 <= list.length; ) {
    const size = list.readUInt16LE(o);
    if (size === 0) break;
    const item = list.subarray(o, o + size);
    o += size;
    const type = item[2] ?? 0;
    if (type === 0x1f) continue; // a root folder (My Computer)
    if ((type & 0x70) === 0x20) {
      drive = item.toString('latin1', 3, item.indexOf(0, 3) > 0 ? item.indexOf(0, 3) : item.length).replace(/\\$/, '');
      continue;
    }
    if ((type & 0x70) !== 0x30 || drive === null) return null;
    names.push(fileEntryName(item, type));
  }
  return drive === null ? null : [drive, ...names].join('\\');
}

/** A file-entry item's name: the long name of its 0xBEEF0004 block when it has one, else the primary name. */
function fileEntryName(item: Buffer, type: number): string {
  const at = item.length >= 16 ? item.readUInt16LE(item.length - 2) : 0;
  if (at >= 14 && at + 20 < item.length && item.readUInt32LE(at + 4) === BEEF0004) {
    const version = item.readUInt16LE(at + 2);
    const start = at + (version >= 9 ? 46 : version >= 8 ? 42 : version >= 7 ? 38 : 20);
    let end = start;
    while (end + 1 < item.length && (item[end] !== 0 || item[end + 1] !== 0)) end += 2;
    return item.toString('utf16le', start, end);
  }
  if (type & UNICODE_NAME) {
    let end = 14;
    while (end + 1 < item.length && (item[end] !== 0 || item[end + 1] !== 0)) end += 2;
    return item.toString('utf16le', 14, end);
  }
  return item.toString('latin1', 14, item.indexOf(0, 14) > 0 ? item.indexOf(0, 14) : item.length);
}

/** LinkInfo with VolumeID and LocalBasePath, plus the Unicode path so non-ASCII targets resolve. */
function linkInfo(target: string): Buffer {
  const volumeId = Buffer.alloc(0x11);
  volumeId.writeUInt32LE(0x11, 0); // VolumeIDSize
  volumeId.writeUInt32LE(DRIVE_FIXED, 4);
  volumeId.writeUInt32LE(0, 8); // DriveSerialNumber
  volumeId.writeUInt32LE(0x10, 12); // VolumeLabelOffset: the empty label at byte 16
  const ansi = Buffer.from(`${target.replace(/[^\x20-\x7e]/g, '?')}\0`, 'latin1');
  const suffix = Buffer.from([0]);
  const unicode = Buffer.from(`${target}\0`, 'utf16le');
  const suffixUnicode = Buffer.from([0, 0]);
  const headerSize = 0x24;
  const volumeOffset = headerSize;
  const baseOffset = volumeOffset + volumeId.length;
  const suffixOffset = baseOffset + ansi.length;
  const baseUnicodeOffset = suffixOffset + suffix.length;
  const suffixUnicodeOffset = baseUnicodeOffset + unicode.length;
  const size = suffixUnicodeOffset + suffixUnicode.length;
  const header = Buffer.alloc(headerSize);
  header.writeUInt32LE(size, 0);
  header.writeUInt32LE(headerSize, 4);
  header.writeUInt32LE(1, 8); // VolumeIDAndLocalBasePath
  header.writeUInt32LE(volumeOffset, 12);
  header.writeUInt32LE(baseOffset, 16);
  header.writeUInt32LE(0, 20); // no CommonNetworkRelativeLink
  header.writeUInt32LE(suffixOffset, 24);
  header.writeUInt32LE(baseUnicodeOffset, 28);
  header.writeUInt32LE(suffixUnicodeOffset, 32);
  return Buffer.concat([header, volumeId, ansi, suffix, unicode, suffixUnicode]);
}

/** The bytes of a .lnk file that starts `spec.target` with `spec.args`. */
export function buildShortcut(spec: ShortcutSpec): Buffer {
  const idList = linkTargetIdList(spec.target);
  const flags = (idList ? HAS_LINK_TARGET_ID_LIST : 0) | HAS_LINK_INFO | HAS_NAME | HAS_WORKING_DIR | HAS_ARGUMENTS | HAS_ICON_LOCATION | IS_UNICODE;
  const header = Buffer.alloc(0x4c);
  header.writeUInt32LE(0x4c, 0);
  LINK_CLSID.copy(header, 4);
  header.writeUInt32LE(flags, 20);
  header.writeUInt32LE(FILE_ATTRIBUTE_NORMAL, 24);
  // Creation, access and write times (28..51), file size (52) and icon index (56) stay 0.
  header.writeUInt32LE(spec.minimized ? SW_SHOWMINNOACTIVE : SW_SHOWNORMAL, 60);
  const workingDir = spec.workingDir ?? spec.target.slice(0, Math.max(0, spec.target.lastIndexOf('\\')));
  return Buffer.concat([
    header,
    ...(idList ? [idList] : []),
    linkInfo(spec.target),
    stringData(spec.description ?? ''),
    stringData(workingDir),
    stringData(windowsArguments(spec.args)),
    stringData(spec.target),
    Buffer.alloc(4), // TerminalBlock
  ]);
}

/** What a shortcut says, as read back by readShortcut. */
export interface ReadShortcut {
  /** The LinkInfo's Unicode local path. */
  target: string;
  /** The path the LinkTargetIDList names; null when it has none or it names no drive path. */
  idListPath: string | null;
  workingDir: string;
  args: string;
  description: string;
  minimized: boolean;
}

/** Reads back the fields of a shell link (ours, or one the shell wrote; for tests and diagnostics). */
export function readShortcut(bytes: Buffer): ReadShortcut {
  if (bytes.readUInt32LE(0) !== 0x4c || !bytes.subarray(4, 20).equals(LINK_CLSID)) throw new Error('not a shell link');
  const flags = bytes.readUInt32LE(20);
  let offset = 0x4c;
  let idPath: string | null = null;
  if (flags & HAS_LINK_TARGET_ID_LIST) {
    const size = bytes.readUInt16LE(offset);
    idPath = idListPath(bytes.subarray(offset + 2, offset + 2 + size));
    offset += 2 + size;
  }
  let target = '';
  if (flags & HAS_LINK_INFO) {
    const size = bytes.readUInt32LE(offset);
    const headerSize = bytes.readUInt32LE(offset + 4);
    if (headerSize >= 0x24) {
      const start = offset + bytes.readUInt32LE(offset + 28);
      let end = start;
      while (end + 1 < bytes.length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += 2;
      target = bytes.toString('utf16le', start, end);
    } else if (bytes.readUInt32LE(offset + 8) & 1) {
      // No Unicode path (the shell writes none for ASCII targets): LocalBasePath + CommonPathSuffix, ANSI.
      const ansi = (at: number) => {
        const start = offset + bytes.readUInt32LE(offset + at);
        const end = bytes.indexOf(0, start);
        return bytes.toString('latin1', start, end < 0 ? offset + size : end);
      };
      target = ansi(16) + ansi(24);
    }
    offset += size;
  }
  const read = () => {
    const count = bytes.readUInt16LE(offset);
    const text = bytes.toString('utf16le', offset + 2, offset + 2 + count * 2);
    offset += 2 + count * 2;
    return text;
  };
  const description = flags & HAS_NAME ? read() : '';
  if (flags & HAS_RELATIVE_PATH) read();
  const workingDir = flags & HAS_WORKING_DIR ? read() : '';
  const args = flags & HAS_ARGUMENTS ? read() : '';
  return { target, idListPath: idPath, workingDir, args, description, minimized: bytes.readUInt32LE(60) === SW_SHOWMINNOACTIVE };
}
