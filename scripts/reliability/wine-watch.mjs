// The watcher under churn with real copies (under Wine on Linux): runs scripts/reliability/wine-watch.ts inside
// Windows node.exe and, while its watcher has nothing to do, reads that node.exe's CPU time from
// /proc/<pid>/stat (and that of this prefix's wineserver, which serves its calls). Fails when a copy's guard
// was not closed, another handle was, the node.exe holds more handles once the copies have ended than at the
// start (while copies run, the driver holds one process handle per copy it spawned), or idle CPU reached 1%.
// Usage: node scripts/reliability/wine-watch.mjs [--copies 50] [--idle 30] [--seed S]; prints one JSON line.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundle } from './bundle.mjs';
import { fixturesBin, isWindows, killLeftovers, median, numberArg, prepare, startDriver, winePids, winPath } from './wine-run.mjs';

const COPIES = numberArg('--copies', 50);
const IDLE_S = numberArg('--idle', 30);
const SEED = numberArg('--seed', 20261202);
/** Handles the node.exe may hold above its start once no copy runs (a cached handle or two), and the idle CPU goal. */
const HANDLE_SLACK = 5;
const IDLE_CPU_GOAL_PERCENT = 1;
if (isWindows) throw new Error('wine-watch reads CPU time from /proc: run it under Wine on Linux');

prepare();
const driver = await bundle('wine-watch');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'multiopen-watch-'));
const out = path.join(tmp, 'result.json');
const statusFile = path.join(tmp, 'status');
killLeftovers(['WeChat.exe']);
const started = Date.now();
const { exited } = startDriver(driver, ['--bin', winPath(fixturesBin), '--tmp', winPath(tmp), '--out', winPath(out), '--status', winPath(statusFile), '--copies', String(COPIES), '--idle', String(IDLE_S), '--seed', String(SEED)], path.join(tmp, 'driver.log'));

const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
};
const lines = () => (existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : '');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let idle = null;
const timeout = Date.now() + 15 * 60_000;
let code = null;
while (code === null && Date.now() < timeout) {
  if (!idle && lines().includes('idle-start')) {
    const [node] = winePids(['node.exe']);
    const servers = winePids(['wineserver', 'wineserver64']);
    idle = { node, servers, t0: performance.now(), nodeTicks0: ticks(node), serverTicks0: servers.map(ticks) };
  }
  if (idle && idle.t1 === undefined && lines().includes('idle-end')) {
    idle.t1 = performance.now();
    idle.nodeTicks1 = ticks(idle.node);
    idle.serverTicks1 = idle.servers.map(ticks);
  }
  code = await Promise.race([exited, sleep(50).then(() => null)]);
}
if (code === null) killLeftovers(['node.exe']);
killLeftovers(['WeChat.exe']);
const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { fatal: `no result (exit ${code}): ${readFileSync(path.join(tmp, 'driver.log'), 'utf8').slice(0, 2000)}` };
const hz = 100; // USER_HZ on Linux
const percent = (t0, t1) => (idle?.t1 ? Math.round((((t1 - t0) / hz) * 1000 * 10_000) / (idle.t1 - idle.t0)) / 100 : null);
// Under Wine the process list's handle count is the size of the handle table as allocated (64, 128, ...: it
// grows and never shrinks), so the handles in use are counted from a snapshot of the node.exe's own table.
const entries = (result.handleCount ?? []).map((h) => h.tableEntries);
const settled = (result.handleCount ?? []).filter((h) => !h.at.startsWith('after copy')).map((h) => h.tableEntries);
const figures = {
  test: 'wine-watch',
  seed: SEED,
  copies: COPIES,
  watcherIntervalMs: result.intervalMs,
  copiesStarted: result.started,
  refusedStarts: result.refused,
  closedEvents: result.closedEvents,
  guardClosedVerified: result.guardClosedVerified,
  copiesWithoutClose: result.copiesWithoutClose,
  wrongHandlesClosed: result.wrongHandlesClosed,
  closeLatencyMs: { median: median(result.closeLatencyMs ?? []), max: Math.max(0, ...(result.closeLatencyMs ?? [])) },
  maxRunningAtOnce: result.maxRunningAtOnce,
  failures: result.failures,
  handleCount: result.handleCount,
  idle: {
    seconds: idle?.t1 ? Math.round(idle.t1 - idle.t0) / 1000 : null,
    nodeExeCpuPercentOfCore: idle ? percent(idle.nodeTicks0, idle.nodeTicks1) : null,
    wineserverCpuPercentOfCore: idle ? percent(idle.serverTicks0.reduce((a, b) => a + b, 0), (idle.serverTicks1 ?? []).reduce((a, b) => a + b, 0)) : null,
    nodeCpuMsByProcessCpuUsage: result.idle?.cpuMsByProcessCpuUsage,
    looksWhileIdle: result.idle?.looksWhileIdle,
  },
  eventsAfterStop: result.eventsAfterStop,
  exceptions: result.exceptions,
  fatal: result.fatal,
  seconds: Math.round((Date.now() - started) / 1000),
};
console.log(JSON.stringify(figures));
rmSync(tmp, { recursive: true, force: true });
const problems = [
  result.fatal,
  figures.copiesStarted !== COPIES && `${figures.copiesStarted} of ${COPIES} copies started`,
  figures.guardClosedVerified !== COPIES && `${figures.guardClosedVerified} of ${COPIES} guards seen closed`,
  figures.copiesWithoutClose?.length && 'copies without a close',
  figures.wrongHandlesClosed?.length && 'wrong handles closed',
  figures.exceptions?.length && 'exceptions',
  figures.eventsAfterStop > 0 && 'events after stop',
  settled.length < 3 && 'handle count not sampled',
  Math.max(...settled) > entries[0] + HANDLE_SLACK && `handles in use grew from ${entries[0]} to ${Math.max(...settled)} with no copy running`,
  !(figures.idle.nodeExeCpuPercentOfCore < IDLE_CPU_GOAL_PERCENT) && `idle CPU ${figures.idle.nodeExeCpuPercentOfCore}% of a core`,
].filter(Boolean);
if (problems.length) console.error(`wine-watch: ${problems.join('; ')}`);
process.exit(problems.length === 0 ? 0 : 1);
