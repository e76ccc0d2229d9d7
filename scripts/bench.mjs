// `npm run bench`: how long "find this app's guards" takes among many handles, against the floor
// (least possible work) and the naive way (name-query every handle), all measured in this run.
// Starts PROCS fixture processes with HANDLES handles each (one holds the guard), then runs the driver
// in a fresh Windows node.exe per mode (natively on Windows, under Wine on Linux), ROUNDS times with the
// modes interleaved (floor, engine, naive, floor, ...): a machine that slows down or speeds up during the
// run affects the modes of one round alike, so the ratios are taken round by round, then their median.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PROCS = Number(process.env.BENCH_PROCS ?? 20);
const HANDLES = Number(process.env.BENCH_HANDLES ?? 5000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Every naive run name-queries the whole system (seconds to minutes under Wine): fewer warm runs.
const NAIVE_REPS = Number(process.env.BENCH_NAIVE_REPS ?? Math.min(REPS, 2));
const GUARD = 'MultiopenBench_Guard';
const isWindows = process.platform === 'win32';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'multiopen-bench-'));
const winPath = (p) => (isWindows ? p : `Z:${p.replaceAll('/', '\\')}`);
const env = {
  ...process.env,
  WINEPREFIX: process.env.MULTIOPEN_WINEPREFIX ?? path.join(root, '.cache/wineprefix'),
  WINEDEBUG: '-all',
  NODE_SKIP_PLATFORM_CHECK: '1',
};
const must = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
};

if (!isWindows) must('bash', ['scripts/setup-wine.sh']);
must('bash', ['tests/fixtures/build.sh']);
await build({
  entryPoints: ['scripts/bench/driver.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['koffi'],
  outfile: '.cache/bench/driver.cjs',
  absWorkingDir: root,
  logLevel: 'warning',
});

const log = path.join(tmp, 'fixtures.log');
const exe = path.join(root, 'tests/fixtures/bin/ManyHandles.exe');
const children = [];
const startedCount = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('started')).length : 0);
async function waitStarted(count) {
  const since = Date.now();
  while (startedCount() < count) {
    if (Date.now() - since > 120_000) throw new Error(`bench: only ${startedCount()} of ${count} fixtures started within 120 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
function startFixture(i) {
  const args = [String(HANDLES), ...(i === 0 ? [GUARD] : [])];
  const [cmd, cmdArgs] = isWindows ? [exe, args] : ['wine', [exe, ...args]];
  const child = spawn(cmd, cmdArgs, { env: { ...env, MULTIOPEN_FIXTURE_LOG: winPath(log) }, detached: true, stdio: 'ignore' });
  child.unref();
  children.push(child);
}
function runDriver(mode, round) {
  const tag = `${mode}-${round}`;
  const out = path.join(tmp, `${tag}.json`);
  const stdout = openSync(path.join(tmp, `${tag}.out`), 'w');
  const [cmd, args] = isWindows ? [process.execPath, []] : ['wine', [path.join(root, '.cache/win/node/node.exe')]];
  const r = spawnSync(cmd, [...args, '.cache/bench/driver.cjs', mode, 'ManyHandles.exe', `Mutant:${GUARD}`, winPath(out), String(mode === 'naive' ? NAIVE_REPS : REPS)], {
    cwd: root,
    env,
    stdio: ['ignore', stdout, stdout],
    timeout: 600_000,
  });
  closeSync(stdout);
  const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { error: readFileSync(path.join(tmp, `${tag}.out`), 'utf8') };
  if (r.status !== 0 || result.error) throw new Error(`bench: ${mode} failed: ${result.error ?? r.status}`);
  return result;
}

const MODES = ['floor', 'engine', 'naive'];
const rounds = [];
try {
  console.log(`bench: starting ${PROCS} processes x ${HANDLES} handles`);
  // The first one alone: it brings up the Wine server and services, which 20 at once can trip over.
  startFixture(0);
  await waitStarted(1);
  for (let i = 1; i < PROCS; i++) startFixture(i);
  await waitStarted(PROCS);
  for (let round = 1; round <= ROUNDS; round++) {
    const results = {};
    for (const mode of MODES) {
      results[mode] = runDriver(mode, round);
      if (results[mode].found.length !== 1) throw new Error(`bench: ${mode} found ${results[mode].found.length} guards, expected 1`);
    }
    rounds.push(results);
    console.log(`bench: round ${round}/${ROUNDS}: engine/floor ${(results.engine.medianMs / results.floor.medianMs).toFixed(2)}x, naive/engine ${(results.naive.medianMs / results.engine.medianMs).toFixed(1)}x`);
  }
} finally {
  // Under Wine the `wine` process is the Windows process, so killing it ends the fixture.
  for (const c of children) c.kill('SIGKILL');
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (n) => n.toFixed(1).padStart(9);
const last = rounds[rounds.length - 1];
console.log(
  `\nplatform: ${isWindows ? 'Windows' : 'Linux + Wine'}; ${last.engine.totalHandles} handles in the system; ${PROCS} x ${HANDLES} fixture handles; ${ROUNDS} interleaved rounds; per run the median of ${REPS} warm calls (naive: ${NAIVE_REPS}); figures below are medians over the rounds\n`,
);
console.log('mode      first ms  median ms     min ms  candidates  peak RSS MB');
for (const mode of MODES) {
  const of = (k) => median(rounds.map((r) => r[mode][k]));
  console.log(`${mode.padEnd(8)}${f(of('firstMs'))}${f(of('medianMs'))}  ${f(Math.min(...rounds.map((r) => r[mode].minMs)))}  ${String(last[mode].candidates).padStart(10)}  ${String(of('maxRssMB')).padStart(11)}`);
}
const engineFloor = rounds.map((r) => r.engine.medianMs / r.floor.medianMs);
const naiveEngine = rounds.map((r) => r.naive.medianMs / r.engine.medianMs);
console.log(`\nengine / floor, round by round: ${engineFloor.map((x) => `${x.toFixed(2)}x`).join(' ')}; median ${median(engineFloor).toFixed(2)}x   (goal: <= 1.2x)`);
const fastest = (mode) => Math.min(...rounds.map((r) => r[mode].minMs));
console.log(`engine / floor, fastest call of all rounds: ${(fastest('engine') / fastest('floor')).toFixed(2)}x`);
console.log(`naive / engine, round by round: ${naiveEngine.map((x) => `${x.toFixed(1)}x`).join(' ')}; median ${median(naiveEngine).toFixed(1)}x   (goal: >= 10x)`);
