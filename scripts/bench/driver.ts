/**
 * Benchmark driver, run by Windows node.exe (natively or under Wine) in a fresh process per mode:
 *   floor  — the least work possible: one process-list query, one handle-table query into a buffer of
 *            known size, a raw scan by PID and type index, name queries for the candidates only;
 *   engine — what `multiopen unlock` does to find an app's guards (core over the Win32 OsApi);
 *   naive  — name-query every handle in the system, then match (what pywinhandle-style tools do).
 * Writes one JSON result to the file named by argv[4]. Usage: driver.cjs MODE EXE GUARD_TYPE:NAME OUT [REPS]
 */
import { writeFileSync } from 'node:fs';
import { guardMatches, parseGuardSpec } from '../../core/guards';
import { snapshotNamed } from '../../core/handles';
import { instancePids } from '../../core/processes';
import type { GuardSpec } from '../../core/model';
import { DUPLICATE_SAME_ACCESS, kernel32, PROCESS_DUP_HANDLE } from '../../native-bindings/win32/kernel32';
import { addressOf } from '../../native-bindings/win32/lib';
import { ntdll, ObjectNameInformation, SystemExtendedHandleInformation, SystemProcessInformation } from '../../native-bindings/win32/ntdll';
import { parseObjectNameInformation, parseSystemProcessInformation, SYSTEM_HANDLE_ENTRY_SIZE } from '../../native-bindings/win32/parse';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';

type Found = { pid: number; handle: number; name: string };
const [mode = 'engine', exe = 'ManyHandles.exe', guardText = 'Mutant:MultiopenBench_Guard', outFile = 'bench.json', repsText = '5'] = process.argv.slice(2);
const parsedGuard = parseGuardSpec(guardText);
if (typeof parsedGuard === 'string') throw new Error(parsedGuard);
const guard: GuardSpec = parsedGuard;
const os = new Win32OsApi();

/** Engine path: the same calls `unlock` makes to find guards. */
async function engineFind(): Promise<{ found: Found[]; candidates: number }> {
  const procs = await os.listProcesses();
  if (!procs.ok) throw new Error(JSON.stringify(procs.failure));
  const named = await snapshotNamed(os, [...instancePids(procs.value, exe)], [guard.type]);
  if (!named.ok) throw new Error(named.error.message);
  const found = named.value.entries.filter((e) => e.name && guardMatches(guard, e.typeName, e.name)).map((e) => ({ pid: e.pid, handle: e.handle, name: e.name as string }));
  return { found, candidates: named.value.entries.length };
}

/** Naive path: every handle of every process is name-queried, then matched. */
async function naiveFind(): Promise<{ found: Found[]; candidates: number }> {
  const snap = await os.snapshotHandles({});
  if (!snap.ok) throw new Error(JSON.stringify(snap.failure));
  // File handles are left out: their name query can hang, and leaving them out only flatters the naive way.
  const all = snap.value.handles.filter((h) => h.typeName !== 'File');
  const names = await os.queryHandleNames(all);
  const procs = await os.listProcesses();
  if (!procs.ok) throw new Error(JSON.stringify(procs.failure));
  const pids = instancePids(procs.value, exe);
  const found = names
    .map((n, i) => ({ n, h: all[i] }))
    .filter(({ n, h }) => h && pids.has(n.pid) && n.name.ok && guardMatches(guard, h.typeName, n.name.value))
    .map(({ n }) => ({ pid: n.pid, handle: n.handle, name: n.name.ok ? n.name.value : '' }));
  return { found, candidates: all.length };
}

let floorTypeIndex = -1;
let floorTableSize = 1 << 20;
const nameBuffer = Buffer.alloc(4096);

