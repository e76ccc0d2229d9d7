// `npm start`: builds, then runs the app.
//  - Windows: the Electron app (the Electron binary comes with `npm install` there).
//  - Elsewhere, or with --browser: the same UI in the browser, served by `multiopen serve` on 127.0.0.1
//    with the real engine (under Wine on Linux: Windows node.exe, see scripts/setup-wine.sh).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const browser = process.argv.includes('--browser');
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['scripts/build.mjs']);

function electronBinary() {
  try {
    const bin = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

if (process.platform === 'win32' && !browser) {
  const bin = electronBinary();
  if (!bin) {
    console.error('start: the Electron binary is missing; run "npm install" (or use "npm run serve" for the browser UI)');
    process.exit(1);
  }
  const child = spawn(bin, ['.'], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  let child;
  const port = process.env.MULTIOPEN_PORT ?? '0';
  if (process.platform === 'win32') {
    child = spawn(process.execPath, ['dist/cli/multiopen.cjs', 'serve', '--port', port], { cwd: root, stdio: 'inherit' });
  } else {
    if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0) {
      console.error('start: the engine needs Windows or Wine. On Debian/Ubuntu: sudo bash scripts/install-test-deps.sh');
      process.exit(1);
    }
    run('bash', ['scripts/setup-wine.sh']);
    // node.exe under Wine cannot write to a pipe: its output goes to a file that we echo.
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'multiopen-serve-')), 'serve.out');
    const env = { ...process.env, WINEPREFIX: path.join(root, '.cache/wineprefix'), WINEDEBUG: '-all', NODE_SKIP_PLATFORM_CHECK: '1' };
    child = spawn('sh', ['-c', 'exec wine .cache/win/node/node.exe dist/cli/multiopen.cjs serve --port "$0" >"$1" 2>&1', port, out], { cwd: root, env, stdio: 'inherit' });
    let shown = false;
    const timer = setInterval(() => {
      const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
      const url = /^http:\/\/\S+/m.exec(text)?.[0];
      if (url && !shown) {
        shown = true;
        clearInterval(timer);
        console.log(`\nMultiopen is running. Open this address in a browser:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
      }
    }, 300);
  }
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
