// `npm run bench`: how long "find this app's guards" takes among many handles, against the floor
// (least possible work) and the naive way (name-query every handle), all measured in this run.
// Starts PROCS fixture processes with HANDLES handles each (one holds the guard), then runs the driver
// once per mode in a fresh Windows node.exe (natively on Windows, under Wine on Linux).
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
function runDriver(mode) {
  const out = path.join(tmp, `${mode}.json`);
  const stdout = openSync(path.join(tmp, `${mode}.out`), 'w');
  const [cmd, args] = isWindows ? [process.execPath, []] : ['wine', [path.join(root, '.cache/win/node/node.exe')]];
  const r = spawnSync(cmd, [...args, '.cache/bench/driver.cjs', mode, 'ManyHandles.exe', `Mutant:${GUARD}`, winPath(out), String(REPS)], {
    cwd: root,
    env,
    stdio: ['ignore', stdout, stdout],
    timeout: 600_000,
  });
  closeSync(stdout);
  const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { error: readFileSync(path.join(tmp, `${mode}.out`), 'utf8') };
  if (r.status !== 0 || result.error) throw new Error(`bench: ${mode} failed: ${result.error ?? r.status}`);
  return result;
}

let results;
try {
  console.log(`bench: starting ${PROCS} processes x ${HANDLES} handles`);
  // The first one alone: it brings up the Wine server and services, which 20 at once can trip over.
  startFixture(0);
  await waitStarted(1);
  for (let i = 1; i < PROCS; i++) startFixture(i);
  await waitStarted(PROCS);
  results = Object.fromEntries(['floor', 'engine', 'naive'].map((m) => [m, runDriver(m)]));
} finally {
  // Under Wine the `wine` process is the Windows process, so killing it ends the fixture.
  for (const c of children) c.kill('SIGKILL');
}
const { floor, engine, naive } = results;
for (const r of [floor, engine, naive]) {
  if (r.found.length !== 1) throw new Error(`bench: ${r.mode} found ${r.found.length} guards, expected 1`);
}
const f = (n) => n.toFixed(1).padStart(9);
console.log(`\nplatform: ${isWindows ? 'Windows' : 'Linux + Wine'}; ${engine.totalHandles} handles in the system; ${PROCS} x ${HANDLES} fixture handles; median of ${REPS} warm runs\n`);
console.log('mode      first ms  median ms     min ms  candidates  peak RSS MB');
for (const r of [floor, engine, naive]) {
  console.log(`${r.mode.padEnd(8)}${f(r.firstMs)}${f(r.medianMs)}  ${f(r.minMs)}  ${String(r.candidates).padStart(10)}  ${String(r.maxRssMB).padStart(11)}`);
}
console.log(`\nengine / floor (median): ${(engine.medianMs / floor.medianMs).toFixed(2)}x   (goal: <= 1.5x)`);
console.log(`naive / engine (median): ${(naive.medianMs / engine.medianMs).toFixed(1)}x   (goal: >= 10x)`);
