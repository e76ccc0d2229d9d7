/**
 * Every named-object kind as a guard on the real API: a waitable timer (TimerApp.exe), a job object
 * (JobApp.exe) and a named pipe created with FILE_FLAG_FIRST_PIPE_INSTANCE (PipeApp.exe) are each closed by
 * unlock, launched past by launch -n 3 and found by learn with no preset; pipes are listed as "Pipe"; a
 * pre-claim holds a Timer and a Job; and a guard in a private namespace matches by its own name (Windows
 * only: Wine 8 has no private namespaces, which the last test confirms).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LearnReport, Preset } from '../../core/model';
import { closeLike, handlesJson, launchJson, leafName, runningPids } from './cli';
import {
  describeRun,
  expectJson,
  fixturesBin,
  isWindows,
  runCli,
  startCli,
  startFixture,
  tempPath,
  tryStart,
  useWinTestLifecycle,
  waitFor,
  winPath,
  type FixtureExe,
} from './harness';

useWinTestLifecycle();

const KINDS: { exe: FixtureExe; guard: string }[] = [
  { exe: 'TimerApp.exe', guard: 'Timer:MultiopenTest_SingletonTimer' },
  { exe: 'JobApp.exe', guard: 'Job:MultiopenTest_SingletonJob' },
  { exe: 'PipeApp.exe', guard: 'Pipe:MultiopenTest_SingletonPipe' },
];

describe.each(KINDS)('a $guard guard', ({ exe, guard }) => {
  it('refuses a second copy; unlock closes it in the running copy, and then a second copy starts', async () => {
    const first = await startFixture(exe);
    expect(first.outcome).toBe('started');
    expect(await tryStart(exe)).toBe('refused');
    const { run, report } = await closeLike(['unlock', '--exe', exe, '--guard', guard]);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.closed.map((c) => [c.pid, c.type, leafName(c.name)])).toEqual([[first.pid, guard.split(':')[0], guard.split(':')[1]]]);
    expect(await tryStart(exe)).toBe('started');
  });

  it('launch --path EXE --guard ... -n 3 runs three copies', async () => {
    const { run, report } = await launchJson(['--path', winPath(join(fixturesBin, exe)), '--guard', guard, '-n', '3']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.failed).toEqual([]);
    expect(report.running).toBe(3);
    expect(await runningPids(exe)).toHaveLength(3);
  });
});

describe('learning every kind', () => {
  it('learn --path finds the timer, the job and the pipe with no preset, and ends every copy it started', async () => {
    const runs = await Promise.all(KINDS.map((k) => runCli<LearnReport>(['learn', '--path', winPath(join(fixturesBin, k.exe)), '--json'], { timeoutMs: 110_000 })));
    for (const [i, k] of KINDS.entries()) {
      const run = runs[i]!;
      expect(run.code, `learn ${k.exe}: ${describeRun(run)}`).toBe(0);
      expect(expectJson(run).guards.map((g) => `${g.type}:${g.name}`)).toEqual([k.guard]);
      expect(await runningPids(k.exe)).toEqual([]);
    }
  });
});

describe('pipes and pre-claims', () => {
  it('handles lists a named pipe as "Pipe" (--type Pipe keeps only pipes, --type File still lists it)', async () => {
    const app = await startFixture('PipeApp.exe');
    const pipes = await handlesJson(['--pid', String(app.pid), '--type', 'Pipe']);
    expect(pipes.map((h) => [h.type, h.name])).toEqual([['Pipe', expect.stringMatching(/\\Device\\NamedPipe\\MultiopenTest_SingletonPipe$/i)]]);
    const files = await handlesJson(['--pid', String(app.pid), '--type', 'File']);
    expect(files.filter((h) => h.type === 'Pipe')).toHaveLength(1);
    // A pipe shown as Pipe is closed when --expect names it as Pipe, as the handle view would pass it.
    const closed = await closeLike(['close', '--pid', String(app.pid), '--handle', pipes[0]!.handle, '--expect', 'Pipe:MultiopenTest_SingletonPipe']);
    expect(closed.report.failed).toEqual([]);
    expect(await tryStart('PipeApp.exe')).toBe('started');
  });

  it('a pre-claim holds a named Timer and a named Job (watch holds them; the fixtures then refuse)', async () => {
    const preset: Preset = {
      id: 'claimer',
      name: 'Claimer',
      exe: 'Plain.exe',
      path: winPath(join(fixturesBin, 'Plain.exe')),
      guards: [],
      strategy: 'preclaim',
      preclaim: [
        { type: 'Timer', name: 'MultiopenTest_SingletonTimer' },
        { type: 'Job', name: 'MultiopenTest_SingletonJob' },
      ],
    };
    const file = tempPath('claimer.json');
    writeFileSync(file, JSON.stringify(preset));
    const added = await runCli(['presets', 'add', winPath(file), '--yes', '--json']);
    expect(added.code, describeRun(added)).toBe(0);
    const watch = startCli(['watch', 'claimer', '--json']);
    const held = await waitFor(
      'the watcher to hold the Timer and the Job',
      async () => {
        const rows = await handlesJson(['--type', 'Timer,Job', '--match', 'MultiopenTest_Singleton']);
        return rows.length >= 2 ? rows : undefined;
      },
      30_000,
      500,
    );
    expect(held.map((h) => `${h.type}:${leafName(h.name)}`).sort()).toEqual(['Job:MultiopenTest_SingletonJob', 'Timer:MultiopenTest_SingletonTimer']);
    expect(await tryStart('TimerApp.exe')).toBe('refused');
    expect(await tryStart('JobApp.exe')).toBe('refused');
    await watch.stop();
  });
});

describe('a guard in a private namespace', () => {
  // Wine 8 has no private namespaces (CreatePrivateNamespaceW fails): the fixture cannot create its guard there.
  it.skipIf(!isWindows)('matches by the object\'s own name: unlock closes it and learn finds it', async () => {
    const first = await startFixture('PrivateNsApp.exe');
    expect(first.outcome).toBe('started');
    expect(await tryStart('PrivateNsApp.exe')).toBe('refused');
    const { report } = await closeLike(['unlock', '--exe', 'PrivateNsApp.exe', '--guard', 'Mutant:MultiopenTest_PrivateMutex']);
    expect(report.failed).toEqual([]);
    expect(report.closed).toHaveLength(1);
    expect(await tryStart('PrivateNsApp.exe')).toBe('started');
  });

  it.runIf(!isWindows)('is not possible under Wine 8 (why the test above runs on Windows only): the fixture reports failed', async () => {
    expect((await startFixture('PrivateNsApp.exe')).outcome).toBe('failed');
  });
});
