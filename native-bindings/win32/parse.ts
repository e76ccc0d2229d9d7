/**
 * Parsers for the raw buffers ntdll fills in. Pure TypeScript over `Buffer`, no koffi, so they run
 * (and are unit-tested against recorded buffers) on any platform. Layouts are the 64-bit ones; a
 * 32-bit engine is not supported (Windows node.exe and Electron ship x64 and arm64 only).
 */

/** Header of SYSTEM_HANDLE_INFORMATION_EX and PROCESS_HANDLE_SNAPSHOT_INFORMATION: NumberOfHandles + Reserved (two ULONG_PTR). */
const HANDLE_TABLE_HEADER = 16;
/** sizeof(SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX) on x64. */
export const SYSTEM_HANDLE_ENTRY_SIZE = 40;
/** sizeof(PROCESS_HANDLE_TABLE_ENTRY_INFO) on x64. */
export const PROCESS_HANDLE_ENTRY_SIZE = 40;
/** sizeof(OBJECT_TYPE_INFORMATION) on x64; the type name follows it directly. */
const OBJECT_TYPE_INFO_SIZE = 104;
/** sizeof(UNICODE_STRING) on x64. */
const UNICODE_STRING_SIZE = 16;
const POINTER_SIZE = 8;

/** One raw handle table entry, as both handle snapshot classes report it. */
export interface RawHandleEntry {
  pid: number;
  handle: number;
  typeIndex: number;
  access: number;
  attributes: number;
}

/** What to keep while walking a handle table: checked on the raw bytes, before any object is created. */
export interface RawHandleFilter {
  /** Keep only these PIDs (all when absent). */
  pids?: ReadonlySet<number>;
  /** Keep only these object type indices (all when absent). */
  typeIndices?: ReadonlySet<number>;
}

/** Reads a ULONG_PTR that holds a PID or handle value; these stay far below 2^53. */
function readPtrNumber(buf: Buffer, offset: number): number {
  return buf.readUInt32LE(offset) + buf.readUInt32LE(offset + 4) * 0x1_0000_0000;
}

/** Number of entries the header announces, clamped to what the buffer really holds (a truncated or racing buffer must not make us read past its end). */
function entryCount(buf: Buffer, returnedLength: number, entrySize: number): number {
  if (buf.length < HANDLE_TABLE_HEADER) return 0;
  const end = Math.min(buf.length, returnedLength > 0 ? returnedLength : buf.length);
  const announced = readPtrNumber(buf, 0);
  const fits = Math.floor(Math.max(0, end - HANDLE_TABLE_HEADER) / entrySize);
  return Math.min(announced, fits);
}

/**
 * Parses SYSTEM_HANDLE_INFORMATION_EX (NtQuerySystemInformation class 64). Entries are 40 bytes:
 * Object(8) UniqueProcessId(8) HandleValue(8) GrantedAccess(4) CreatorBackTraceIndex(2)
 * ObjectTypeIndex(2) HandleAttributes(4) Reserved(4).
 * https://learn.microsoft.com/en-us/windows/win32/api/winternl/nf-winternl-ntquerysysteminformation
 */
export function parseSystemHandleInformationEx(buf: Buffer, returnedLength: number, filter: RawHandleFilter = {}): RawHandleEntry[] {
  const count = entryCount(buf, returnedLength, SYSTEM_HANDLE_ENTRY_SIZE);
  const { pids, typeIndices } = filter;
  const out: RawHandleEntry[] = [];
  for (let i = 0, o = HANDLE_TABLE_HEADER; i < count; i++, o += SYSTEM_HANDLE_ENTRY_SIZE) {
    // Type index first: it is the most selective check and reads only two bytes.
    const typeIndex = buf.readUInt16LE(o + 30);
    if (typeIndices && !typeIndices.has(typeIndex)) continue;
    const pid = readPtrNumber(buf, o + 8);
    if (pids && !pids.has(pid)) continue;
    out.push({
      pid,
      handle: readPtrNumber(buf, o + 16),
      typeIndex,
      access: buf.readUInt32LE(o + 24),
      attributes: buf.readUInt32LE(o + 32),
    });
  }
  return out;
}

/**
 * Parses PROCESS_HANDLE_SNAPSHOT_INFORMATION (NtQueryInformationProcess class 51, Windows 8+).
 * Entries are 40 bytes: HandleValue(8) HandleCount(8) PointerCount(8) GrantedAccess(4)
 * ObjectTypeIndex(4) HandleAttributes(4) Reserved(4). The table carries no PID: the caller passes it.
 * https://learn.microsoft.com/en-us/windows/win32/api/winternl/nf-winternl-ntqueryinformationprocess
 */
