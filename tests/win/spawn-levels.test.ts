/**
 * The rights launched copies get, on the real Windows API. The launch report's level must be what the
 * copy's own token says (read here independently); an elevated Multiopen starts an app that needs no
 * elevation at the desktop user's level when there is a shell to take the user's token from. An app whose
 * manifest requires administrator rights is started elevated by an elevated Multiopen and refused with
 * ELEVATION_REQUIRED by one that is not. Wine runs every program elevated and has no shell window without
 * a desktop, so there the copies run elevated; on Windows CI whatever the runner's token is decides.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ElevationFacts, OsResult, Spawned } from '../../native-bindings/os-api';
import { launchJson } from './cli';
import { describeRun, fixtureLog, fixturesBin, isWindows, tempPath, useWinTestLifecycle, waitFor, winPath } from './harness';
import { probe } from './native-probe';

useWinTestLifecycle();

interface Facts {
  elevation: OsResult<ElevationFacts>;
  shellPid: number;
}

const facts = (): Facts => probe<Facts>('elevation');
const runLevel = (pid: number) => probe<{ level: 'normal' | 'elevated' | null }>('run-level', [String(pid)]).level;

describe('levels of launched copies', () => {
  it("reads this process's elevation, and each exe's requested execution level from its manifest", () => {
    const f = facts();
    expect(f.elevation.ok).toBe(true);
    // Wine 8 gives every process a full (elevated) administrator token.
    if (!isWindows) expect(f.elevation).toEqual({ ok: true, value: { elevated: true, type: 'full' } });
    expect(probe('execution-level', [winPath(join(fixturesBin, 'ElevatedApp.exe'))])).toEqual({ ok: true, value: 'requireAdministrator' });
    expect(probe('execution-level', [winPath(join(fixturesBin, 'WeChat.exe'))])).toEqual({ ok: true, value: null });
  });

  it('reports for each copy the level its token has', async () => {
    const log = tempPath('wechat.log');
    const { run, report } = await launchJson(['--path', winPath(join(fixturesBin, 'WeChat.exe')), '--guard', 'Mutant:_WeChat_App_Instance_Identity_Mutex_Name', '-n', '2'], {
      env: { MULTIOPEN_FIXTURE_LOG: winPath(log) },
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.launched).toHaveLength(2);
    for (const copy of report.launched) expect(copy.level).toBe(runLevel(copy.pid));
    const f = facts();
    const self = f.elevation.ok ? f.elevation.value : null;
    // An administrator who elevated, with a shell to take the user's token from, starts copies unelevated.
    if (self?.elevated && self.type === 'full' && f.shellPid !== 0) expect(report.launched.map((l) => l.level)).toEqual(['normal', 'normal']);
    await waitFor('both copies to log', () => (fixtureLog(log).filter((l) => l.event === 'started').length === 2 ? true : undefined));
  });

  it('starts an app whose manifest requires administrator rights elevated when Multiopen is elevated, else refuses with ELEVATION_REQUIRED', async () => {
    const f = facts();
    const elevated = f.elevation.ok && f.elevation.value.elevated;
    const { run, report } = await launchJson(['--path', winPath(join(fixturesBin, 'ElevatedApp.exe')), '--guard', 'Mutant:MultiopenTest_ElevatedMutex', '-n', '1']);
    if (elevated) {
      expect(run.code, describeRun(run)).toBe(0);
      expect(report.launched.map((l) => l.level)).toEqual(['elevated']);
    } else {
      expect(run.code, describeRun(run)).toBe(1);
      expect(report.failed.map((x) => x.code)).toEqual(['ELEVATION_REQUIRED']);
      expect(report.launched).toEqual([]);
    }
  });

  it('starts a program with a duplicated token through CreateProcessWithTokenW (the desktop-user path)', async () => {
    const log = tempPath('plain.log');
    const { env } = process;
    env.MULTIOPEN_FIXTURE_LOG = winPath(log);
    try {
      const r = probe<OsResult<Spawned>>('spawn-with-own-token', [winPath(join(fixturesBin, 'Plain.exe'))]);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) return;
      expect(r.value.pid).toBeGreaterThan(0);
      expect(r.value.level).toBe(runLevel(r.value.pid));
      await waitFor('Plain.exe started with the duplicated token to log', () => fixtureLog(log).find((l) => l.pid === r.value.pid));
    } finally {
      delete env.MULTIOPEN_FIXTURE_LOG;
    }
  });
});