/** Floor path: raw calls only, no per-entry allocation, a handle-table buffer already the right size. */
async function floorFind(): Promise<{ found: Found[]; candidates: number }> {
  const nt = ntdll();
  const k = kernel32();
  const ret: [number] = [0];
  const procBuf = Buffer.alloc(1 << 20);
  if (nt.NtQuerySystemInformation(SystemProcessInformation, procBuf, procBuf.length, ret) !== 0) throw new Error('process list');
  const pids = new Set(parseSystemProcessInformation(procBuf, ret[0], addressOf(procBuf)).filter((p) => p.name.toLowerCase() === exe.toLowerCase()).map((p) => p.pid));
  let table = Buffer.alloc(floorTableSize);
  let status = nt.NtQuerySystemInformation(SystemExtendedHandleInformation, table, table.length, ret) >>> 0;
  while (status === 0xc0000004) {
    floorTableSize *= 2;
    table = Buffer.alloc(floorTableSize);
    status = nt.NtQuerySystemInformation(SystemExtendedHandleInformation, table, table.length, ret) >>> 0;
  }
  if (status !== 0) throw new Error(`handle table 0x${status.toString(16)}`);
  const count = Math.min(Number(table.readBigUInt64LE(0)), Math.floor((table.length - 16) / SYSTEM_HANDLE_ENTRY_SIZE));
  const found: Found[] = [];
  const opened = new Map<number, number>();
  let candidates = 0;
  const want = guard.name.slice(guard.name.lastIndexOf('\\') + 1);
  for (let i = 0, o = 16; i < count; i++, o += SYSTEM_HANDLE_ENTRY_SIZE) {
    const pid = table.readUInt32LE(o + 8);
    if (!pids.has(pid) || table.readUInt16LE(o + 30) !== floorTypeIndex) continue;
    candidates++;
    const handle = table.readUInt32LE(o + 16);
    let proc = opened.get(pid);
    if (proc === undefined) {
      proc = k.OpenProcess(PROCESS_DUP_HANDLE, 0, pid);
      opened.set(pid, proc);
    }
    const dup: [number] = [0];
    if (!proc || !k.DuplicateHandle(proc, handle, k.GetCurrentProcess(), dup, 0, 0, DUPLICATE_SAME_ACCESS)) continue;
    const st = nt.NtQueryObject(dup[0], ObjectNameInformation, nameBuffer, nameBuffer.length, ret);
    k.CloseHandle(dup[0]);
    if (st !== 0) continue;
    const name = parseObjectNameInformation(nameBuffer, ret[0], addressOf(nameBuffer));
    if (name.slice(name.lastIndexOf('\\') + 1) === want) found.push({ pid, handle, name });
  }
  for (const h of opened.values()) if (h) k.CloseHandle(h);
  return { found, candidates };
}

async function main(): Promise<void> {
  const reps = Number(repsText);
  const find = mode === 'floor' ? floorFind : mode === 'naive' ? naiveFind : engineFind;
  if (mode === 'floor') {
    // Setup the floor is not charged for: the type index (from the engine's type map) and the table size.
    const snap = await os.snapshotHandles({ types: [guard.type] });
    if (!snap.ok || snap.value.handles.length === 0) throw new Error('no handle of the guard type found to learn its index');
    floorTypeIndex = (snap.value.handles[0] as { typeIndex: number }).typeIndex;
  }
  const total = await os.snapshotHandles({});
  const totalHandles = total.ok ? total.value.handles.length : -1;
  const times: number[] = [];
  let last = { found: [] as Found[], candidates: 0 };
  for (let i = 0; i <= reps; i++) {
    const t0 = process.hrtime.bigint();
    last = await find();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  const result = {
    mode,
    totalHandles,
    candidates: last.candidates,
    found: last.found,
    firstMs: times[0],
    medianMs: warm[Math.floor(warm.length / 2)],
    minMs: warm[0],
    maxRssMB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
  };
  writeFileSync(outFile, JSON.stringify(result));
  await os.dispose();
  process.exit(0);
}

main().catch((e) => {
  writeFileSync(outFile, JSON.stringify({ mode, error: String(e && (e as Error).stack) }));
  process.exit(1);
});
