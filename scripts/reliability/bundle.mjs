// Bundles a TypeScript entry of scripts/reliability into .cache/reliability/NAME.cjs (esbuild), so plain
// `node` can run the real core code in a child process.
import { build } from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bundles scripts/reliability/NAME.ts for Node; returns the path of the .cjs file. */
export async function bundle(name) {
  const outfile = path.join(ROOT, '.cache', 'reliability', `${name}.cjs`);
  await build({
    entryPoints: [path.join(ROOT, 'scripts', 'reliability', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    external: ['koffi'],
  });
  return outfile;
}
