/**
 * The UI benchmark's system: a FakeOsApi with a few ordinary processes and one, bench.exe, that holds
 * many handles of the kinds a real app holds (files, pipes, registry keys, named and unnamed events,
 * mutexes, sections, threads; a few unreadable, a few protected), made deterministically.
 */
import { FakeOsApi, type FakeHandle } from '../../native-bindings/fake/fake-os-api';
import type { HandleEntry, NamedHandle } from '../../native-bindings/os-api';

/** PID of the process whose handles the benchmark shows. */
export const BENCH_PID = 4242;

/**
 * FakeOsApi whose name queries look handles up by value: the plain fake searches the process's handle
 * list once per handle, which for 100,000 handles takes minutes and would measure the fake, not the UI.
 * Answers are the same as the fake's.
 */
export class IndexedFakeOsApi extends FakeOsApi {
  override async queryHandleNames(handles: readonly Pick<HandleEntry, 'pid' | 'handle' | 'typeName'>[]): Promise<NamedHandle[]> {
    const index = new Map<string, FakeHandle>();
    for (const p of this.processes.values()) for (const h of p.handles) index.set(`${p.pid}:${h.handle}`, h);
    return handles.map(({ pid, handle }) => {
      const h = index.get(`${pid}:${handle}`);
      if (!h) return { pid, handle, name: { ok: false, failure: { kind: 'win32', code: 6, call: 'DuplicateHandle' } } };
      if (h.nameFailure) return { pid, handle, name: { ok: false, failure: h.nameFailure } };
      return { pid, handle, name: { ok: true, value: h.name } };
    });
  }
}

/** A small deterministic generator (same world every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

const BNO = '\\Sessions\\1\\BaseNamedObjects\\';
const WORDS = ['cache', 'render', 'session', 'profile', 'update', 'socket', 'worker', 'index', 'journal', 'sync', 'mutex', 'shared'];

/** The handle of number `i`: kind and name drawn from the generator. */
function makeHandle(i: number, rand: () => number): Omit<FakeHandle, 'handle'> {
  const word = WORDS[Math.floor(rand() * WORDS.length)] ?? 'cache';
  const n = Math.floor(rand() * 100_000);
  const r = rand();
  const protectedFlag = rand() < 0.001 ? { attributes: 1 } : {};
  if (r < 0.01) return { typeName: 'File', name: '', nameFailure: { kind: 'ntstatus', code: 0xc0000022, call: 'NtQueryObject' } };
  if (r < 0.26) return { typeName: 'File', name: `\\Device\\HarddiskVolume3\\Users\\bench\\AppData\\Local\\Bench\\${word}\\f${n}.dat`, ...protectedFlag };
  if (r < 0.31) return { typeName: 'File', name: `\\Device\\NamedPipe\\bench-${word}-${n}` };
  if (r < 0.41) return { typeName: 'Key', name: `\\REGISTRY\\USER\\S-1-5-21-1000\\Software\\Bench\\${word}\\${n}` };
  if (r < 0.61) return { typeName: 'Event', name: '' };
  if (r < 0.71) return { typeName: 'Event', name: `${BNO}Bench_${word}_Event_${n}`, ...protectedFlag };
  if (r < 0.76) return { typeName: 'Mutant', name: `${BNO}Local\\Bench_${word}_Mutex_${n}`, ...protectedFlag };
  if (r < 0.86) return { typeName: 'Section', name: i % 2 ? '' : `${BNO}Bench_${word}_Section_${n}` };
  if (r < 0.96) return { typeName: 'Thread', name: '' };
  return { typeName: 'Semaphore', name: i % 3 ? '' : `${BNO}Bench_${word}_Semaphore_${n}` };
}

/** The benchmark's system with `count` handles in bench.exe. */
export function benchWorld(count: number): IndexedFakeOsApi {
  const os = new IndexedFakeOsApi();
  const rand = lcg(20261202);
  os.addProcess({ pid: 4, ppid: 0, name: 'System', path: null, handles: [] });
  os.addProcess({ pid: 812, ppid: 4, name: 'explorer.exe', path: 'C:\\Windows\\explorer.exe', handles: [{ typeName: 'Event', name: '' }] });
  os.addProcess({
    pid: BENCH_PID,
    ppid: 812,
    name: 'bench.exe',
    path: 'C:\\Program Files\\Bench\\bench.exe',
    handles: Array.from({ length: count }, (_, i) => makeHandle(i, rand)),
  });
  return os;
}
