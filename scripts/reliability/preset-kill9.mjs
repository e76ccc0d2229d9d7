// kill -9 during preset writes: a child Node process saves, imports and removes presets through the real
// PresetStore as fast as it can and is killed (SIGKILL) at a random moment, ROUNDS times. After every kill the
// store must read back the old or the new content of the operation in flight, with every earlier operation
// kept, and the temp files of killed writers must not pile up (the next write removes them).
// Usage: node scripts/reliability/preset-kill9.mjs [--rounds N] [--seed S]; prints one JSON line of figures.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundle } from './bundle.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 100);
let seed = arg('--seed', 20261201) >>> 0;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);

const writer = await bundle('preset-writer');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-kill9-'));
const storeFile = path.join(home, 'presets.json');
const temps = () => fs.readdirSync(home).filter((f) => f.endsWith('.tmp'));
const problems = [];

// 150 presets to start with: each write is ~600 KB, long enough to be cut.
const model = new Map();
const initial = [];
for (let i = 0; i < 150; i++) {
  const p = { id: `seed${i}`, name: `Seed ${i}`, exe: 'App.exe', guards: [{ type: 'Mutant', name: `seed${i}_Single_Instance` }], notes: `seed ${i} `.padEnd(3_900, '.') };
  initial.push(p);
  model.set(p.id, p.name);
}
fs.writeFileSync(storeFile, `${JSON.stringify({ schemaVersion: 1, presets: initial }, null, 2)}\n`);

/** Applies one writer operation to a copy of the model. */
function applied(base, op) {
  const next = new Map(base);
  if (!op) return next;
  if (op.kind === 'remove') next.delete(op.id);
  else next.set(op.id, `App ${op.id} rev ${op.n}`);
  return next;
}
const same = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** What the real store read back, from the `state` line a writer prints before it writes anything. */
function stateOf(out) {
  const line = out.split('\n').find((l) => l.startsWith('state '));
  if (!line) return { error: 'the writer printed no state' };
  const parsed = JSON.parse(line.slice(6));
  if (!parsed.ok) return { error: `${parsed.error.code}: ${parsed.error.message}` };
  return { presets: new Map(Object.entries(parsed.presets)) };
}

/** Runs the writer once and waits for it to end by itself. */
function runOnce(mode) {
  return spawnSync(process.execPath, [writer, home, '7', mode], { encoding: 'utf8' });
}

/** Checks what the store read back against the model and the operation that was in flight; updates the model. */
function check(back, inFlight, round) {
  if (back.error) return `round ${round}: the store does not read back: ${back.error}`;
  const after = applied(model, inFlight);
  if (inFlight && same(back.presets, after)) {
    inFlightLanded++;
    model.clear();
    for (const [k, v] of after) model.set(k, v);
    return null;
  }
  if (same(back.presets, model)) return null;
  const lost = [...model.keys()].filter((k) => !back.presets.has(k));
  return `round ${round}: the store holds neither the old nor the new content (in flight: ${JSON.stringify(inFlight)}; missing: ${lost.slice(0, 5).join(', ')})`;
}

let midWrite = 0;
let inFlightLanded = 0;
let maxTemps = 0;
let completedOps = 0;
const started = Date.now();
let inFlight = null;
for (let round = 0; round < ROUNDS && problems.length === 0; round++) {
  const delay = Math.floor(random() * 600);
  const child = spawn(process.execPath, [writer, home, String(round + 1)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Every other round the kill aims at the write itself (as soon as a temp file appears), the others at a
  // random moment after the first operation began.
  const atWrite = round % 2 === 1;
  const watcher = atWrite
    ? fs.watch(home, (_event, name) => {
        if (String(name).endsWith('.tmp') && out.includes('\nbegin ')) child.kill('SIGKILL');
      })
    : null;
  await Promise.race([
    exited,
    new Promise((resolve) => {
      if (atWrite) return;
      const onData = () => {
        if (!out.includes('\nbegin ')) return;
        child.stdout.off('data', onData);
        setTimeout(() => resolve(child.kill('SIGKILL')), delay);
      };
      child.stdout.on('data', onData);
    }),
  ]);
  await exited;
  watcher?.close();
  const problem = check(stateOf(out), inFlight, round - 1);
  if (problem) problems.push(problem);
  if (child.signalCode !== 'SIGKILL') problems.push(`round ${round}: the writer ended by itself (${child.exitCode}): ${out.split('\n').filter((l) => l.startsWith('error')).join(' ')} ${err.trim()}`);
  // Replay what the writer said it finished; the last "begin" without a "done" was in flight.
  inFlight = null;
  for (const line of out.split('\n')) {
    const [word, kind, id, n] = line.split(' ');
    if (word === 'begin') inFlight = { kind, id, n: Number(n) };
    if (word === 'done' && inFlight) {
      const next = applied(model, inFlight);
      model.clear();
      for (const [k, v] of next) model.set(k, v);
      inFlight = null;
      completedOps++;
    }
  }
  if (inFlight) midWrite++;
  const left = temps();
  maxTemps = Math.max(maxTemps, left.length);
  // One killed writer leaves at most one temp file per target (presets.json, trust.json); earlier ones are gone.
  if (left.length > 2) problems.push(`round ${round}: temp files pile up: ${left.join(', ')}`);
}
if (problems.length === 0) {
  const problem = check(stateOf(runOnce('--read').stdout), inFlight, ROUNDS - 1);
  if (problem) problems.push(problem);
}

// One clean write afterwards removes what the last killed writer left.
const last = runOnce('--once');
if (last.status !== 0) problems.push(`the final write failed: ${last.stdout} ${last.stderr}`);
const leftAtEnd = temps();
if (leftAtEnd.length > 0) problems.push(`temp files left after a clean write: ${leftAtEnd.join(', ')}`);
const figures = {
  test: 'preset-kill9',
  rounds: ROUNDS,
  killedMidOperation: midWrite,
  inFlightOperationLanded: inFlightLanded,
  operationsCompleted: completedOps,
  presetsAtEnd: model.size,
  maxTempFilesAfterAKill: maxTemps,
  tempFilesAfterCleanWrite: leftAtEnd.length,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  problems,
};
console.log(JSON.stringify(figures));
fs.rmSync(home, { recursive: true, force: true });
process.exit(problems.length === 0 ? 0 : 1);
