// Races against real processes (under Wine on Linux): runs scripts/reliability/wine-races.ts inside Windows
// node.exe in batches (one node.exe start per batch), with two decoy fixtures running throughout, and adds
// up the figures. Fails on any wrong handle closed, exception, non-structured error, hang (no progress for 10 s:
// the batch is killed and the run goes on after that iteration), a close reported that did not happen, or a
// live copy's guard left open.
// Usage: node scripts/reliability/wine-races.mjs [--iterations 1000] [--batch 100] [--seed S]; prints one JSON line.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundle } from './bundle.mjs';
import { killLeftovers, median, numberArg, prepare, startDriver, startLongFixture, waitStarted, winPath, fixturesBin } from './wine-run.mjs';

const ITERATIONS = numberArg('--iterations', 1000);
const BATCH = numberArg('--batch', 100);
const SEED = numberArg('--seed', 20261202);
const FIXTURES = ['WeChat.exe', 'ReuseApp.exe', 'Weixin.exe', 'EventApp.exe'];

prepare();
const driver = await bundle('wine-races');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'multiopen-races-'));
const started = Date.now();
const batches = [];
const problems = [];
const hangs = [];
let iterationsHung = 0;
/** No progress for this long is a hang (an iteration takes well under a second). */
const HANG_MS = 10_000;
killLeftovers(FIXTURES);
// The decoys run throughout (renewed every 5 minutes): they keep the Wine server up between batches, so PIDs
// keep counting and Wine reuses them as it does for long-running programs.
const decoyLog = path.join(tmp, 'decoys.log');
const seenFile = path.join(tmp, 'seen-pids.json');
const DECOY_EXES = ['Weixin.exe', 'EventApp.exe'];
let decoys = [];
let decoysStarted = 0;
let decoysSince = 0;
/** Fresh decoys every 5 minutes (a fixture ends itself after 10): the old ones first, their guards would refuse the new. */
async function freshDecoys() {
  for (const d of decoys) d.kill('SIGKILL');
  killLeftovers(DECOY_EXES);
  decoys = DECOY_EXES.map((exe) => startLongFixture(exe, decoyLog));
  decoysStarted += decoys.length;
  decoysSince = Date.now();
  await waitStarted(decoyLog, decoysStarted);
}
try {
  let first = 0;
  while (first < ITERATIONS) {
    if (Date.now() - decoysSince > 5 * 60_000) await freshDecoys();
    const n = Math.min(BATCH, ITERATIONS - first);
    const out = path.join(tmp, `batch-${first}.json`);
    const trace = `${out}.trace`;
    const { exited } = startDriver(driver, ['--bin', winPath(fixturesBin), '--tmp', winPath(tmp), '--out', winPath(out), '--iterations', String(n), '--first', String(first), '--seed', String(SEED), '--seen', winPath(seenFile)], path.join(tmp, `batch-${first}.log`));
    // A batch that writes no progress for HANG_MS is stuck in a call that does not return: it is killed,
    // the iteration is recorded as a hang, and the next batch starts after it.
    let code;
    for (;;) {
      code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 1_000))]);
      if (code !== 'running') break;
      const last = existsSync(trace) ? statSync(trace).mtimeMs : Date.now();
      if (Date.now() - last > HANG_MS) {
        code = 'hang';
        break;
      }
    }
    const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null;
    if (code === 'hang') {
      const lines = readFileSync(trace, 'utf8').trim().split('\n');
      const at = Number(/iteration (\d+)/.exec(lines.filter((l) => l.includes(' iteration ')).at(-1) ?? '')?.[1] ?? first);
      hangs.push({ iteration: at, seed: SEED, trace: lines.slice(lines.findLastIndex((l) => l.includes(' iteration '))) });
      killLeftovers(['node.exe', ...FIXTURES.slice(0, 2)]);
      await new Promise((r) => setTimeout(r, 2_000));
      if (result) batches.push(result);
      first = at + 1;
      iterationsHung++;
      process.stderr.write(`wine-races: iteration ${at} hung (${lines.at(-1)}); going on from ${first}\n`);
      continue;
    }
    if (code !== 0 || !result || result.fatal) {
      problems.push(`batch ${first}: exit ${code}; ${result?.fatal ?? readFileSync(path.join(tmp, `batch-${first}.log`), 'utf8').slice(0, 2000)}`);
      killLeftovers(['node.exe', ...FIXTURES.slice(0, 2)]);
      if (!result) break;
    }
    batches.push(result);
    first += n;
    process.stderr.write(`wine-races: ${first}/${ITERATIONS} iterations, ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
} finally {
  for (const d of decoys) d.kill('SIGKILL');
  killLeftovers(FIXTURES);
}

const sum = (f) => batches.reduce((a, b) => a + f(b), 0);
const all = (f) => batches.flatMap(f);
const scenarios = {};
for (const b of batches) {
  for (const [name, s] of Object.entries(b.scenarios)) {
    const t = (scenarios[name] ??= { runs: 0, perturbedDuringCall: 0, callMs: [] });
    t.runs += s.runs;
    t.perturbedDuringCall += s.perturbedDuringCall;
    t.callMs.push(...s.callMs);
  }
}
const codes = {};
for (const b of batches) for (const [c, n] of Object.entries(b.failureCodes)) codes[c] = (codes[c] ?? 0) + n;
const figures = {
  test: 'wine-races',
  seed: SEED,
  iterationsAsked: ITERATIONS,
  iterationsRun: sum((b) => b.iterations) + iterationsHung,
  hangs,
  nodeStarts: batches.length,
  scenarios: Object.fromEntries(Object.entries(scenarios).map(([k, s]) => [k, { runs: s.runs, perturbedDuringCall: s.perturbedDuringCall, callMs: { median: median(s.callMs), max: Math.max(0, ...s.callMs) } }])),
  fixturesStarted: sum((b) => b.fixturesStarted),
  killsLanded: sum((b) => b.killsLanded),
  swapsToSameValue: sum((b) => b.swaps),
  guardsClosedVerified: sum((b) => b.guardsClosedVerified),
  wrongHandlesClosed: all((b) => b.wrongHandlesClosed),
  reportedClosedButStillOpen: all((b) => b.reportedClosedButStillOpen),
  liveGuardsLeftOpen: all((b) => b.liveGuardsLeftOpen),
  decoyChecks: sum((b) => b.decoyChecks),
  exceptions: all((b) => b.exceptions),
  unstructured: all((b) => b.unstructured),
  failureCodes: codes,
  pidsReused: sum((b) => b.pidsReused),
  pidsReusedDuringCall: sum((b) => b.pidsReusedDuringCall),
  setupProblems: all((b) => b.setupProblems),
  seconds: Math.round((Date.now() - started) / 1000),
  problems,
};
console.log(JSON.stringify(figures));
rmSync(tmp, { recursive: true, force: true });
const bad =
  problems.length +
  hangs.length +
  figures.wrongHandlesClosed.length +
  figures.reportedClosedButStillOpen.length +
  figures.liveGuardsLeftOpen.length +
  figures.exceptions.length +
  figures.unstructured.length +
  (figures.setupProblems.length > Math.max(1, figures.iterationsRun / 100) ? 1 : 0) +
  (figures.iterationsRun < ITERATIONS ? 1 : 0);
process.exit(bad === 0 ? 0 : 1);
