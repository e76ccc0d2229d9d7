/**
 * What an executable's embedded manifest asks for: `requestedExecutionLevel` (asInvoker,
 * highestAvailable, requireAdministrator). Windows refuses to CreateProcess an exe that requires
 * administrator rights from a process that does not have them (ERROR_ELEVATION_REQUIRED, 740, which
 * Node reports as EACCES), so this tells "needs elevation" from "access denied" before or after trying.
 * Pure parsing of the PE file (no koffi): the resource tree's RT_MANIFEST entry, per the PE format
 * https://learn.microsoft.com/en-us/windows/win32/debug/pe-format#the-rsrc-section
 */
import * as fs from 'node:fs';
import type { ExecutionLevel } from '../os-api';

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Buffer;

const RT_MANIFEST = 24;
/** Walking the resource tree must stop on a corrupt file that loops or names huge counts. */
const MAX_ENTRIES = 4096;
const MAX_MANIFEST = 1024 * 1024;

/** Why a file could not be read as an executable. */
export class NotAnExecutable extends Error {}

interface Section {
  virtualAddress: number;
  virtualSize: number;
  rawSize: number;
  rawPointer: number;
}

/** The file offset of a relative virtual address, or null when no section holds it. */
function fileOffset(sections: readonly Section[], rva: number): number | null {
  for (const s of sections) {
    const size = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.virtualAddress && rva < s.virtualAddress + size) return rva - s.virtualAddress + s.rawPointer;
  }
  return null;
}

/** The directory entries of one IMAGE_RESOURCE_DIRECTORY: id (or name offset) and where it points. */
function entries(read: ReadAt, at: number): { id: number; named: boolean; target: number; isDirectory: boolean }[] {
  const dir = read(at, 16);
  if (dir.length < 16) return [];
  const count = Math.min(MAX_ENTRIES, dir.readUInt16LE(12) + dir.readUInt16LE(14));
  const raw = read(at + 16, count * 8);
  const out = [];
  for (let i = 0; i + 8 <= raw.length; i += 8) {
    const name = raw.readUInt32LE(i);
    const offset = raw.readUInt32LE(i + 4);
    out.push({ id: name & 0x7fffffff, named: (name & 0x80000000) !== 0, target: offset & 0x7fffffff, isDirectory: (offset & 0x80000000) !== 0 });
  }
  return out;
}

/** The bytes of the first RT_MANIFEST resource, or null when the file has none. */
export function manifestBytes(read: ReadAt): Buffer | null {
  const dos = read(0, 64);
  if (dos.length < 64 || dos.toString('latin1', 0, 2) !== 'MZ') throw new NotAnExecutable('no MZ header');
  const pe = dos.readUInt32LE(0x3c);
  const head = read(pe, 24);
  if (head.length < 24 || head.toString('latin1', 0, 4) !== 'PE\0\0') throw new NotAnExecutable('no PE header');
  const sectionCount = head.readUInt16LE(6);
  const optionalSize = head.readUInt16LE(20);
  const optional = read(pe + 24, optionalSize);
  const magic = optional.length >= 2 ? optional.readUInt16LE(0) : 0;
  // Data directories start at 96 (PE32) or 112 (PE32+); the resource table is entry 2.
  const dirs = magic === 0x20b ? 112 : magic === 0x10b ? 96 : -1;
  if (dirs < 0) throw new NotAnExecutable(`unknown optional header magic 0x${magic.toString(16)}`);
  const countOfDirs = optional.readUInt32LE(dirs - 4);
  if (countOfDirs < 3 || optional.length < dirs + 24) return null;
  const resourceRva = optional.readUInt32LE(dirs + 16);
  if (resourceRva === 0) return null;
  const table = read(pe + 24 + optionalSize, sectionCount * 40);
  const sections: Section[] = [];
  for (let i = 0; i + 40 <= table.length; i += 40) {
    sections.push({ virtualSize: table.readUInt32LE(i + 8), virtualAddress: table.readUInt32LE(i + 12), rawSize: table.readUInt32LE(i + 16), rawPointer: table.readUInt32LE(i + 20) });
  }
  const root = fileOffset(sections, resourceRva);
  if (root === null) return null;
  // Type -> name (1 for an exe's own manifest) -> language -> IMAGE_RESOURCE_DATA_ENTRY.
  const type = entries(read, root).find((e) => !e.named && e.id === RT_MANIFEST && e.isDirectory);
  if (!type) return null;
  const names = entries(read, root + type.target).filter((e) => e.isDirectory).sort((a, b) => Number(a.named) - Number(b.named) || a.id - b.id);
  const name = names[0];
  if (!name) return null;
  const language = entries(read, root + name.target).find((e) => !e.isDirectory);
  if (!language) return null;
  const data = read(root + language.target, 16);
  if (data.length < 16) return null;
  const at = fileOffset(sections, data.readUInt32LE(0));
  const size = Math.min(data.readUInt32LE(4), MAX_MANIFEST);
  return at === null ? null : read(at, size);
}

/** The requestedExecutionLevel a manifest's text names, or null when it names none. */
export function executionLevelOf(manifest: Buffer): ExecutionLevel | null {
  const text = manifest[0] === 0xff && manifest[1] === 0xfe ? manifest.toString('utf16le', 2) : manifest.toString('utf8');
  const m = /requestedExecutionLevel\b[^>]*?\blevel\s*=\s*["']\s*(asInvoker|highestAvailable|requireAdministrator)\s*["']/i.exec(text);
  if (!m) return null;
  const level = (m[1] ?? '').toLowerCase();
  return level === 'requireadministrator' ? 'requireAdministrator' : level === 'highestavailable' ? 'highestAvailable' : 'asInvoker';
}

/** The execution level an exe file's manifest requests (null: none, which runs as the invoker). */
export function requestedExecutionLevel(file: string): ExecutionLevel | null {
  const fd = fs.openSync(file, 'r');
  try {
    const read: ReadAt = (offset, length) => {
      const buf = Buffer.alloc(Math.max(0, length));
      const got = length > 0 ? fs.readSync(fd, buf, 0, length, offset) : 0;
      return buf.subarray(0, got);
    };
    const manifest = manifestBytes(read);
    return manifest ? executionLevelOf(manifest) : null;
  } finally {
    fs.closeSync(fd);
  }
}
