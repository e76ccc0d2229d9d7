/**
 * Races against real processes, run inside Windows node.exe (natively, or under Wine through
 * wine-races.mjs): the real core (unlockApp, closeHandle, launchInstances) over the real Win32 OsApi while a
 * thread of its own kills a fixture, or makes ReuseApp.exe swap its mutex for an event at the same handle
 * value, at a random moment of the call. After each call every fixture still alive has its handle table
 * read afresh and compared with a clean copy's: anything missing there but the guard is a wrong handle closed.
 * Decoy processes (Weixin.exe, EventApp.exe, started by the caller) are checked the same way every iteration.
 * Writes one JSON result. Usage: wine-races.cjs --bin DIR --tmp DIR --out FILE [--iterations N] [--first I] [--seed S] [--seen FILE]
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { closeHandle, unlockApp } from '../../core/unlock';
import { launchInstances } from '../../core/launch';
import type { CloseReport, FailedItem, GuardSpec, LaunchProgress } from '../../core/model';
import type { ProcessInfo } from '../../native-bindings/os-api';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';
import { arg, diff, fingerprint, kill, logLines, now, Perturber, rng, sleep, startFixture, waitGone, type Fingerprint, type Perturbed } from './wine-common';

const BIN = arg('--bin', '');
const TMP = arg('--tmp', '');
const OUT = arg('--out', '');
const ITERATIONS = Number(arg('--iterations', '100'));
const FIRST = Number(arg('--first', '0'));
const SEED = Number(arg('--seed', '20261202'));
const SEEN = arg('--seen', '');
if (!BIN || !TMP || !OUT) throw new Error('usage: wine-races --bin DIR --tmp DIR --out FILE [--iterations N] [--first I] [--seed S]');

const WECHAT = 'WeChat.exe';
const REUSE = 'ReuseApp.exe';
const DECOYS = ['Weixin.exe', 'EventApp.exe'];
const WECHAT_GUARD: GuardSpec = { type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' };
const REUSE_GUARD: GuardSpec = { type: 'Mutant', name: 'MultiopenTest_ReuseMutex' };
const key = (g: GuardSpec) => `${g.type}|${g.name}`;
const REUSE_EVENT = 'Event|MultiopenTest_ReuseEvent';
const SCENARIOS = ['unlock-exit', 'close-exit', 'unlock-reuse', 'close-reuse', 'launch-exit'] as const;
type Scenario = (typeof SCENARIOS)[number];

const os = new Win32OsApi();
/** Progress lines to OUT.trace (node.exe under Wine has no usable stdout): where a stuck batch stood. */
const trace = (line: string) => appendFileSync(`${OUT}.trace`, `${new Date().toISOString()} ${line}\n`);
const perturber = new Perturber();
const exePath = (exe: string) => `${BIN}\\${exe}`;

/** Figures of the batch. */
const result = {
  first: FIRST,
  iterations: 0,
  seed: SEED,
  scenarios: Object.fromEntries(SCENARIOS.map((s) => [s, { runs: 0, perturbedDuringCall: 0, callMs: [] as number[] }])) as Record<Scenario, { runs: number; perturbedDuringCall: number; callMs: number[] }>,
  guardsClosedVerified: 0,
  reportedClosedButStillOpen: [] as string[],
  liveGuardsLeftOpen: [] as string[],
  wrongHandlesClosed: [] as string[],
  decoyChecks: 0,
  exceptions: [] as string[],
  unstructured: [] as string[],
  failureCodes: {} as Record<string, number>,
  killsLanded: 0,
  swaps: 0,
  pidsReused: 0,
  pidsReusedDuringCall: 0,
  fixturesStarted: 0,
  setupProblems: [] as string[],
  ms: 0,
};
process.on('uncaughtException', (e) => result.exceptions.push(`uncaught: ${String(e)}`));
process.on('unhandledRejection', (e) => result.exceptions.push(`unhandled rejection: ${String(e)}`));

