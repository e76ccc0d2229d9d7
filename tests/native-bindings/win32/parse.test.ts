/**
 * Parsers against buffers recorded from Wine 8 (scripts/wine-smoke.sh --record): a fixture
 * "WeChat.exe" holding the mutex _WeChat_App_Instance_Identity_Mutex_Name, and the recording
 * node.exe holding MultiopenRecordedMutex (handle and PID in meta.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTypeIndexMap,
  calibrateTypeIndexRule,
  defaultTypeIndexRule,
  parseObjectNameInformation,
  parseObjectTypesInformation,
  parseProcessHandleSnapshot,
  parseSystemHandleInformationEx,
  parseSystemProcessInformation,
  SYSTEM_HANDLE_ENTRY_SIZE,
} from '../../../native-bindings/win32/parse';

const dir = join(__dirname, 'data');
const load = (name: string) => readFileSync(join(dir, name));
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
  fixturePid: number;
  ownPid: number;
  ownMutexHandle: number;
  ownMutexName: string;
  typesLength: number;
  handlesLength: number;
  processesLength: number;
  processesBaseAddress: string;
  objectNameBaseAddress: string;
};
const typesBuf = load('object-types.bin');
const handlesBuf = load('system-handles-ex.bin');
const processesBuf = load('system-processes.bin');
const nameBuf = load('object-name.bin');

const types = parseObjectTypesInformation(typesBuf, meta.typesLength);
const ownMutex = parseSystemHandleInformationEx(handlesBuf, meta.handlesLength, { pids: new Set([meta.ownPid]) }).find(
  (e) => e.handle === meta.ownMutexHandle,
);

describe('ObjectTypesInformation (class 3)', () => {
  it('lists the kernel object types with pointer-aligned entries', () => {
    expect(types.map((t) => t.name)).toEqual(expect.arrayContaining(['Mutant', 'Event', 'Semaphore', 'Section', 'File', 'Process']));
    expect(types).toHaveLength(typesBuf.readUInt32LE(0));
    expect(types.every((t) => /^[A-Za-z]+$/.test(t.name))).toBe(true);
  });

  it('shows that Wine fills TypeIndex with position + 2', () => {
    const mutant = types.find((t) => t.name === 'Mutant');
    expect(mutant).toBeDefined();
    expect(mutant?.typeIndexField).toBe((mutant?.position ?? -1) + 2);
    expect(defaultTypeIndexRule(types)).toBe('type-index-field');
  });
});

describe('type index mapping', () => {
  it('calibrates to the rule under which our own mutex is a Mutant (Wine: list position)', () => {
    expect(ownMutex).toBeDefined();
    const rule = calibrateTypeIndexRule(types, [{ typeName: 'Mutant', typeIndex: ownMutex?.typeIndex ?? -1 }]);
    expect(rule).toBe('position');
    expect(buildTypeIndexMap(types, 'position').get(ownMutex?.typeIndex ?? -1)).toBe('Mutant');
  });

  it('would misname the mutex under the uncalibrated default, which is why calibration exists', () => {
    const wrong = buildTypeIndexMap(types, defaultTypeIndexRule(types)).get(ownMutex?.typeIndex ?? -1);
    expect(wrong).not.toBe('Mutant');
  });

  it('maps Windows 7 style (position + 2) and Windows 8.1 style (TypeIndex field) tables', () => {
    const synthetic = [
      { name: 'Type', position: 0, typeIndexField: 2 },
      { name: 'Mutant', position: 1, typeIndexField: 17 },
    ];
    expect(calibrateTypeIndexRule(synthetic, [{ typeName: 'Mutant', typeIndex: 17 }])).toBe('type-index-field');
    expect(calibrateTypeIndexRule(synthetic, [{ typeName: 'Mutant', typeIndex: 3 }])).toBe('position-plus-2');
    expect(calibrateTypeIndexRule(synthetic, [{ typeName: 'Mutant', typeIndex: 40 }])).toBeNull();
    expect(defaultTypeIndexRule(synthetic.map((t) => ({ ...t, typeIndexField: 0 })))).toBe('position-plus-2');
  });
});

describe('SystemExtendedHandleInformation (class 64)', () => {
  const mutantIndex = ownMutex?.typeIndex ?? -1;

  it('reads every entry of the recorded table', () => {
    const all = parseSystemHandleInformationEx(handlesBuf, meta.handlesLength);
    expect(all).toHaveLength((meta.handlesLength - 16) / SYSTEM_HANDLE_ENTRY_SIZE);
    expect(new Set(all.map((e) => e.pid))).toContain(meta.fixturePid);
  });

  it('finds the fixture guard as the only Mutant of the fixture process', () => {
    const hits = parseSystemHandleInformationEx(handlesBuf, meta.handlesLength, { pids: new Set([meta.fixturePid]), typeIndices: new Set([mutantIndex]) });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.pid).toBe(meta.fixturePid);
    expect(hits[0]?.access).toBe(0x1f0001); // MUTANT_ALL_ACCESS
    expect(hits[0]?.attributes).toBe(0);
  });

  it('keeps our own mutex with its real handle value and access', () => {
    expect(ownMutex).toMatchObject({ pid: meta.ownPid, handle: meta.ownMutexHandle, access: 0x1f0001 });
  });

  it('filters a 100,000-entry table on the raw bytes', () => {
    const entries = handlesBuf.subarray(16, meta.handlesLength);
    const perCopy = entries.length / SYSTEM_HANDLE_ENTRY_SIZE;
    const copies = Math.ceil(100_000 / perCopy);
    const big = Buffer.concat([Buffer.alloc(16), ...Array.from({ length: copies }, () => entries)]);
    big.writeBigUInt64LE(BigInt(copies * perCopy), 0);
    const t0 = performance.now();
    const hits = parseSystemHandleInformationEx(big, big.length, { pids: new Set([meta.fixturePid]), typeIndices: new Set([mutantIndex]) });
    const ms = performance.now() - t0;
    expect(hits).toHaveLength(copies);
    expect(ms).toBeLessThan(1000);
  });

  it('never reads past a truncated buffer', () => {
    const cut = handlesBuf.subarray(0, 16 + 3 * SYSTEM_HANDLE_ENTRY_SIZE + 7);
    expect(parseSystemHandleInformationEx(cut, cut.length)).toHaveLength(3);
    expect(parseSystemHandleInformationEx(Buffer.alloc(4), 4)).toEqual([]);
  });
});

describe('ProcessHandleInformation (class 51)', () => {
  // Wine 8 does not implement class 51, so its buffer is built from the recorded class 64 entries.
  const own = parseSystemHandleInformationEx(handlesBuf, meta.handlesLength, { pids: new Set([meta.ownPid]) });
  const buf = Buffer.alloc(16 + own.length * 40);
  buf.writeBigUInt64LE(BigInt(own.length), 0);
  own.forEach((e, i) => {
    const o = 16 + i * 40;
    buf.writeBigUInt64LE(BigInt(e.handle), o);
    buf.writeBigUInt64LE(1n, o + 8);
    buf.writeBigUInt64LE(2n, o + 16);
    buf.writeUInt32LE(e.access, o + 24);
    buf.writeUInt32LE(e.typeIndex, o + 28);
    buf.writeUInt32LE(e.attributes, o + 32);
  });

  it('reads the same entries as class 64 for that process', () => {
    expect(parseProcessHandleSnapshot(buf, buf.length, meta.ownPid)).toEqual(own);
  });

  it('filters by type index and skips the table when the PID is filtered out', () => {
    const mutants = parseProcessHandleSnapshot(buf, buf.length, meta.ownPid, { typeIndices: new Set([ownMutex?.typeIndex ?? -1]) });
    expect(mutants.map((e) => e.handle)).toContain(meta.ownMutexHandle);
    expect(parseProcessHandleSnapshot(buf, buf.length, meta.ownPid, { pids: new Set([meta.fixturePid]) })).toEqual([]);
  });
});

describe('SystemProcessInformation (class 5)', () => {
  const procs = parseSystemProcessInformation(processesBuf, meta.processesLength, BigInt(meta.processesBaseAddress));

  it('walks NextEntryOffset and resolves ImageName pointers', () => {
    const fixture = procs.find((p) => p.pid === meta.fixturePid);
    expect(fixture).toMatchObject({ name: 'WeChat.exe', sessionId: 1 });
    expect(fixture?.handleCount).toBeGreaterThan(0);
    expect(procs.find((p) => p.pid === meta.ownPid)?.name).toBe('node.exe');
    expect(procs.map((p) => p.name)).toContain('services.exe');
  });

  it('reads CreateTime, so a reused PID can be told apart: a child never starts before its parent', () => {
    const fixture = procs.find((p) => p.pid === meta.fixturePid);
    const own = procs.find((p) => p.pid === meta.ownPid);
    // Recorded in 2026 under Wine: both real dates, not 0 and not garbage.
    for (const p of [fixture, own]) expect(p?.startTime).toBeGreaterThan(Date.UTC(2025, 0, 1));
    for (const p of [fixture, own]) expect(p?.startTime).toBeLessThan(Date.UTC(2030, 0, 1));
    const services = procs.find((p) => p.name === 'services.exe');
    for (const child of procs.filter((p) => p.ppid === services?.pid)) expect(child.startTime).toBeGreaterThanOrEqual(services?.startTime ?? 0);
  });

  it('links children to their parent', () => {
    const services = procs.find((p) => p.name === 'services.exe');
    expect(procs.some((p) => p.name === 'winedevice.exe' && p.ppid === services?.pid)).toBe(true);
  });

  it('yields empty names, not garbage, when the base address is wrong', () => {
    const wrong = parseSystemProcessInformation(processesBuf, meta.processesLength, 0n);
    expect(wrong.map((p) => p.pid)).toEqual(procs.map((p) => p.pid));
    expect(wrong.every((p) => p.name === '')).toBe(true);
  });
});

describe('ObjectNameInformation (NtQueryObject class 1)', () => {
  it('reads the full kernel name of a named mutex', () => {
    const expected = `\\Sessions\\1\\BaseNamedObjects\\${meta.ownMutexName}`;
    expect(parseObjectNameInformation(nameBuf, nameBuf.length)).toBe(expected);
    expect(parseObjectNameInformation(nameBuf, nameBuf.length, BigInt(meta.objectNameBaseAddress))).toBe(expected);
  });

  it('reads an unnamed object as ""', () => {
    expect(parseObjectNameInformation(Buffer.alloc(16), 16)).toBe('');
  });
});
