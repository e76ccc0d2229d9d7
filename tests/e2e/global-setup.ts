/** Builds what the e2e suite serves: the renderer and CLI (dist/) and the fake-engine dev server. */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${String(r.status)}`);
}

/** Global setup of the Playwright suite. */
export default function globalSetup(): void {
  if (process.env.MULTIOPEN_SKIP_BUILD !== '1') run(process.execPath, ['scripts/build.mjs', 'cli', 'renderer']);
  buildSync({
    absWorkingDir: root,
    entryPoints: ['tests/e2e/fake-serve.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: '.cache/fake-serve.cjs',
    logLevel: 'warning',
  });
}
