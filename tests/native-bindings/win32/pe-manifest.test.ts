/**
 * The execution level an exe's manifest requests, read from its resource tree. The files here are laid
 * out by hand from the PE format (a PE32+ image with one .rsrc section: RT_MANIFEST -> 1 -> language ->
 * data entry); the win suite reads real mingw-built exes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { executionLevelOf, manifestBytes, NotAnExecutable, requestedExecutionLevel, type ReadAt } from '../../../native-bindings/win32/pe-manifest';

const manifestFor = (level: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0"><trustInfo xmlns="urn:schemas-microsoft-com:asm.v3"><security><requestedPrivileges><requestedExecutionLevel level="${level}" uiAccess="false"/></requestedPrivileges></security></trustInfo></assembly>`;

/** A minimal PE32+ file whose .rsrc holds `manifest` as RT_MANIFEST #1 (or no resource table at all). */
function peFile(manifest: Buffer | null, resourceType = 24): Buffer {
  const file = Buffer.alloc(0x200 + 0x58 + (manifest?.length ?? 0));
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x40, 0x3c); // e_lfanew
  file.write('PE\0\0', 0x40, 'latin1');
  file.writeUInt16LE(0x8664, 0x44); // Machine: x64
  file.writeUInt16LE(1, 0x46); // NumberOfSections
  file.writeUInt16LE(240, 0x54); // SizeOfOptionalHeader
  const opt = 0x58;
  file.writeUInt16LE(0x20b, opt); // PE32+
  file.writeUInt32LE(16, opt + 108); // NumberOfRvaAndSizes
  if (manifest) {
    file.writeUInt32LE(0x1000, opt + 112 + 16); // resource table RVA
    file.writeUInt32LE(0x58 + manifest.length, opt + 112 + 20);
  }
  const section = opt + 240;
  file.write('.rsrc', section, 'latin1');
  file.writeUInt32LE(0x58 + (manifest?.length ?? 0), section + 8); // VirtualSize
  file.writeUInt32LE(0x1000, section + 12); // VirtualAddress
  file.writeUInt32LE(0x58 + (manifest?.length ?? 0), section + 16); // SizeOfRawData
  file.writeUInt32LE(0x200, section + 20); // PointerToRawData
  if (!manifest) return file;
  const rsrc = 0x200;
  const dir = (at: number, id: number, target: number, isDirectory: boolean) => {
    file.writeUInt16LE(1, rsrc + at + 14); // NumberOfIdEntries
    file.writeUInt32LE(id, rsrc + at + 16);
    file.writeUInt32LE(((isDirectory ? 0x80000000 : 0) | target) >>> 0, rsrc + at + 20);
  };
  dir(0x00, resourceType, 0x18, true);
  dir(0x18, 1, 0x30, true);
  dir(0x30, 0x409, 0x48, false);
  file.writeUInt32LE(0x1000 + 0x58, rsrc + 0x48); // IMAGE_RESOURCE_DATA_ENTRY.OffsetToData (an RVA)
  file.writeUInt32LE(manifest.length, rsrc + 0x4c);
  manifest.copy(file, rsrc + 0x58);
  return file;
}

const reader = (buf: Buffer): ReadAt => (offset, length) => buf.subarray(offset, offset + length);

describe('requested execution level', () => {
  it('reads requireAdministrator, highestAvailable and asInvoker from the RT_MANIFEST resource', () => {
    for (const level of ['requireAdministrator', 'highestAvailable', 'asInvoker'] as const) {
      const manifest = manifestBytes(reader(peFile(Buffer.from(manifestFor(level)))));
      expect(manifest && executionLevelOf(manifest)).toBe(level);
    }
  });

  it('is null for an exe without resources, without a manifest, or whose manifest names no level', () => {
    expect(manifestBytes(reader(peFile(null)))).toBeNull();
    expect(manifestBytes(reader(peFile(Buffer.from(manifestFor('requireAdministrator')), 16)))).toBeNull();
    expect(executionLevelOf(Buffer.from('<assembly><dependency/></assembly>'))).toBeNull();
  });

  it('reads a UTF-16 manifest and a prefixed element', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(manifestFor('requireAdministrator'), 'utf16le')]);
    expect(executionLevelOf(utf16)).toBe('requireAdministrator');
    expect(executionLevelOf(Buffer.from('<ms_asmv3:requestedExecutionLevel uiAccess="false" level=\'highestAvailable\'/>'))).toBe('highestAvailable');
  });

  it('refuses a file that is not an executable', () => {
    expect(() => manifestBytes(reader(Buffer.from('#!/bin/sh\necho not a PE\n'.padEnd(128))))).toThrow(NotAnExecutable);
  });

  it('reads a file from disk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-pe-'));
    try {
      const exe = path.join(dir, 'Admin.exe');
      fs.writeFileSync(exe, peFile(Buffer.from(manifestFor('requireAdministrator'))));
      expect(requestedExecutionLevel(exe)).toBe('requireAdministrator');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
