/**
 * `unlock` of a File guard that is not held, in an app whose other File handles cannot all be named
 * (PendingPipeApp.exe: synchronous pipes with a read pending on each). On Windows those name queries
 * wait until their deadline, so GUARD_NOT_FOUND carries `unnamed` (the guard may be among them); Wine
 * answers the queries at once, so every handle is named and the answer is a plain GUARD_NOT_FOUND.
 * Either way the count comes from the real name queries: nothing is reported unnamed that was named.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FailedItem } from '../../core/model';
import { closeLike } from './cli';
import { describeRun, fixtureValues, isWindows, startFixture, tempPath, useWinTestLifecycle, winPath } from './harness';

useWinTestLifecycle();

describe('a File guard not found while handles of the app stayed unnamed', () => {
  it('says how many File handles of the app could not be named, and only those', async () => {
    const dir = join(tempPath('appdata'), 'pendingpipe-unnamed');
    mkdirSync(dir, { recursive: true });
    const app = await startFixture('PendingPipeApp.exe', { env: { MULTIOPEN_FIXTURE_LOCKFILE: winPath(join(dir, 'lock.ini')), MULTIOPEN_FIXTURE_PIPES: '2' } });
    expect(app.outcome).toBe('started');
    const pipes = fixtureValues(app.log, 'pipe');
    expect(pipes).toHaveLength(2);
    const { run, report } = await closeLike(['unlock', '--exe', 'PendingPipeApp.exe', '--guard', 'File:pendingpipe-unnamed\\not-held.ini']);
    expect(run.code, describeRun(run)).toBe(1);
    expect(report.closed).toEqual([]);
    const failed = report.failed as (FailedItem & { unnamed?: number })[];
    expect(failed.map((f) => f.code)).toEqual(['GUARD_NOT_FOUND']);
    // Windows: at least the stuck pipe ends time out; Wine: every query answers.
    if (isWindows) expect(failed[0]?.unnamed).toBeGreaterThanOrEqual(pipes.length);
    else expect(failed[0]).not.toHaveProperty('unnamed');
  });
});
