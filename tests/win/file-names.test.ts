/**
 * File handles whose name query cannot answer: PendingPipeApp.exe holds synchronous pipes with a read
 * pending on each, opened before the file it locks (its guard). On Windows a name query (and GetFileType)
 * on such a pipe waits for the read; the engine gives each query its own deadline, restarts its helper and
 * goes on, so the lock behind the pipes is still found and closed, and the pipes are listed as unnamed.
 * Wine answers those queries at once: there the pipes are named, which the engine must report too (it
 * used to refuse every pipe after GetFileType, which itself waits on Windows).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HandleRow } from '../../core/model';
import { closeLike, handlesJson } from './cli';
import { describeRun, fixtureValues, isWindows, startFixture, tempPath, tryStart, useWinTestLifecycle, winPath } from './harness';

useWinTestLifecycle();

/** Starts PendingPipeApp.exe locking its own lock file; returns the fixture, its env and its stuck pipe handles. */
async function startPendingPipes() {
  const dir = join(tempPath('appdata'), 'pendingpipe');
  mkdirSync(dir, { recursive: true });
  const env = { MULTIOPEN_FIXTURE_LOCKFILE: winPath(join(dir, 'lock.ini')), MULTIOPEN_FIXTURE_PIPES: '4' };
  const app = await startFixture('PendingPipeApp.exe', { env });
  expect(app.outcome).toBe('started');
  const pipes = fixtureValues(app.log, 'pipe').map((v) => Number.parseInt(v.value, 16));
  expect(pipes).toHaveLength(4);
  return { app, env, pipes };
}

describe('File handles with a read pending on a synchronous pipe', () => {
  it('lists every File handle of the process: the lock file named, each stuck pipe named or shown unnamed, none left out', async () => {
    const { app, pipes } = await startPendingPipes();
    const rows = await handlesJson(['--pid', String(app.pid), '--type', 'File']);
    expect(rows.find((r) => (r.name ?? '').endsWith('pendingpipe\\lock.ini'))).toBeDefined();
    for (const handle of pipes) {
      const row = rows.find((r) => Number.parseInt(r.handle, 16) === handle) as HandleRow | undefined;
      expect(row, `pipe handle 0x${handle.toString(16)} is listed`).toBeDefined();
      // Windows: the query waits for the pending read until its deadline; Wine: answered at once.
      if (isWindows) expect(row?.name).toBeNull();
      else expect(row?.name).toMatch(new RegExp(`\\\\Device\\\\NamedPipe\\\\MultiopenTest_Pending_${app.pid}_\\d$`));
    }
  });

  it('finds and closes the locked file behind the stuck pipes, so a second copy gets the lock', async () => {
    const { env } = await startPendingPipes();
    expect(await tryStart('PendingPipeApp.exe', { env })).toBe('refused');
    const { run, report } = await closeLike(['unlock', '--exe', 'PendingPipeApp.exe', '--guard', 'File:pendingpipe\\lock.ini']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.closed.map((c) => c.name)).toEqual([expect.stringMatching(/pendingpipe\\lock\.ini$/)]);
    expect(await tryStart('PendingPipeApp.exe', { env })).toBe('started');
  });
});
