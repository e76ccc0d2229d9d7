/**
 * A hung engine call: the Electron main's EngineClient, over a real child process that hangs, must answer
 * the hung call TIMEOUT at its deadline, kill that process, and answer the next call from a fresh one.
 * ROUNDS hangs in a row; prints one JSON line of figures, exits 1 on any miss.
 * Usage (through run.mjs or bundle.mjs): engine-hang.cjs FAKE_ENGINE [--rounds N] [--deadline MS]
 */
import { fork } from 'node:child_process';
import { EngineClient, type EngineProcess } from '../../electron/main/engine-client';

const [fakeEngine] = process.argv.slice(2);
if (!fakeEngine) throw new Error('usage: engine-hang FAKE_ENGINE [--rounds N] [--deadline MS]');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('--rounds', 20);
const DEADLINE = arg('--deadline', 1_500);
/** How late past its deadline a hung call may be answered, and its process gone (a loaded 2-core machine). */
const SLACK_MS = 1_000;

const pids: number[] = [];
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const spawnEngine = (): EngineProcess => {
  const child = fork(fakeEngine, [], { stdio: 'ignore' });
  pids.push(child.pid as number);
  return {
    postMessage: (m) => void child.send(m as object),
    on: (event: 'message' | 'exit', listener: (x: never) => void) => child.on(event, listener as () => void),
    kill: () => child.kill(),
  } as EngineProcess;
};

const restarts: string[] = [];
// The hanging channel gets the short deadline under test; the others the product's 15 s (a cold engine start counts against it).
const client = new EngineClient({ spawn: spawnEngine, deadlineMs: (channel) => (channel === 'handles.list' ? DEADLINE : 15_000), onRestart: (reason) => restarts.push(reason) });
const problems: string[] = [];
const answered: number[] = [];
const gone: number[] = [];
const next: number[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<number> {
const warm = await client.call('presets.list', {});
if (!warm.ok) problems.push(`the first call failed: ${JSON.stringify(warm)}`);
for (let round = 0; round < ROUNDS && problems.length === 0; round++) {
  const before = pids.at(-1) as number;
  const t0 = Date.now();
  const hung = await client.call('handles.list', {});
  const t1 = Date.now();
  answered.push(t1 - t0);
  if (hung.ok || hung.error.code !== 'TIMEOUT') problems.push(`round ${round}: the hung call was answered ${JSON.stringify(hung)}`);
  if (t1 - t0 > DEADLINE + SLACK_MS) problems.push(`round ${round}: the hung call was answered after ${t1 - t0} ms (deadline ${DEADLINE})`);
  while (alive(before) && Date.now() - t0 < DEADLINE + SLACK_MS * 3) await sleep(5);
  gone.push(Date.now() - t0);
  if (alive(before)) problems.push(`round ${round}: the hung engine process ${before} still runs ${Date.now() - t0} ms after the call`);
  const t2 = Date.now();
  const after = await client.call('presets.list', {});
  next.push(Date.now() - t2);
  const pid = after.ok ? (after.value as unknown as { pid: number }).pid : null;
  if (!after.ok || pid === before) problems.push(`round ${round}: the call after the hang was answered ${JSON.stringify(after)} (hung process ${before})`);
}
client.dispose();
await sleep(300);
const leftRunning = pids.filter(alive);
if (leftRunning.length > 0) problems.push(`engine processes still running after dispose: ${leftRunning.join(', ')}`);
for (const pid of leftRunning) process.kill(pid, 'SIGKILL');
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
console.log(
  JSON.stringify({
    test: 'engine-hang',
    rounds: ROUNDS,
    deadlineMs: DEADLINE,
    hungCallAnsweredMs: { median: median(answered), max: max(answered) },
    hungProcessGoneMs: { median: median(gone), max: max(gone) },
    nextCallMs: { median: median(next), max: max(next) },
    enginesStarted: client.starts,
    restarts: restarts.length,
    leftRunning: leftRunning.length,
    problems,
  }),
);
return problems.length === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
