// `npm start`: builds, then runs the app.
//  - Windows: the Electron app (the Electron binary comes with `npm install` there).
//  - Elsewhere, or with --browser: the same UI in the browser, served by `multiopen serve` on 127.0.0.1
//    with the real engine (under Wine on Linux: Windows node.exe, see scripts/setup-wine.sh).
// Linux: `npm start -- --wine-prefix DIR` (or MULTIOPEN_WINEPREFIX=DIR) runs the engine in the user's own
// Wine prefix, so the apps run there are listed and can be multi-opened; the default is .cache/wineprefix.
// Missing Wine is installed when running as root, otherwise the one command to run is printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultPrefix, ensureSystemDeps, prefixProblem, root, run, serveUnderWine } from './wine-serve.mjs';

const USAGE = 'npm start [-- --browser] [-- --wine-prefix DIR]';
function usageError(message) {
  console.error(`start: ${message} (usage: ${USAGE})`);
  process.exit(2);
}

let browser = false;
let prefixArg = null;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--browser') browser = true;
  else if (a === '--wine-prefix') {
    prefixArg = argv[++i];
    if (!prefixArg) usageError('--wine-prefix needs a folder');
  } else if (a.startsWith('--wine-prefix=')) prefixArg = a.slice('--wine-prefix='.length);
  else usageError(`unknown argument "${a}"`);
}

const onWindows = process.platform === 'win32';
let prefix = defaultPrefix;
if (!onWindows) {
  const chosen = prefixArg ?? process.env.MULTIOPEN_WINEPREFIX ?? null;
  if (chosen !== null) {
    prefix = path.resolve(chosen);
    const problem = prefixProblem(prefix);
    if (problem) {
      console.error(`start: ${problem}`);
      process.exit(2);
    }
  }
} else if (prefixArg !== null) {
  usageError('--wine-prefix is for Linux, where the engine runs under Wine');
}

if (!onWindows) ensureSystemDeps('start');
run(process.execPath, ['scripts/build.mjs']);

function electronBinary() {
  try {
    const bin = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

if (onWindows && !browser) {
  const bin = electronBinary();
  if (!bin) {
    console.error('start: the Electron binary is missing; run "npm install" (or use "npm run serve" for the browser UI)');
    process.exit(1);
  }
  const child = spawn(bin, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = process.env.MULTIOPEN_PORT ?? '0';
  let child;
  if (onWindows) {
    child = spawn(process.execPath, ['dist/cli/multiopen.cjs', 'serve', '--port', port], { cwd: root, stdio: 'inherit' });
  } else {
    if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0) {
      console.error('start: the engine needs Windows or Wine. On Debian/Ubuntu: sudo bash scripts/install-test-deps.sh');
      process.exit(1);
    }
    run('bash', ['scripts/setup-wine.sh'], { env: { ...process.env, MULTIOPEN_WINEPREFIX: prefix } });
    const served = await serveUnderWine({ prefix, port });
    child = served.child;
    const own = prefix === defaultPrefix ? " (Multiopen's own; --wine-prefix DIR attaches to yours)" : '';
    console.log(`\nMultiopen is running, its engine in the Wine prefix ${prefix}${own}.\nOpen this address in a browser:\n\n  ${served.url}\n\nPress Ctrl+C to stop.`);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 0)));
}