export function parseProcessHandleSnapshot(buf: Buffer, returnedLength: number, pid: number, filter: RawHandleFilter = {}): RawHandleEntry[] {
  if (filter.pids && !filter.pids.has(pid)) return [];
  const count = entryCount(buf, returnedLength, PROCESS_HANDLE_ENTRY_SIZE);
  const { typeIndices } = filter;
  const out: RawHandleEntry[] = [];
  for (let i = 0, o = HANDLE_TABLE_HEADER; i < count; i++, o += PROCESS_HANDLE_ENTRY_SIZE) {
    const typeIndex = buf.readUInt32LE(o + 28);
    if (typeIndices && !typeIndices.has(typeIndex)) continue;
    out.push({
      pid,
      handle: readPtrNumber(buf, o),
      typeIndex,
      access: buf.readUInt32LE(o + 24),
      attributes: buf.readUInt32LE(o + 32),
    });
  }
  return out;
}

/** One OBJECT_TYPE_INFORMATION entry of the ObjectTypesInformation list. */
export interface ObjectTypeEntry {
  name: string;
  /** 0-based position in the list. */
  position: number;
  /** The TypeIndex byte of the entry (meaningful on Windows 8.1+; Wine fills it with position + 2). */
  typeIndexField: number;
}

/**
 * Parses OBJECT_TYPES_INFORMATION (NtQueryObject(NULL, ObjectTypesInformation = 3)): a ULONG count,
 * then OBJECT_TYPE_INFORMATION entries each followed by its name, every entry aligned to pointer size.
 * https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/ntifs/nf-ntifs-ntqueryobject
 */
export function parseObjectTypesInformation(buf: Buffer, returnedLength: number): ObjectTypeEntry[] {
  const end = Math.min(buf.length, returnedLength > 0 ? returnedLength : buf.length);
  if (end < 4) return [];
  const count = buf.readUInt32LE(0);
  const out: ObjectTypeEntry[] = [];
  let o = alignUp(4, POINTER_SIZE);
  for (let i = 0; i < count && o + OBJECT_TYPE_INFO_SIZE <= end; i++) {
    const length = buf.readUInt16LE(o);
    const maximumLength = buf.readUInt16LE(o + 2);
    const nameStart = o + OBJECT_TYPE_INFO_SIZE;
    const nameEnd = Math.min(end, nameStart + length);
    out.push({ name: buf.toString('utf16le', nameStart, nameEnd), position: i, typeIndexField: buf.readUInt8(o + 90) });
    o = nameStart + alignUp(maximumLength, POINTER_SIZE);
  }
  return out;
}

/**
 * How a handle entry's ObjectTypeIndex maps to a position in the ObjectTypesInformation list.
 * - 'type-index-field': the entry's own TypeIndex byte (Windows 8.1 and later).
 * - 'position-plus-2': list position + 2 (Windows 7 and 8, where indices 0 and 1 are reserved).
 * - 'position': list position (Wine 8: its handle tables report the 0-based list position while
 *   its TypeIndex field says position + 2).
 */
export type TypeIndexRule = 'type-index-field' | 'position-plus-2' | 'position';

/** Every rule, in the order they are tried when calibrating. */
export const TYPE_INDEX_RULES: readonly TypeIndexRule[] = ['type-index-field', 'position-plus-2', 'position'];

/** The handle-table index a type gets under a rule. */
function indexUnder(rule: TypeIndexRule, t: ObjectTypeEntry): number {
  switch (rule) {
    case 'type-index-field':
      return t.typeIndexField;
    case 'position-plus-2':
      return t.position + 2;
    case 'position':
      return t.position;
  }
}

/** The rule to assume without calibration: the TypeIndex field when the OS fills it, else position + 2. */
export function defaultTypeIndexRule(types: readonly ObjectTypeEntry[]): TypeIndexRule {
  return types.length > 0 && types.every((t) => t.typeIndexField !== 0) ? 'type-index-field' : 'position-plus-2';
}

/**
 * Picks the rule under which every observed (type name, handle-table index) pair agrees, e.g. handles
 * of known type this process created itself. Null when no rule fits all observations.
 */
export function calibrateTypeIndexRule(
  types: readonly ObjectTypeEntry[],
  observed: readonly { typeName: string; typeIndex: number }[],
): TypeIndexRule | null {
  if (observed.length === 0) return null;
  const preferred = defaultTypeIndexRule(types);
  const order = [preferred, ...TYPE_INDEX_RULES.filter((r) => r !== preferred)];
  return (
    order.find((rule) =>
      observed.every((o) => {
        const t = types.find((x) => x.name === o.typeName);
        return t !== undefined && indexUnder(rule, t) === o.typeIndex;
      }),
    ) ?? null
  );
}

/** Maps handle-table type indices to names under a rule. */
export function buildTypeIndexMap(types: readonly ObjectTypeEntry[], rule: TypeIndexRule): Map<number, string> {
  const map = new Map<number, string>();
  for (const t of types) map.set(indexUnder(rule, t), t.name);
  return map;
}

