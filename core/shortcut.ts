/**
 * Windows shortcut (.lnk) files, written in pure TypeScript so "start N copies at login" needs no shell
 * and no COM: a ShellLinkHeader, a LinkInfo with the target's local path (ANSI and Unicode), and string
 * data (description, working folder, arguments, icon). Format: [MS-SHLLINK]
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-shllink/16cb4ca1-9339-4d0c-a68d-bf1d6cc0f943
 */

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
const HAS_LINK_INFO = 0x2;
const HAS_NAME = 0x4;
const HAS_WORKING_DIR = 0x10;
const HAS_ARGUMENTS = 0x20;
const HAS_ICON_LOCATION = 0x40;
const IS_UNICODE = 0x80;
const FILE_ATTRIBUTE_NORMAL = 0x80;
const SW_SHOWNORMAL = 1;
const SW_SHOWMINNOACTIVE = 7;
const DRIVE_FIXED = 3;

/** Quotes one argument the way CommandLineToArgvW reads it back. */
export function quoteArgument(arg: string): string {
  if (arg.length > 0 && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    out += ch === '"' ? '\\'.repeat(slashes * 2 + 1) + '"' : '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

function stringData(text: string): Buffer {
  const chars = Buffer.from(text, 'utf16le');
  const out = Buffer.alloc(2 + chars.length);
  out.writeUInt16LE(text.length, 0);
  chars.copy(out, 2);
  return out;
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
  const flags = HAS_LINK_INFO | HAS_NAME | HAS_WORKING_DIR | HAS_ARGUMENTS | HAS_ICON_LOCATION | IS_UNICODE;
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
    linkInfo(spec.target),
    stringData(spec.description ?? ''),
    stringData(workingDir),
    stringData(spec.args.map(quoteArgument).join(' ')),
    stringData(spec.target),
    Buffer.alloc(4), // TerminalBlock
  ]);
}

/** Reads back the fields of a shortcut written by buildShortcut (for tests and diagnostics). */
export function readShortcut(bytes: Buffer): { target: string; workingDir: string; args: string; description: string; minimized: boolean } {
  if (bytes.readUInt32LE(0) !== 0x4c || !bytes.subarray(4, 20).equals(LINK_CLSID)) throw new Error('not a shell link');
  const flags = bytes.readUInt32LE(20);
  let offset = 0x4c;
  let target = '';
  if (flags & HAS_LINK_INFO) {
    const size = bytes.readUInt32LE(offset);
    const headerSize = bytes.readUInt32LE(offset + 4);
    if (headerSize >= 0x24) {
      const start = offset + bytes.readUInt32LE(offset + 28);
      let end = start;
      while (end + 1 < bytes.length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += 2;
      target = bytes.toString('utf16le', start, end);
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
  const workingDir = flags & HAS_WORKING_DIR ? read() : '';
  const args = flags & HAS_ARGUMENTS ? read() : '';
  return { target, workingDir, args, description, minimized: bytes.readUInt32LE(60) === SW_SHOWMINNOACTIVE };
}
