// `npm run bench:ui` (part of `npm run bench`): how fast the handle table answers, against a floor
// measured in the same run. The app is the built renderer (dist/renderer) served by the browser-mode
// server (cli/serve) over the real engine (core) on a fake system whose bench.exe holds 100,000
// handles; the floor is a bare virtualized list of the same rows with the same filter (floor.tsx).
// Both run in headless Chromium, in one browser, measured interleaved (floor, app, floor, app, ...)
// so a machine that slows down during the run affects both alike; ratios are taken round by round,
// then their median. Measures: keystroke in the handle search to the frame that shows the filtered
// rows, and frames per second while scrolling the table by 3,000 px a frame.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { armKeystroke, keystrokeResult, scrollFps } from './probes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HANDLES = Number(process.env.BENCH_UI_HANDLES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_UI_ROUNDS ?? 7);
const FRAMES = Number(process.env.BENCH_UI_FRAMES ?? 120);
const STEP = Number(process.env.BENCH_UI_STEP ?? 3000);
// Typed one key at a time, each result awaited; then erased the same way (back to all rows).
const QUERY = process.env.BENCH_UI_QUERY ?? 'ex_5678';
const CHROMIUM = process.env.MULTIOPEN_CHROMIUM ?? '/usr/bin/chromium';
// Another build of the renderer to measure (e.g. an older one, for a before/after); skips the build.
const STATIC = process.env.BENCH_UI_STATIC ? path.resolve(process.env.BENCH_UI_STATIC) : null;
const cache = path.join(root, '.cache/bench-ui');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function must(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

async function buildAll() {
  if (process.env.BENCH_UI_NO_BUILD !== '1' && !STATIC) must(process.execPath, ['scripts/build.mjs', 'renderer']);
  const common = { bundle: true, absWorkingDir: root, logLevel: 'warning' };
  await build({ ...common, entryPoints: ['scripts/bench-ui/server.ts'], platform: 'node', format: 'cjs', target: 'node20', external: ['koffi'], outfile: path.join(cache, 'server.cjs') });
  await build({
    ...common,
    entryPoints: ['scripts/bench-ui/floor.tsx'],
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: path.join(cache, 'floor.js'),
  });
}

/** Starts the app's server; resolves with its first stdout line (JSON). */
function startAppServer() {
  const child = spawn(process.execPath, [path.join(cache, 'server.cjs'), STATIC ?? path.join(root, 'dist/renderer'), String(HANDLES)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench-ui: the server exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

/** Serves the floor page, its script and the rows. */
function startFloorServer(rowsJson) {
  const files = {
    '/': ['text/html', '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body style="margin:0;font:12px sans-serif"><div id="root"></div><script type="module" src="/floor.js"></script></body></html>'],
    '/floor.js': ['text/javascript', readFileSync(path.join(cache, 'floor.js'))],
    '/rows.json': ['application/json', rowsJson],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0], 'Cache-Control': 'no-store' }).end(file[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

/** The same filter as the app's search, to know what each keystroke must show. */
const filtered = (rows, text) => {
  const q = text.trim().toLowerCase();
  return q ? rows.filter((h) => (h.name ?? '').toLowerCase().includes(q)) : rows;
};

/** The keystrokes of one pass and what the table must show after each. */
function keystrokePlan(rows) {
  const plan = [];
  for (let i = 1; i <= QUERY.length; i++) plan.push({ key: QUERY[i - 1], text: QUERY.slice(0, i) });
  for (let i = QUERY.length - 1; i >= 0; i--) plan.push({ key: 'Backspace', text: QUERY.slice(0, i) });
  let before = rows.length;
  for (const step of plan) {
    const shown = filtered(rows, step.text);
    step.count = shown.length;
    step.first = shown[0]?.handle ?? '';
    // A keystroke that changes nothing would be "done" before it is typed.
    if (step.count === before) throw new Error(`bench-ui: typing "${step.text}" does not change the rows; choose another BENCH_UI_QUERY`);
    before = step.count;
  }
  return plan;
}

/** Main-thread CPU seconds the page has used so far (unlike wall time, not inflated by other programs' load). */
async function cpuSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN;
}

/** One pass of keystrokes in the page's handle search; returns each keystroke's ms and the main-thread CPU ms per keystroke. */
async function typePass({ page, cdp }, plan) {
  await page.bringToFront();
  const cpuBefore = await cpuSeconds(cdp);
  await page.getByRole('searchbox', { name: 'Search handle names' }).focus();
  const times = [];
  for (const step of plan) {
    await page.evaluate(armKeystroke, { count: step.count, first: step.first, timeoutMs: 10_000 });
    await page.keyboard.press(step.key);
    times.push((await page.evaluate(keystrokeResult)).ms);
    // Idle between keys, as between a person's keystrokes; lets deferred work finish.
    await page.waitForTimeout(100);
  }
  return { times, cpuMs: ((await cpuSeconds(cdp)) - cpuBefore) * 1000 / plan.length };
}

/** One scrolling pass: frames per second, and the main-thread CPU ms per frame. */
async function scrollPass({ page, cdp }) {
  await page.bringToFront();
  const cpuBefore = await cpuSeconds(cdp);
  const r = await page.evaluate(scrollFps, { frames: FRAMES, step: STEP });
  if (r.scrolledPx < Math.min(FRAMES * STEP, HANDLES * 28 - 2000)) throw new Error(`bench-ui: scrolled only ${r.scrolledPx} px`);
  return { ...r, cpuMs: ((await cpuSeconds(cdp)) - cpuBefore) * 1000 / FRAMES };
}

/** The page with a DevTools session reading its metrics. */
async function measured(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function openApp(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  const procs = page.getByRole('table', { name: 'Processes' });
  await procs.getByText('bench.exe', { exact: true }).waitFor();
  // No auto refresh: a process-list refresh during a measurement would be measured with it.
  await page.locator('#auto-refresh').selectOption('0');
  await procs.getByText('bench.exe', { exact: true }).click();
  const table = page.getByRole('table', { name: 'Handles' });
  await page.waitForFunction((n) => document.querySelector('[role="table"][aria-label="Handles"]')?.getAttribute('aria-rowcount') === String(n), HANDLES + 1, { timeout: 120_000 });
  const size = await table.evaluate((t) => ({ w: t.getBoundingClientRect().width, h: t.children[1].clientHeight }));
  return { page, size };
}

async function openFloor(context, url, size) {
  const page = await context.newPage();
  await page.goto(`${url}?w=${Math.round(size.w)}&h=${Math.round(size.h)}`);
  await page.waitForFunction((n) => document.querySelector('[role="table"][aria-label="Handles"]')?.getAttribute('aria-rowcount') === String(n), HANDLES + 1, { timeout: 120_000 });
  return page;
}

await buildAll();
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const loadBefore = load();
const app = await startAppServer();
let floorServer;
let browser;
let version = '';
let plan = [];
const rounds = [];
try {
  const answer = await fetch(`http://127.0.0.1:${app.port}/api/handles.list`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-multiopen-token': app.token },
    body: JSON.stringify({ pids: [app.pid] }),
  }).then((r) => r.json());
  if (!answer.ok || answer.value.length !== HANDLES) throw new Error(`bench-ui: the engine listed ${answer.value?.length} handles, expected ${HANDLES}`);
  const rows = answer.value;
  plan = keystrokePlan(rows);
  floorServer = await startFloorServer(JSON.stringify(rows));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  version = browser.version();
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  await context.addInitScript(() => localStorage.setItem('multiopen.language', 'en'));
  const opened = await openApp(context, app.url);
  const size = opened.size;
  const appPage = await measured(opened.page);
  const floorPage = await measured(await openFloor(context, floorServer.url, size));
  console.log(`bench-ui: ${HANDLES} handles; table ${Math.round(size.w)} x ${Math.round(size.h)} px; ${plan.length} keystrokes per pass ("${QUERY}" typed, then erased); scrolling ${FRAMES} frames x ${STEP} px`);
  // Warm-up, not measured: first renders and the JIT.
  for (const page of [floorPage, appPage]) {
    await typePass(page, plan);
    await scrollPass(page);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    const r = {};
    for (const [name, page] of [['floor', floorPage], ['app', appPage]]) {
      const keys = await typePass(page, plan);
      const scroll = await scrollPass(page);
      r[name] = { keys: keys.times, keyMs: median(keys.times), keyMaxMs: Math.max(...keys.times), keyCpuMs: keys.cpuMs, fps: scroll.fps, frameCpuMs: scroll.cpuMs, blank: scroll.blank };
    }
    rounds.push(r);
    console.log(
      `bench-ui: round ${round}/${ROUNDS}: keystroke floor ${r.floor.keyMs.toFixed(1)} ms, app ${r.app.keyMs.toFixed(1)} ms (${(r.app.keyMs / r.floor.keyMs).toFixed(2)}x); scrolling floor ${r.floor.fps.toFixed(1)} fps, app ${r.app.fps.toFixed(1)} fps (${(r.floor.fps / r.app.fps).toFixed(2)}x)`,
    );
  }
} finally {
  await browser?.close();
  floorServer?.server.close();
  app.child.kill('SIGTERM');
}

const of = (page, key) => median(rounds.map((r) => r[page][key]));
const keyRatio = rounds.map((r) => r.app.keyMs / r.floor.keyMs);
const fpsRatio = rounds.map((r) => r.floor.fps / r.app.fps);
const f = (n, w = 9) => n.toFixed(1).padStart(w);
console.log(`\nChromium ${version} headless; ${HANDLES} handles; ${ROUNDS} interleaved rounds; load average ${loadBefore} before, ${load()} after; figures are medians over the rounds\n`);
console.log('page    key median ms  key max ms  key CPU ms   scroll fps  frame CPU ms  blank frames');
for (const page of ['floor', 'app']) {
  console.log(
    `${page.padEnd(6)}${f(of(page, 'keyMs'), 14)}${f(of(page, 'keyMaxMs'), 12)}${f(of(page, 'keyCpuMs'), 12)}${f(of(page, 'fps'), 13)}${f(of(page, 'frameCpuMs'), 14)}${String(of(page, 'blank')).padStart(14)}`,
  );
}
console.log('\nper keystroke (median over the rounds, ms):');
console.log(`  ${'shows'.padEnd(10)}${'rows'.padStart(8)}${'floor'.padStart(9)}${'app'.padStart(9)}`);
plan.forEach((step, i) => {
  const at = (page) => median(rounds.map((r) => r[page].keys[i]));
  console.log(`  ${JSON.stringify(step.text).padEnd(10)}${String(step.count).padStart(8)}${f(at('floor'))}${f(at('app'))}`);
});
const keyOk = median(keyRatio) <= 1.5 && of('app', 'keyMs') < 50;
const fpsOk = median(fpsRatio) <= 1.2;
console.log(`\nkeystroke app / floor, round by round: ${keyRatio.map((x) => `${x.toFixed(2)}x`).join(' ')}; median ${median(keyRatio).toFixed(2)}x, app ${of('app', 'keyMs').toFixed(1)} ms   (goal: <= 1.5x and < 50 ms) ${keyOk ? 'met' : 'NOT met'}`);
console.log(`scrolling floor fps / app fps, round by round: ${fpsRatio.map((x) => `${x.toFixed(2)}x`).join(' ')}; median ${median(fpsRatio).toFixed(2)}x   (goal: <= 1.2x) ${fpsOk ? 'met' : 'NOT met'}`);
const cpuKey = rounds.map((r) => r.app.keyCpuMs / r.floor.keyCpuMs);
const cpuFrame = rounds.map((r) => r.app.frameCpuMs / r.floor.frameCpuMs);
console.log(`main-thread CPU app / floor (not a goal; unlike wall time, other programs' load does not inflate it): per keystroke ${median(cpuKey).toFixed(2)}x, per scroll frame ${median(cpuFrame).toFixed(2)}x`);
