/**
 * Runs native-probe.driver.ts in Windows node.exe (under Wine on Linux): the win suite's way to check
 * what the CLI does not print, such as which handle snapshot the engine used. The driver is bundled once
 * per test process; its output goes through a file (node.exe under Wine dies on piped stdout).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { isWindows, repoRoot, tempPath, wineEnv, wineNode, winPath } from './harness';

const bundle = join(repoRoot, '.cache', 'win-probe', 'driver.cjs');
let built = false;

/** Runs `driver COMMAND ...args` and returns its JSON answer; throws with what it printed when it fails. */
export function probe<T>(command: string, args: string[] = [], timeoutMs = 60_000): T {
  if (!built) {
    buildSync({
      entryPoints: [join(repoRoot, 'tests', 'win', 'native-probe.driver.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['koffi'],
      outfile: bundle,
      logLevel: 'warning',
    });
    built = true;
  }
  const out = tempPath(`probe-${command}.json`);
  const log = tempPath(`probe-${command}.log`);
  const [cmd, cmdArgs] = isWindows ? [process.execPath, [bundle]] : ['wine', [wineNode, bundle]];
  const fd = openSync(log, 'w');
  let r;
  try {
    r = spawnSync(cmd, [...cmdArgs, winPath(out), command, ...args], { cwd: repoRoot, env: wineEnv(), stdio: ['ignore', fd, fd], timeout: timeoutMs, windowsHide: true });
  } finally {
    closeSync(fd);
  }
  const printed = existsSync(log) ? readFileSync(log, 'utf8') : '';
  if (!existsSync(out)) throw new Error(`probe ${command} wrote no answer (exit ${String(r.status)}): ${printed}`);
  const answer = JSON.parse(readFileSync(out, 'utf8')) as T & { error?: string };
  rmSync(out, { force: true });
  if (answer.error) throw new Error(`probe ${command} failed: ${answer.error}`);
  return answer;
}