/** Every PID a process started in this run had (kept across batches in SEEN): a new process with one of them got a reused PID. */
const seen = new Set<number>(SEEN && existsSync(SEEN) ? (JSON.parse(readFileSync(SEEN, 'utf8')) as number[]) : []);
async function processList(): Promise<ProcessInfo[]> {
  const listed = await os.listProcesses();
  return listed.ok ? listed.value : [];
}
/** Notes a new process; `duringCall`: the engine started it while the call under test ran (a launch). */
function noteNew(pid: number, duringCall: boolean): void {
  if (seen.has(pid)) {
    result.pidsReused++;
    if (duringCall) result.pidsReusedDuringCall++;
  }
  seen.add(pid);
}

const references = new Map<string, Fingerprint>();
const fpText = (fp: Fingerprint) => JSON.stringify([...fp].sort());

/** A clean copy's table, read from two copies that must agree (else the comparison would mean nothing). */
async function reference(exe: string, log: string): Promise<void> {
  const fps: string[] = [];
  for (let i = 0; i < 2; i++) {
    const s = await startFixture(exePath(exe), `${log}.${exe}.${i}`);
    if (s.outcome !== 'started') throw new Error(`reference ${exe}: ${s.outcome}`);
    await sleep(50);
    const fp = await fingerprint(os, s.pid);
    if (!fp) throw new Error(`reference ${exe}: table unreadable`);
    references.set(exe, fp);
    fps.push(fpText(fp));
    kill(s.pid);
    await waitGone(os, s.pid);
  }
  if (fps[0] !== fps[1]) result.setupProblems.push(`two clean copies of ${exe} differ: ${fps[0]} / ${fps[1]}`);
}

/** Counts failure codes; a failure without a code (a non-structured error) is a crash. */
function noteReport(it: string, report: CloseReport | undefined, guard: GuardSpec): void {
  for (const f of report?.failed ?? []) noteFailure(it, f);
  for (const c of report?.closed ?? []) {
    if (c.type !== guard.type || !c.name.endsWith(`\\${guard.name}`)) result.wrongHandlesClosed.push(`${it}: the report says it closed ${c.type} "${c.name}" in PID ${c.pid}`);
  }
}
function noteFailure(it: string, f: FailedItem | { code?: unknown; message?: unknown }): void {
  if (typeof f.code !== 'string' || typeof f.message !== 'string') result.unstructured.push(`${it}: ${JSON.stringify(f)}`);
  else result.failureCodes[f.code] = (result.failureCodes[f.code] ?? 0) + 1;
}

/**
 * Reads each live copy's table afresh and compares it with a clean copy's: anything missing but the guard
 * is a wrong handle closed. `closedBefore`: copies whose guard was closed before the call (not its doing).
 */
async function verifyLive(it: string, exe: string, guard: GuardSpec, pids: number[], report: CloseReport | undefined, swapped: Map<number, boolean>, closedBefore: Set<number>, killed: Set<number>): Promise<void> {
  const ref = references.get(exe) as Fingerprint;
  for (const pid of pids) {
    // A killed copy's table empties as it dies (Wine may list it a moment longer): nothing to compare.
    if (killed.has(pid)) continue;
    const fp = await fingerprint(os, pid);
    if (!fp) continue; // gone: its table went with it
    const expected = new Map(ref);
    if (swapped.get(pid)) {
      // ReuseApp closed its mutex itself and an event took the value: that event must still be there.
      expected.set(key(guard), (expected.get(key(guard)) ?? 1) - 1);
      expected.set(REUSE_EVENT, (expected.get(REUSE_EVENT) ?? 0) + 1);
    }
    const { missing } = diff(expected, fp);
    for (const [k, n] of missing) if (k !== key(guard)) result.wrongHandlesClosed.push(`${it}: PID ${pid} (${exe}) lost ${n} x ${k}`);
    const guardGone = (fp.get(key(guard)) ?? 0) === 0;
    const reported = (report?.closed ?? []).some((c) => c.pid === pid);
    if (reported && !guardGone) result.reportedClosedButStillOpen.push(`${it}: PID ${pid}`);
    if (guardGone && reported) result.guardsClosedVerified++;
    if (!guardGone && !swapped.get(pid) && !closedBefore.has(pid)) result.liveGuardsLeftOpen.push(`${it}: PID ${pid} (${exe}) still holds ${key(guard)}; report ${JSON.stringify(report?.failed.map((f) => f.code))}`);
  }
}

