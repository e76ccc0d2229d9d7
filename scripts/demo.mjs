// `npm run demo` (Linux): the browser UI with a few small single-instance sample programs running, so the
// buttons can be tried at once. The samples are the fixture programs of tests/fixtures (built with mingw):
//   WeChat.exe            holds the Mutant _WeChat_App_Instance_Identity_Mutex_Name (like WeChat 3.x)
//   LockFileApp.exe       holds an exclusive lock on %TEMP%\multiopen-fixture\lock.ini (like Weixin 4.0.0)
//   RobloxPlayerBeta.exe  holds the Event ROBLOX_singletonEvent (like Roblox; its preset pre-claims it)
// Everything runs in the demo's own Wine prefix (.cache/wineprefix-demo) with its own MULTIOPEN_HOME
// (.cache/demo/home), where the presets find the sample programs. Ctrl+C ends everything it started
// (wineserver -k for that prefix). --screenshot FILE opens the UI in headless Chromium, saves a
// screenshot and stops.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps, root, run, serveUnderWine, wineEnv, winPath } from './wine-serve.mjs';

const USAGE = 'npm run demo [-- --screenshot FILE]';
let screenshot = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--screenshot' && argv[i + 1]) screenshot = path.resolve(argv[++i]);
  else {
    console.error(`demo: unknown or incomplete argument "${argv[i]}" (usage: ${USAGE})`);
    process.exit(2);
  }
}
if (process.platform !== 'linux') {
  console.error('demo: npm run demo runs the sample programs under Wine on Linux; on Windows use npm start');
  process.exit(2);
}
const chromiumPath = process.env.MULTIOPEN_CHROMIUM ?? '/usr/bin/chromium';
if (screenshot && !existsSync(chromiumPath)) {
  console.error(`demo: --screenshot needs Chromium at ${chromiumPath}; install it with: sudo bash scripts/install-test-deps.sh`);
  process.exit(1);
}

const prefix = path.join(root, '.cache', 'wineprefix-demo');
const demoDir = path.join(root, '.cache', 'demo');
const home = path.join(demoDir, 'home');
const fixtureLog = path.join(demoDir, 'fixtures.log');
const bin = path.join(root, 'tests', 'fixtures', 'bin');
const SAMPLES = ['WeChat.exe', 'LockFileApp.exe', 'RobloxPlayerBeta.exe'];

ensureSystemDeps('demo');
run(process.execPath, ['scripts/build.mjs', 'cli', 'renderer']);
run('bash', ['scripts/setup-wine.sh'], { env: { ...process.env, MULTIOPEN_WINEPREFIX: prefix } });
await buildSamples();

/**
 * Builds the three samples the way tests/fixtures/build.sh does (its target table and compiler flags are
 * read from it), in parallel and only when missing or older than their sources: all twenty fixtures
 * take over a minute on a small machine, these three a few seconds.
 */
