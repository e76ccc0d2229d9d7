/**
 * NtQueryInformationProcess(ProcessHandleInformation = 51) never runs under Wine (it answers
 * STATUS_INVALID_INFO_CLASS), so its parser is checked here against a buffer laid out from the published
 * declarations, with x64 C layout rules applied to them, not from the parser's own constants. phnt
 * (winsiderss/phnt, ntpsapi.h):
 *
 *   typedef struct _PROCESS_HANDLE_TABLE_ENTRY_INFO {
 *       HANDLE HandleValue; SIZE_T HandleCount; SIZE_T PointerCount; ACCESS_MASK GrantedAccess;
 *       ULONG ObjectTypeIndex; ULONG HandleAttributes; ULONG Reserved;
 *   } PROCESS_HANDLE_TABLE_ENTRY_INFO;
 *   typedef struct _PROCESS_HANDLE_SNAPSHOT_INFORMATION {
 *       ULONG_PTR NumberOfHandles; ULONG_PTR Reserved;
 *       _Field_size_(NumberOfHandles) PROCESS_HANDLE_TABLE_ENTRY_INFO Handles[1];
 *   } PROCESS_HANDLE_SNAPSHOT_INFORMATION;
 */
import { describe, expect, it } from 'vitest';
import { parseProcessHandleSnapshot } from '../../../native-bindings/win32/parse';

/** Sizes of the declared C types in a 64-bit process (each aligned to its own size). */
const X64: Record<string, number> = { HANDLE: 8, SIZE_T: 8, ULONG_PTR: 8, ACCESS_MASK: 4, ULONG: 4 };

type Decl = readonly (readonly [field: string, type: string])[];

const ENTRY: Decl = [
  ['HandleValue', 'HANDLE'],
  ['HandleCount', 'SIZE_T'],
  ['PointerCount', 'SIZE_T'],
  ['GrantedAccess', 'ACCESS_MASK'],
  ['ObjectTypeIndex', 'ULONG'],
  ['HandleAttributes', 'ULONG'],
  ['Reserved', 'ULONG'],
];
const HEADER: Decl = [
  ['NumberOfHandles', 'ULONG_PTR'],
  ['Reserved', 'ULONG_PTR'],
];

/** Field offsets and the struct size under natural alignment (the struct aligned to its largest member). */
function layout(decl: Decl): { offsets: Map<string, [offset: number, size: number]>; size: number; align: number } {
  const offsets = new Map<string, [number, number]>();
  let offset = 0;
  let align = 1;
  for (const [field, type] of decl) {
    const size = X64[type] as number;
    offset = Math.ceil(offset / size) * size;
    offsets.set(field, [offset, size]);
    offset += size;
    align = Math.max(align, size);
  }
  return { offsets, size: Math.ceil(offset / align) * align, align };
}

/** Writes one struct's fields (unsigned, little-endian) at `base`. */
function writeStruct(buf: Buffer, base: number, decl: Decl, values: Record<string, bigint | number>): void {
  const { offsets } = layout(decl);
  for (const [field, [offset, size]] of offsets) {
    const v = BigInt(values[field] ?? 0);
    if (size === 8) buf.writeBigUInt64LE(v, base + offset);
    else buf.writeUInt32LE(Number(v), base + offset);
  }
}

interface Entry {
  HandleValue: bigint | number;
  GrantedAccess: number;
  ObjectTypeIndex: number;
  HandleAttributes: number;
}

/** A PROCESS_HANDLE_SNAPSHOT_INFORMATION buffer: the header, then the Handles array where its alignment puts it. */
function snapshotBuffer(entries: Entry[], announced = entries.length): { buf: Buffer; length: number } {
  const header = layout(HEADER);
  const entry = layout(ENTRY);
  const first = Math.ceil(header.size / entry.align) * entry.align;
  const buf = Buffer.alloc(first + entries.length * entry.size);
  writeStruct(buf, 0, HEADER, { NumberOfHandles: announced, Reserved: 0 });
  entries.forEach((e, i) =>
    // HandleCount / PointerCount are filled with noise: a parser reading them as anything else would show it.
    writeStruct(buf, first + i * entry.size, ENTRY, { ...e, HandleCount: 0x1111_2222_3333n + BigInt(i), PointerCount: 0x7777_8888_9999n, Reserved: 0xdeadbeef }),
  );
  return { buf, length: buf.length };
}

const ENTRIES: Entry[] = [
  { HandleValue: 0x4, GrantedAccess: 0x1f0003, ObjectTypeIndex: 16, HandleAttributes: 0 },
  { HandleValue: 0x1c4, GrantedAccess: 0x1f0001, ObjectTypeIndex: 17, HandleAttributes: 0x1 },
  // A handle value above 32 bits: HandleValue is pointer-sized.
  { HandleValue: 0x1_0000_0a48n, GrantedAccess: 0x120089, ObjectTypeIndex: 37, HandleAttributes: 0x2 },
];

describe('PROCESS_HANDLE_SNAPSHOT_INFORMATION (class 51), laid out from phnt', () => {
  it('has the 40-byte entries and 16-byte header the declarations give on x64', () => {
    expect(layout(ENTRY).size).toBe(40);
    expect(layout(HEADER).size).toBe(16);
  });

  it('reads every entry with the PID the caller passes (the table carries none)', () => {
    const { buf, length } = snapshotBuffer(ENTRIES);
    expect(parseProcessHandleSnapshot(buf, length, 4242)).toEqual([
      { pid: 4242, handle: 0x4, typeIndex: 16, access: 0x1f0003, attributes: 0 },
      { pid: 4242, handle: 0x1c4, typeIndex: 17, access: 0x1f0001, attributes: 0x1 },
      { pid: 4242, handle: 0x1_0000_0a48, typeIndex: 37, access: 0x120089, attributes: 0x2 },
    ]);
  });

  it('filters on the raw type index and drops a process the filter does not name', () => {
    const { buf, length } = snapshotBuffer(ENTRIES);
    expect(parseProcessHandleSnapshot(buf, length, 7, { typeIndices: new Set([17]) }).map((e) => e.handle)).toEqual([0x1c4]);
    expect(parseProcessHandleSnapshot(buf, length, 7, { pids: new Set([8]) })).toEqual([]);
  });

  it('never reads past the buffer when NumberOfHandles announces more than it holds, or the returned length is short', () => {
    const { buf, length } = snapshotBuffer(ENTRIES, 1000);
    expect(parseProcessHandleSnapshot(buf, length, 1)).toHaveLength(3);
    const entrySize = layout(ENTRY).size;
    expect(parseProcessHandleSnapshot(buf, length - entrySize, 1)).toHaveLength(2);
    expect(parseProcessHandleSnapshot(buf.subarray(0, 8), 8, 1)).toEqual([]);
  });
});