const decoys: { pid: number; exe: string; fp: Fingerprint }[] = [];
async function checkDecoys(it: string): Promise<void> {
  for (const d of decoys) {
    const fp = await fingerprint(os, d.pid);
    result.decoyChecks++;
    if (!fp) {
      result.wrongHandlesClosed.push(`${it}: decoy ${d.exe} PID ${d.pid} is gone`);
      continue;
    }
    for (const [k, n] of diff(d.fp, fp).missing) result.wrongHandlesClosed.push(`${it}: decoy ${d.exe} PID ${d.pid} lost ${n} x ${k}`);
  }
}

/** Every copy of `exe` started from the fixtures folder that is running now. */
async function ours(exe: string): Promise<ProcessInfo[]> {
  const dir = BIN.toLowerCase();
  return (await processList()).filter((p) => p.name.toLowerCase() === exe.toLowerCase() && (p.path ?? '').toLowerCase().startsWith(dir));
}
async function endAll(exe: string): Promise<void> {
  for (const p of await ours(exe)) kill(p.pid);
  for (const p of await ours(exe)) await waitGone(os, p.pid);
}

const typical: Record<Scenario, number[]> = { 'unlock-exit': [], 'close-exit': [], 'unlock-reuse': [], 'close-reuse': [], 'launch-exit': [] };
const GUESS: Record<Scenario, number> = { 'unlock-exit': 40, 'close-exit': 15, 'unlock-reuse': 40, 'close-reuse': 15, 'launch-exit': 800 };
/** A random moment within the call: uniform over 0..1.2 x the median duration of this call so far. */
function moment(s: Scenario, random: () => number): number {
  const xs = [...typical[s]].sort((a, b) => a - b);
  const median = xs.length ? (xs[Math.floor(xs.length / 2)] as number) : GUESS[s];
  return random() * 1.2 * median;
}

