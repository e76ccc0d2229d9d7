// npm run reliability: the slow reliability checks (not part of npm test), one after another. Each prints
// one JSON line of figures and fails on a regression; this exits 1 when any failed.
// The quick ones are unit tests: tests/core/{unlock,launch}.races.test.ts, tests/core/watch.churn.test.ts.
// Usage: node scripts/reliability/run.mjs [preset-kill9|engine-hang|wine-races|wine-watch ...]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { bundle, ROOT } from './bundle.mjs';

const here = path.join(ROOT, 'scripts', 'reliability');
const checks = {
  'preset-kill9': async () => [path.join(here, 'preset-kill9.mjs')],
  'engine-hang': async () => [await bundle('engine-hang'), path.join(here, 'fake-engine.cjs')],
  // Real fixture processes, the engine in Windows node.exe (under Wine on Linux).
  'wine-races': async () => [path.join(here, 'wine-races.mjs')],
  'wine-watch': async () => [path.join(here, 'wine-watch.mjs')],
};
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(checks);
let failed = 0;
for (const name of wanted) {
  const make = checks[name];
  if (!make) {
    console.error(`unknown check ${name}; known: ${Object.keys(checks).join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, await make(), { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) failed++;
  console.log(`${name}: ${r.status === 0 ? 'passed' : 'FAILED'}`);
}
console.log(`${wanted.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