/** One SYSTEM_PROCESS_INFORMATION entry. */
export interface RawProcessEntry {
  pid: number;
  ppid: number;
  name: string;
  handleCount: number;
  sessionId: number;
  /** CreateTime as milliseconds since 1970 (0 when the OS did not say). */
  startTime: number;
}

/** FILETIME ticks (100 ns since 1601) between 1601 and 1970. */
const EPOCH_1970_TICKS = 116_444_736_000_000_000n;

/** Converts a FILETIME count to milliseconds since 1970; 0 stays 0 (unknown). */
export function fileTimeToMs(ticks: bigint): number {
  return ticks <= EPOCH_1970_TICKS ? 0 : Number(ticks - EPOCH_1970_TICKS) / 10_000;
}

/**
 * Parses SYSTEM_PROCESS_INFORMATION (NtQuerySystemInformation class 5), entries linked by
 * NextEntryOffset. ImageName.Buffer is an absolute address inside the same buffer, so the caller
 * passes the buffer's address to turn it into an offset.
 * https://learn.microsoft.com/en-us/windows/win32/api/winternl/nf-winternl-ntquerysysteminformation#system_process_information
 */
export function parseSystemProcessInformation(buf: Buffer, returnedLength: number, baseAddress: bigint): RawProcessEntry[] {
  const end = Math.min(buf.length, returnedLength > 0 ? returnedLength : buf.length);
  const out: RawProcessEntry[] = [];
  let o = 0;
  // A cycle or a wild NextEntryOffset in a corrupt buffer must not loop forever.
  for (let guard = 0; guard < 1_000_000 && o + 104 <= end; guard++) {
    const next = buf.readUInt32LE(o);
    const pid = readPtrNumber(buf, o + 80);
    const name = readUnicodeStringAt(buf, o + 56, baseAddress, end) ?? (pid === 0 ? 'System Idle Process' : '');
    out.push({
      pid,
      ppid: readPtrNumber(buf, o + 88),
      name,
      handleCount: buf.readUInt32LE(o + 96),
      sessionId: buf.readUInt32LE(o + 100),
      // CreateTime (LARGE_INTEGER at 0x20): tells a reused PID, and a stale parent PID, from the real one.
      startTime: fileTimeToMs(buf.readBigInt64LE(o + 32)),
    });
    if (next === 0) break;
    o += next;
  }
  return out;
}

/**
 * Reads a UNICODE_STRING whose Buffer points into `buf` (at `baseAddress`). Null when the pointer
 * is NULL or outside the buffer.
 */
function readUnicodeStringAt(buf: Buffer, offset: number, baseAddress: bigint, end: number): string | null {
  const length = buf.readUInt16LE(offset);
  const pointer = buf.readBigUInt64LE(offset + 8);
  if (pointer === 0n || length === 0) return null;
  const start = pointer - baseAddress;
  if (start < 0n || start + BigInt(length) > BigInt(end)) return null;
  return buf.toString('utf16le', Number(start), Number(start) + length);
}

/**
 * Parses the OBJECT_NAME_INFORMATION (a UNICODE_STRING) that NtQueryObject(ObjectNameInformation = 1)
 * returns; "" for an unnamed object. The name follows the header; when the address of the buffer
 * is known the Buffer pointer is honoured instead.
 * https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/ntifs/ns-ntifs-_object_name_information
 */
export function parseObjectNameInformation(buf: Buffer, returnedLength: number, baseAddress?: bigint): string {
  const end = Math.min(buf.length, returnedLength > 0 ? returnedLength : buf.length);
  if (end < UNICODE_STRING_SIZE) return '';
  const length = buf.readUInt16LE(0);
  if (length === 0) return '';
  if (baseAddress !== undefined) {
    const named = readUnicodeStringAt(buf, 0, baseAddress, end);
    if (named !== null) return named;
  }
  return buf.toString('utf16le', UNICODE_STRING_SIZE, Math.min(end, UNICODE_STRING_SIZE + length));
}

/**
 * Parses PUBLIC_OBJECT_TYPE_INFORMATION / OBJECT_TYPE_INFORMATION that NtQueryObject(ObjectTypeInformation = 2)
 * returns: the type name ("Mutant", "File").
 */
export function parseObjectTypeInformation(buf: Buffer, returnedLength: number): string {
  const end = Math.min(buf.length, returnedLength > 0 ? returnedLength : buf.length);
  if (end < OBJECT_TYPE_INFO_SIZE) return '';
  const length = buf.readUInt16LE(0);
  return buf.toString('utf16le', OBJECT_TYPE_INFO_SIZE, Math.min(end, OBJECT_TYPE_INFO_SIZE + length));
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