async function timed<T>(s: Scenario, it: string, call: () => Promise<T>): Promise<{ value: T | undefined; t0: number; t1: number }> {
  const t0 = now();
  let value: T | undefined;
  try {
    value = await call();
  } catch (e) {
    result.exceptions.push(`${it}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const t1 = now();
  result.scenarios[s].callMs.push(Math.round((t1 - t0) * 10) / 10);
  typical[s].push(t1 - t0);
  if (typical[s].length > 25) typical[s].shift();
  return { value, t0, t1 };
}
function landed(s: Scenario, p: Perturbed, t0: number, t1: number): void {
  if (p.ok && p.at >= t0 && p.at <= t1) result.scenarios[s].perturbedDuringCall++;
}

async function start(exe: string, log: string, env: Record<string, string> = {}): Promise<number | null> {
  const s = await startFixture(exePath(exe), log, env);
  result.fixturesStarted++;
  noteNew(s.pid, false);
  return s.outcome === 'started' ? s.pid : null;
}

async function iteration(n: number): Promise<void> {
  const random = rng((SEED ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0);
  const s = SCENARIOS[Math.floor(random() * SCENARIOS.length)] as Scenario;
  const it = `iteration ${n} (seed ${SEED}, ${s})`;
  const log = `${TMP}\\i${n}.log`;
  result.scenarios[s].runs++;
  trace(it);
  const closedBefore = new Set<number>();
  if (s === 'unlock-exit' || s === 'close-exit') {
    const a = await start(WECHAT, log);
    if (a === null) return void result.setupProblems.push(`${it}: WeChat.exe did not start`);
    const pids = [a];
    if (s === 'unlock-exit' && random() < 0.4) {
      // A second running copy: the first one's guard closed (not under test), then another started.
      const pre = await unlockApp(os, WECHAT, [WECHAT_GUARD]);
      if (pre.ok && pre.value.closed.length === 1) closedBefore.add(a);
      const b = await start(WECHAT, log);
      if (b !== null) pids.push(b);
    }
    const victim = pids[Math.floor(random() * pids.length)] as number;
    const delay = moment(s, random);
    let handle = '';
    if (s === 'close-exit') {
      const named = await os.snapshotHandles({ pids: [a], types: ['Mutant'] });
      const names = named.ok ? await os.queryHandleNames(named.value.handles) : [];
      const g = names.find((x) => x.name.ok && x.name.value.endsWith(`\\${WECHAT_GUARD.name}`));
      if (!g) return void result.setupProblems.push(`${it}: no guard found in PID ${a}`);
      handle = `0x${g.handle.toString(16)}`;
    }
    trace(`kill ${victim} in ${delay.toFixed(1)} ms`);
    const perturbed = perturber.kill(victim, delay);
    const call = () => (s === 'close-exit' ? closeHandle(os, { pid: a, handle, type: 'Mutant', name: WECHAT_GUARD.name }) : unlockApp(os, WECHAT, [WECHAT_GUARD]));
    const { value, t0, t1 } = await timed(s, it, call);
    trace(`call returned after ${(t1 - t0).toFixed(1)} ms`);
    const p = await perturbed;
    landed(s, p, t0, t1);
    if (p.ok) result.killsLanded++;
    await waitGone(os, victim);

    const report = value?.ok ? value.value : undefined;
    if (value && !value.ok) noteFailure(it, value.error);
    noteReport(it, report, WECHAT_GUARD);
    await verifyLive(it, WECHAT, WECHAT_GUARD, pids, report, new Map(), closedBefore, new Set(p.ok ? [victim] : []));
    await endAll(WECHAT);
  } else if (s === 'unlock-reuse' || s === 'close-reuse') {
    const flag = `${TMP}\\i${n}.flag`;
    const r = await start(REUSE, log, { MULTIOPEN_FIXTURE_FLAG: flag });
    if (r === null) return void result.setupProblems.push(`${it}: ReuseApp.exe did not start`);
    let handle = '';
    if (s === 'close-reuse') {
      const named = await os.snapshotHandles({ pids: [r], types: ['Mutant'] });
      const names = named.ok ? await os.queryHandleNames(named.value.handles) : [];
      const g = names.find((x) => x.name.ok && x.name.value.endsWith(`\\${REUSE_GUARD.name}`));
      if (!g) return void result.setupProblems.push(`${it}: no mutex found in PID ${r}`);
      handle = `0x${g.handle.toString(16)}`;
    }
    // ReuseApp looks for the flag every 50 ms: the swap falls up to 50 ms after the file appears.
    const touchAt = Math.max(0, moment(s, random) - 25);
    trace(`flag in ${touchAt.toFixed(1)} ms (PID ${r})`);
    const perturbed = perturber.touch(flag, touchAt);
    const call = () => (s === 'close-reuse' ? closeHandle(os, { pid: r, handle, type: 'Mutant', name: REUSE_GUARD.name }) : unlockApp(os, REUSE, [REUSE_GUARD]));
    const { value, t0, t1 } = await timed(s, it, call);
    // The file's moment is counted: ReuseApp swaps within 50 ms after it (it looks every 50 ms).
    landed(s, await perturbed, t0, t1);
    const deadline = Date.now() + 5_000;
    let swap: string | undefined;
    while (!(swap = logLines(log).find((l) => l.pid === r && l.word.startsWith('swapped'))?.word) && Date.now() < deadline) await sleep(5);
    if (!swap) return void result.setupProblems.push(`${it}: ReuseApp.exe did not swap`);
    const [, mutex, event] = swap.split(' ');
    if (mutex === event) result.swaps++;
    const report = value?.ok ? value.value : undefined;
    if (value && !value.ok) noteFailure(it, value.error);
    noteReport(it, report, REUSE_GUARD);
    const wrongBefore = result.wrongHandlesClosed.length;
    await verifyLive(it, REUSE, REUSE_GUARD, [r], report, new Map([[r, true]]), closedBefore, new Set());
    const summary = ` (ReuseApp.exe logged "${swap}"; the call reported closed ${JSON.stringify(report?.closed ?? [])}, failed ${JSON.stringify(report?.failed.map((f) => f.code) ?? [])}${value && !value.ok ? `, error ${value.error.code}` : ''})`;
    for (let i = wrongBefore; i < result.wrongHandlesClosed.length; i++) result.wrongHandlesClosed[i] += summary;
    await endAll(REUSE);
  } else {
    const running = random() < 0.5 ? await start(WECHAT, log) : null;
    const count = 2 + Math.floor(random() * 2);
    process.env.MULTIOPEN_FIXTURE_LOG = log;
    const killExisting = running !== null && random() < 0.4;
    const killIndex = (running ? 2 : 1) + Math.floor(random() * (count - (running ? 1 : 0)));
    const delay = moment(s, random);
    const perturbations: Promise<Perturbed>[] = [];
    if (killExisting) perturbations.push(perturber.kill(running, delay));
    const onProgress = (p: LaunchProgress) => {
      // The copy under test is killed while the engine waits for its guard and closes it.
      if (!killExisting && p.step === 'waiting-guard' && p.index === killIndex) {
        const ms = random() * 60;
        trace(`kill ${p.pid} in ${ms.toFixed(1)} ms`);
        perturbations.push(perturber.kill(p.pid, ms));
      }
    };
    trace(`launch ${count} (running ${running ?? 'none'}), kill ${killExisting ? `the running one in ${delay.toFixed(1)} ms` : `copy ${killIndex} while its guard is awaited`}`);
    const plan = { exePath: exePath(WECHAT), exe: WECHAT, guards: [WECHAT_GUARD], args: [], count };
    const { value, t0, t1 } = await timed(s, it, () => launchInstances(os, plan, onProgress, { pollMs: 20, guardTimeoutMs: 10_000, settleMs: 300 }));
    const killed = new Set<number>();
    for (const p of await Promise.all(perturbations)) {
      landed(s, p, t0, t1);
      if (p.ok) result.killsLanded++;
      if (p.ok) killed.add(p.pid);
    }
    for (const pid of killed) await waitGone(os, pid);
    const report = value?.ok ? value.value : undefined;
    if (value && !value.ok) noteFailure(it, value.error);
    noteReport(it, report, WECHAT_GUARD);
    await sleep(20);
    const live = await ours(WECHAT);
    for (const l of report?.launched ?? []) noteNew(l.pid, true);
    await verifyLive(it, WECHAT, WECHAT_GUARD, live.map((q) => q.pid), report, new Map(), new Set(), killed);
    result.fixturesStarted += report?.launched.length ?? 0;
    await endAll(WECHAT);
  }
  await checkDecoys(it);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await endAll(WECHAT);
  await endAll(REUSE);
  await reference(WECHAT, `${TMP}\\ref-${FIRST}`);
  await reference(REUSE, `${TMP}\\ref-${FIRST}`);
  for (const exe of DECOYS) {
    const p = (await processList()).find((q) => q.name === exe);
    const fp = p ? await fingerprint(os, p.pid) : null;
    if (p && fp) decoys.push({ pid: p.pid, exe, fp });
    else result.setupProblems.push(`decoy ${exe} is not running`);
  }
  for (let n = FIRST; n < FIRST + ITERATIONS; n++) {
    try {
      await iteration(n);
    } catch (e) {
      // A failure of the harness itself (a fixture that would not start), not of the engine: said apart.
      result.setupProblems.push(`iteration ${n}: ${e instanceof Error ? e.message : String(e)}`);
      await endAll(WECHAT).catch(() => {});
      await endAll(REUSE).catch(() => {});
    }
    result.iterations++;
    // Written after every iteration: a batch that hangs (a Win32 call that never returns) keeps what it did.
    writeFileSync(OUT, JSON.stringify(result));
    if (SEEN) writeFileSync(SEEN, JSON.stringify([...seen]));
  }
  result.ms = Date.now() - t0;
  await os.dispose();
  writeFileSync(OUT, JSON.stringify(result));
  // The perturber thread ends with the process.
  process.exit(0);
}

main().catch((e: unknown) => {
  writeFileSync(OUT, JSON.stringify({ ...result, fatal: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  process.exit(1);
});
