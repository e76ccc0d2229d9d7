/**
 * Smoke driver for the win32 OsApi, run by scripts/wine-smoke.sh under Windows node (Wine or real
 * Windows). Usage: node wine-smoke.cjs OUT.json [EXE_NAME] [GUARD_NAME] [--record DIR]
 * Writes a JSON report of every step; with --record also writes raw ntdll buffers for the parser tests.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createOsApi } from '../native-bindings/index';
import { Win32OsApi } from '../native-bindings/win32/win32-os-api';
import { kernel32 } from '../native-bindings/win32/kernel32';
import { addressOf } from '../native-bindings/win32/lib';
import { ntdll, ObjectNameInformation, ObjectTypesInformation, SystemExtendedHandleInformation, SystemProcessInformation } from '../native-bindings/win32/ntdll';

const args = process.argv.slice(2);
const recordAt = args.indexOf('--record');
const recordDir = recordAt >= 0 ? args[recordAt + 1] : undefined;
const positional = recordAt >= 0 ? args.slice(0, recordAt) : args;
const outFile = positional[0] ?? 'wine-smoke.json';
const exeName = positional[1] ?? 'WeChat.exe';
const guard = positional[2] ?? '_WeChat_App_Instance_Identity_Mutex_Name';

const report: Record<string, unknown> = {};
const save = () => writeFileSync(outFile, JSON.stringify(report, null, 2));

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  report[`${label}Ms`] = Math.round((performance.now() - t0) * 10) / 10;
  return r;
}

/** Raw buffers for tests/native-bindings/win32/data: small because Wine runs few processes. */
function record(dir: string, fixturePid: number): void {
  mkdirSync(dir, { recursive: true });
  const nt = ntdll();
  const k = kernel32();
  const ret: [number] = [0];
  const own = k.CreateMutexW(null, 0, 'MultiopenRecordedMutex');
  const types = Buffer.alloc(64 * 1024);
  nt.NtQueryObject(0, ObjectTypesInformation, types, types.length, ret);
  writeFileSync(join(dir, 'object-types.bin'), types.subarray(0, ret[0]));
  const typesLength = ret[0];
  const handles = Buffer.alloc(4 * 1024 * 1024);
  nt.NtQuerySystemInformation(SystemExtendedHandleInformation, handles, handles.length, ret);
  writeFileSync(join(dir, 'system-handles-ex.bin'), handles.subarray(0, ret[0]));
  const handlesLength = ret[0];
  const procs = Buffer.alloc(1024 * 1024);
  nt.NtQuerySystemInformation(SystemProcessInformation, procs, procs.length, ret);
  writeFileSync(join(dir, 'system-processes.bin'), procs.subarray(0, ret[0]));
  const procsLength = ret[0];
  const name = Buffer.alloc(1024);
  nt.NtQueryObject(own, ObjectNameInformation, name, name.length, ret);
  writeFileSync(join(dir, 'object-name.bin'), name.subarray(0, ret[0]));
  const meta = {
    recordedWith: 'scripts/wine-smoke.sh --record',
    fixturePid,
    ownPid: k.GetCurrentProcessId(),
    ownMutexHandle: own,
    ownMutexName: 'MultiopenRecordedMutex',
    typesLength,
    handlesLength,
    processesLength: procsLength,
    processesBaseAddress: addressOf(procs).toString(),
    objectNameBaseAddress: addressOf(name).toString(),
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  k.CloseHandle(own);
}

async function main(): Promise<void> {
  const os = createOsApi({ fileNameDeadlineMs: 3000 });
  try {
    const procs = await timed('listProcesses', () => os.listProcesses());
    if (!procs.ok) throw new Error(`listProcesses: ${JSON.stringify(procs.failure)}`);
    report.processes = procs.value.map((p) => `${p.pid} ${p.ppid} ${p.name} ${p.path ?? '(no path)'} h=${p.handleCount}`);
    const fixture = procs.value.find((p) => p.name.toLowerCase() === exeName.toLowerCase());
    if (!fixture) throw new Error(`${exeName} is not running`);
    report.fixturePid = fixture.pid;
    if (recordDir) record(recordDir, fixture.pid);

    const all = await timed('snapshotAll', () => os.snapshotHandles({}));
    if (all.ok) report.snapshotAll = { source: all.value.source, handles: all.value.handles.length };

    const snap = await timed('snapshotFixtureMutants', () => os.snapshotHandles({ pids: [fixture.pid], types: ['Mutant'] }));
    if (!snap.ok) throw new Error(`snapshotHandles: ${JSON.stringify(snap.failure)}`);
    report.snapshotSource = snap.value.source;
    if (os instanceof Win32OsApi) report.typeIndexRule = os.typeIndexRule();
    const named = await timed('queryMutantNames', () => os.queryHandleNames(snap.value.handles));
    report.mutants = named.map((n) => ({ handle: `0x${n.handle.toString(16)}`, name: n.name }));

    const every = await os.snapshotHandles({ pids: [fixture.pid] });
    if (every.ok) {
      report.fixtureTypes = [...new Set(every.value.handles.map((h) => h.typeName))].sort();
      const files = every.value.handles.filter((h) => h.typeName === 'File' || h.typeName === 'Event');
      const fileNames = await timed('queryFileAndEventNames', () => os.queryHandleNames(files));
      report.fileAndEventNames = fileNames.map((n, i) => ({ type: files[i]?.typeName, handle: `0x${n.handle.toString(16)}`, name: n.name }));
    }

    const target = named.find((n) => n.name.ok && n.name.value.endsWith(`\\${guard}`));
    if (!target || !target.name.ok) throw new Error(`guard ${guard} not found`);
    const guardName = target.name.value;
    const before = await os.holdNamedObject('Mutant', guard);
    report.beforeClose = before.ok ? { alreadyExisted: before.value.alreadyExisted } : before.failure;
    if (before.ok) before.value.release();

    // What the native close reads right before closing; the caller's check decides.
    const isGuard = (c: { typeName: string; name: string }) => c.typeName === 'Mutant' && c.name === guardName;
    report.closeRefused = await os.closeRemoteHandle({ pid: fixture.pid, handle: target.handle }, () => false);
    report.close = await timed('close', () => os.closeRemoteHandle({ pid: fixture.pid, handle: target.handle }, isGuard));
    report.closeAgain = await os.closeRemoteHandle({ pid: fixture.pid, handle: target.handle }, isGuard);

    const after = await os.holdNamedObject('Mutant', guard);
    report.afterClose = after.ok ? { alreadyExisted: after.value.alreadyExisted } : after.failure;
    if (after.ok) after.value.release();
    const clash = await os.holdNamedObject('Event', 'MultiopenProbeEvent');
    report.holdEventExisting = clash.ok ? { alreadyExisted: clash.value.alreadyExisted } : clash.failure;
    if (clash.ok) clash.value.release();
    const typeClash = await os.holdNamedObject('Section', 'MultiopenProbeEvent');
    report.holdSectionOverEvent = typeClash.ok ? { alreadyExisted: typeClash.value.alreadyExisted } : typeClash.failure;

    report.registry = {
      productName: await os.readRegistryString('HKLM', 'Software\\Microsoft\\Windows NT\\CurrentVersion', 'ProductName'),
      productName32: await os.readRegistryString('HKLM', 'Software\\Microsoft\\Windows NT\\CurrentVersion', 'ProductName', '32'),
      missingValue: await os.readRegistryString('HKLM', 'Software\\Microsoft\\Windows NT\\CurrentVersion', 'NoSuchValue'),
      missingKey: await os.readRegistryString('HKCU', 'Software\\NoSuchVendor\\NoSuchApp', 'InstallPath'),
      expandTemp: await os.readRegistryString('HKCU', 'Environment', 'TEMP'),
      systemRoot: await os.readRegistryString('HKLM', 'Software\\Microsoft\\Windows NT\\CurrentVersion', 'SystemRoot'),
    };
    report.spawnMissing = await os.spawnDetached('C:\\no\\such\\program.exe');
    if (fixture.path) {
      const second = await os.spawnDetached(fixture.path);
      report.spawnSecond = second;
      if (second.ok) {
        await new Promise((r) => setTimeout(r, 1500));
        report.secondAlive = await os.isProcessAlive(second.value.pid);
        process.kill(second.value.pid);
      }
    }
    report.fixtureAlive = await os.isProcessAlive(fixture.pid);
    report.bogusAlive = await os.isProcessAlive(0x7ffffff0);
    report.fileExists = { node: await os.fileExists(process.execPath), missing: await os.fileExists('C:\\no\\such\\file') };
    // A deadline no query can meet exercises the abandon-and-kill path of the File-name helper.
    const impatient = new Win32OsApi({ fileNameDeadlineMs: 1 });
    const snapFiles = await impatient.snapshotHandles({ pids: [fixture.pid], types: ['File'] });
    if (snapFiles.ok) report.fileNamesWith1msDeadline = (await impatient.queryHandleNames(snapFiles.value.handles)).map((n) => n.name);
    await impatient.dispose();
    report.closeGone = await os.closeRemoteHandle({ pid: 0x7ffffff0, handle: 4 }, () => true);
    report.ok = true;
  } catch (e) {
    report.error = e instanceof Error ? e.stack : String(e);
  } finally {
    await os.dispose();
    save();
  }
}

void main();
