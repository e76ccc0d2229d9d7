// Builds everything into dist/: the CLI (one CommonJS file a plain node.exe runs), the Electron main,
// preload and engine-host bundles, and the renderer (Vite).
import { build } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv.slice(2);
const want = (part) => only.length === 0 || only.includes(part);
const PARTS = ['cli', 'electron', 'renderer'];
for (const part of only) {
  if (!PARTS.includes(part)) {
    console.error(`build: unknown part "${part}" (parts: ${PARTS.join(', ')})`);
    process.exit(2);
  }
}

/** esbuild has printed its errors already: one line saying which part failed, no stack trace. */
async function bundle(what, options) {
  try {
    return await build(options);
  } catch {
    console.error(`build: ${what} failed (errors above)`);
    process.exit(1);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // koffi loads its per-platform native binary at run time; electron is provided by the shell.
  external: ['koffi', 'electron'],
  define: { MULTIOPEN_VERSION: JSON.stringify(pkg.version) },
  absWorkingDir: root,
};

if (want('cli')) {
  const result = await bundle('the CLI', { ...common, entryPoints: ['cli/bin.ts'], outfile: 'dist/cli/multiopen.cjs', banner: { js: '#!/usr/bin/env node' }, metafile: true });
  // Every file the CLI was built from: the win suite rebuilds when one of them is newer (tests/win/global-setup.ts).
  writeFileSync(path.join(root, 'dist/cli/multiopen.inputs.json'), `${JSON.stringify(Object.keys(result.metafile.inputs).sort(), null, 1)}\n`);
}

if (want('electron')) {
  const entries = [
    ['electron/main/main.ts', 'dist/electron/main.cjs'],
    ['electron/preload/preload.ts', 'dist/electron/preload.cjs'],
    ['electron/main/engine-host.ts', 'dist/electron/engine-host.cjs'],
  ];
  for (const [entry, outfile] of entries) {
    if (!existsSync(path.join(root, entry))) {
      console.error(`build: ${entry} is missing`);
      process.exit(1);
    }
    await bundle(entry, { ...common, entryPoints: [entry], outfile });
  }
}

if (want('renderer')) {
  const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.mts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (vite.status !== 0) {
    console.error('build: the renderer (vite) failed (errors above)');
    process.exit(vite.status || 1);
  }
}
console.log(`build: done (${only.length ? only.join(', ') : 'all'})`);
