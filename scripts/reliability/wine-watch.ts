/**
 * The watcher under churn with real copies, run inside Windows node.exe (natively, or under Wine through
 * wine-watch.mjs): the real GuardWatcher over the real Win32 OsApi, at the product's timing, while COPIES
 * copies of WeChat.exe are started one after another and ended in random order. Each copy's table is read
 * afresh once the watcher reports it closed: its guard must be gone and nothing else. This process's own
 * handle count is sampled throughout; then the watcher runs with nothing to do for IDLE seconds, between
 * two lines written to STATUS, so the caller can read this process's CPU time from outside.
 * Writes one JSON result. Usage: wine-watch.cjs --bin DIR --tmp DIR --out FILE --status FILE [--copies 50] [--idle 30] [--seed S]
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { GuardSpec, WatchEvent } from '../../core/model';
import { DEFAULT_WATCH_TIMING, GuardWatcher } from '../../core/watch';
import { Win32OsApi } from '../../native-bindings/win32/win32-os-api';
import { arg, diff, fingerprint, kill, rng, sleep, startFixture, waitGone, type Fingerprint } from './wine-common';

const BIN = arg('--bin', '');
const TMP = arg('--tmp', '');
const OUT = arg('--out', '');
const STATUS = arg('--status', '');
const COPIES = Number(arg('--copies', '50'));
const IDLE_S = Number(arg('--idle', '30'));
const SEED = Number(arg('--seed', '20261202'));
if (!BIN || !TMP || !OUT || !STATUS) throw new Error('usage: wine-watch --bin DIR --tmp DIR --out FILE --status FILE [--copies N] [--idle S] [--seed S]');

const GUARD: GuardSpec = { type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' };
const GUARD_KEY = `${GUARD.type}|${GUARD.name}`;
const exe = `${BIN}\\WeChat.exe`;
const os = new Win32OsApi();
const random = rng(SEED);
const status = (line: string) => appendFileSync(STATUS, `${line} ${Date.now()}\n`);

const result = {
  copies: COPIES,
  seed: SEED,
  intervalMs: DEFAULT_WATCH_TIMING.intervalMs,
  started: 0,
  refused: 0,
  closedEvents: 0,
  guardClosedVerified: 0,
  copiesWithoutClose: [] as string[],
  wrongHandlesClosed: [] as string[],
  failures: [] as string[],
  closeLatencyMs: [] as number[],
  maxRunningAtOnce: 0,
  handleCount: [] as { at: string; count: number; tableEntries: number }[],
  idle: { seconds: IDLE_S, cpuMsByProcessCpuUsage: 0, looksWhileIdle: 0 },
  eventsAfterStop: 0,
  exceptions: [] as string[],
  ms: 0,
};
process.on('uncaughtException', (e) => result.exceptions.push(`uncaught: ${String(e)}`));
process.on('unhandledRejection', (e) => result.exceptions.push(`unhandled rejection: ${String(e)}`));

/** This process's handle count as the process list gives it (under Wine: the table's allocated size) and the entries of its table in use. */
async function ownHandles(at: string): Promise<void> {
  const listed = await os.listProcesses();
  const self = listed.ok ? listed.value.find((p) => p.pid === process.pid) : undefined;
  const table = await os.snapshotHandles({ pids: [process.pid] });
  result.handleCount.push({ at, count: self?.handleCount ?? -1, tableEntries: table.ok ? table.value.handles.length : -1 });
}

const closedAt = new Map<number, number>();
let stopped = false;
let looks = 0;
const onEvent = (e: WatchEvent) => {
  if (stopped) result.eventsAfterStop++;
  if (e.kind === 'closed') {
    result.closedEvents++;
    if (e.handle.pid !== null) closedAt.set(e.handle.pid, Date.now());
  } else if (e.kind === 'failed') {
    result.failures.push(`${e.failure.code}: ${e.failure.message}`);
  }
};
const timing = { ...DEFAULT_WATCH_TIMING };