async function buildSamples() {
  const script = readFileSync(path.join(root, 'tests', 'fixtures', 'build.sh'), 'utf8');
  const flags = /"\$cc" (.+?) -o "\$out"/.exec(script)?.[1].split(/\s+/) ?? [];
  const src = path.join(root, 'tests', 'fixtures', 'src');
  const stamp = (f) => (existsSync(f) ? statSync(f).mtimeMs : 0);
  mkdirSync(bin, { recursive: true });
  const job = async (exe) => {
    const target = new RegExp(`"${exe.replace('.', '\\.')}\\|([^|"]+)\\|([^"]*)"`).exec(script);
    if (!target || flags.length === 0) throw new Error(`demo: tests/fixtures/build.sh has no target ${exe} (or no compiler line)`);
    const [, file, extra] = target;
    const out = path.join(bin, exe);
    const inputs = [path.join(src, file), path.join(src, 'common.h'), path.join(root, 'tests', 'fixtures', 'build.sh')];
    if (stamp(out) > Math.max(...inputs.map(stamp))) return;
    const args = [...flags, '-o', out, path.join(src, file), ...extra.split(/\s+/).filter(Boolean)];
    await new Promise((resolve, reject) => {
      const cc = spawn(process.env.MINGW_CC ?? 'x86_64-w64-mingw32-gcc', args, { stdio: 'inherit' });
      cc.on('error', reject);
      cc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`demo: building ${exe} failed (exit ${String(code)})`))));
    });
  };
  try {
    await Promise.all(SAMPLES.map(job));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

const env = wineEnv(prefix);
const endAll = () => spawnSync('wineserver', ['-k'], { env, stdio: 'ignore', timeout: 30_000 });
endAll(); // what an earlier demo left running
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(home, { recursive: true });

// The presets find the samples. The built-in wechat preset looks in HKCU\Software\Tencent\WeChat InstallPath,
// set here in the demo prefix. The built-in roblox preset and the lock-file sample's preset (a user preset
// that starts nothing but its exe) take the path of the running copy.
function regAdd(key, name, value) {
  const out = path.join(demoDir, 'reg.out');
  const fd = openSync(out, 'w'); // Wine programs may keep a pipe open through the services they start
  const r = spawnSync('wine', ['reg', 'add', key, '/v', name, '/t', 'REG_SZ', '/d', value, '/f'], { env, stdio: ['ignore', fd, fd], timeout: 60_000 });
  closeSync(fd);
  if (r.status !== 0) {
    endAll();
    console.error(`demo: wine reg add ${key} /v ${name} failed (${r.error?.message ?? `exit ${String(r.status)}`}): ${readFileSync(out, 'utf8').trim()}`);
    process.exit(1);
  }
}
regAdd('HKCU\\Software\\Tencent\\WeChat', 'InstallPath', winPath(bin));
const presets = [
  {
    id: 'demo-lockfile',
    name: 'Lock-file sample',
    exe: 'LockFileApp.exe',
    guards: [{ type: 'File', name: 'multiopen-fixture\\lock.ini' }],
    instances: 2,
    notes: 'A sample program of npm run demo: it locks %TEMP%\\multiopen-fixture\\lock.ini and refuses to start while another copy holds the lock, like Weixin 4.0.0.',
    source: 'npm run demo: sample program tests/fixtures/src/lockfile.c',
  },
];
writeFileSync(path.join(home, 'presets.json'), `${JSON.stringify({ schemaVersion: 1, presets }, null, 2)}\n`);

const started = () => (existsSync(fixtureLog) ? readFileSync(fixtureLog, 'utf8').split('\n').filter((l) => / started$/.test(l)).length : 0);
async function startSample(exe) {
  const before = started();
  const child = spawn('wine', [path.join(bin, exe)], { env: { ...env, MULTIOPEN_FIXTURE_LOG: winPath(fixtureLog) }, detached: true, stdio: 'ignore' });
  child.unref();
  const deadline = Date.now() + 90_000;
  while (started() <= before) {
    if (Date.now() > deadline) {
      endAll();
      console.error(`demo: the sample ${exe} did not start within 90 s (its log: ${fixtureLog})`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
console.log(`demo: starting the sample programs (${SAMPLES.join(', ')}) in the Wine prefix ${prefix}`);
// The first alone: it brings up the prefix's Wine server and services.
for (const exe of SAMPLES) await startSample(exe);

const { url, child } = await serveUnderWine({
  prefix,
  port: process.env.MULTIOPEN_PORT ?? '0',
  env: { MULTIOPEN_HOME: winPath(home), MULTIOPEN_FIXTURE_LOG: winPath(fixtureLog) },
});
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  endAll();
  console.log('\ndemo: stopped the server and every program of the demo prefix');
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
child.on('exit', () => {
  if (!stopping) console.error('demo: the server ended');
  stop(1);
});

if (screenshot) {
  const { takeScreenshot } = await import('./demo-screenshot.mjs');
  let code = 0;
  try {
    await takeScreenshot({ url, file: screenshot, chromiumPath });
    console.log(`demo: screenshot saved to ${path.relative(root, screenshot)}`);
  } catch (error) {
    console.error(`demo: the screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  stop(code);
} else {
  console.log(`
Multiopen demo is running. Open this address in a browser:

  ${url}

Try it: click WeChat.exe in Processes (its guard mutex is in the handles below), click "Close mutex",
then set Instances to 3 and click "Launch". The Presets on the right (WeChat, Roblox, Lock-file sample)
launch and unlock the other samples.

Press Ctrl+C to stop (it ends every program of the demo).`);
}