async function main(): Promise<void> {
  const t0 = Date.now();
  // A clean copy's table, read before the watcher runs (it would close the guard).
  const ref = await startFixture(exe, `${TMP}\\ref.log`);
  if (ref.outcome !== 'started') throw new Error(`reference copy ${ref.outcome}`);
  await sleep(50);
  const reference = (await fingerprint(os, ref.pid)) as Fingerprint;
  kill(ref.pid);
  await waitGone(os, ref.pid);

  // Counts the watcher's looks: each one lists the processes once.
  const list = os.listProcesses.bind(os);
  os.listProcesses = () => {
    looks++;
    return list();
  };
  const watcher = new GuardWatcher(os, { presetId: 'wechat', exe: 'WeChat.exe', guards: [GUARD] }, onEvent, timing);
  watcher.start();
  await sleep(2 * timing.intervalMs);
  await ownHandles('start');
  const running: number[] = [];
  const log = `${TMP}\\copies.log`;
  for (let i = 1; i <= COPIES; i++) {
    let s = await startFixture(exe, log);
    // Like the real app, a copy started while a guard is still held gives up; the next try comes after a look.
    for (let tries = 0; s.outcome === 'refused' && tries < 5; tries++) {
      result.refused++;
      await sleep(timing.intervalMs);
      s = await startFixture(exe, log);
    }
    if (s.outcome !== 'started') {
      result.copiesWithoutClose.push(`copy ${i}: ${s.outcome}`);
      continue;
    }
    result.started++;
    const since = Date.now();
    while (!closedAt.has(s.pid) && Date.now() - since < 10_000) await sleep(10);
    if (!closedAt.has(s.pid)) {
      result.copiesWithoutClose.push(`copy ${i} (PID ${s.pid}): no close within 10 s`);
    } else {
      result.closeLatencyMs.push((closedAt.get(s.pid) as number) - since);
      // Looked at afresh: the guard is gone from the copy, and nothing else is.
      const fp = await fingerprint(os, s.pid);
      if (fp) {
        const { missing } = diff(reference, fp);
        if (missing.has(GUARD_KEY)) result.guardClosedVerified++;
        else result.copiesWithoutClose.push(`copy ${i} (PID ${s.pid}): the watcher reported a close, its table still holds the guard`);
        for (const [k, n] of missing) if (k !== GUARD_KEY) result.wrongHandlesClosed.push(`copy ${i} (PID ${s.pid}) lost ${n} x ${k}`);
      }
    }
    running.push(s.pid);
    result.maxRunningAtOnce = Math.max(result.maxRunningAtOnce, running.length);
    // Ended in random order: sometimes one, always when eight run.
    while ((running.length > 0 && random() < 0.4) || running.length > 8) {
      const [pid] = running.splice(Math.floor(random() * running.length), 1);
      kill(pid as number);
    }
    if (i % 10 === 0) await ownHandles(`after copy ${i}`);
  }
  while (running.length > 0) {
    const [pid] = running.splice(Math.floor(random() * running.length), 1);
    kill(pid as number);
    await waitGone(os, pid as number);
  }
  await sleep(3 * timing.intervalMs);
  await ownHandles('all copies ended');

  // Nothing to do: the CPU this process uses now is the watcher's idle cost.
  const looksBefore = looks;
  const cpuBefore = process.cpuUsage();
  status('idle-start');
  await sleep(IDLE_S * 1000);
  status('idle-end');
  const cpu = process.cpuUsage(cpuBefore);
  result.idle.cpuMsByProcessCpuUsage = Math.round((cpu.user + cpu.system) / 1000);
  result.idle.looksWhileIdle = looks - looksBefore;
  await ownHandles('after idle');
  stopped = true;
  await watcher.stop();
  await sleep(3 * timing.intervalMs);
  await ownHandles('after stop');
  result.ms = Date.now() - t0;
  await os.dispose();
  writeFileSync(OUT, JSON.stringify(result));
  process.exit(0);
}

main().catch((e: unknown) => {
  writeFileSync(OUT, JSON.stringify({ ...result, fatal: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
  process.exit(1);
});
