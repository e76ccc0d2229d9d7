/**
 * Telling copies apart on the real API: titled/WeChat.exe shows a real top-level window titled "WeChat"
 * and refuses a second copy. With labels, `launch -n 3` gives three windows whose titles end in their
 * labels (read back by `instances`, another process, with GetWindowTextW); focus and close act on the right
 * copy only (the fixture logs what its own window got); `launch --only` starts exactly the missing labelled
 * copy with its own index; a copy the user started gets the lowest free index; and when the app resets its
 * title, a running Multiopen (`watch`) puts the label back.
 *
 * Wine needs a display for windows: on Linux these tests start their own Xvfb and give its DISPLAY to
 * the CLI, which passes it to the copies it starts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstanceActionReport, InstanceRow } from '../../core/model';
import { launchJson, runningPids } from './cli';
import { describeRun, expectJson, fixtureValues, fixturesBin, runCli, startCli, startFixture, tempPath, useOwnDisplay, useWinTestLifecycle, waitFor, winPath } from './harness';

useWinTestLifecycle();

const TITLED = winPath(join(fixturesBin, 'titled', 'WeChat.exe'));

const display = useOwnDisplay(300 + (process.pid % 200));

/** The environment of every CLI run and fixture of a test: the display and the fixture log. */
function envWith(log: string): Record<string, string> {
  return { ...display(), MULTIOPEN_FIXTURE_LOG: winPath(log) };
}

/** `instances wechat --json`, expecting success. */
async function instances(env: Record<string, string>): Promise<InstanceRow[]> {
  const run = await runCli<InstanceRow[]>(['instances', 'wechat', '--json'], { env });
  expect(run.code, describeRun(run)).toBe(0);
  return expectJson(run);
}

/** The titles of each copy's windows, by index. */
function titles(rows: readonly InstanceRow[]): [number, string[]][] {
  return rows.map((r) => [r.index, r.windows.map((w) => w.title)]);
}

/** `label wechat INDEX TEXT`, expecting success. */
async function label(index: number, text: string, env: Record<string, string>): Promise<void> {
  const run = await runCli(['label', 'wechat', String(index), text, '--json'], { env });
  expect(run.code, describeRun(run)).toBe(0);
}

/** What the fixture logged as "<pid> event WORD" lines. */
function events(log: string): { pid: number; value: string }[] {
  return fixtureValues(log, 'event');
}

describe('labelled copies of a windowed app', () => {
  it('launch -n 3 labels each window; instances lists them; focus and close act on one copy; --only starts the missing one', async () => {
    const log = tempPath('titled.log');
    const env = envWith(log);
    await label(1, 'Work', env);
    await label(2, 'Family', env);
    await label(3, '工作', env);

    const { run, report } = await launchJson(['wechat', '--path', TITLED, '-n', '3', '--yes'], { env });
    expect(run.code, describeRun(run)).toBe(0);
    expect(report.launched.map((l) => l.index)).toEqual([1, 2, 3]);
    const pids = report.launched.map((l) => l.pid);

    const rows = await instances(env);
    expect(rows.map((r) => [r.index, r.label, r.pid])).toEqual([
      [1, 'Work', pids[0]],
      [2, 'Family', pids[1]],
      [3, '工作', pids[2]],
    ]);
    expect(titles(rows)).toEqual([
      [1, ['WeChat - Work']],
      [2, ['WeChat - Family']],
      [3, ['WeChat - 工作']],
    ]);
    expect(rows.every((r) => r.windows[0]?.class === 'WeChatMainWndForPC' && r.startedAt !== null)).toBe(true);

    // focus copy 2: its window, and only its, is activated
    const activatedBefore = events(log).filter((e) => e.value === 'activated').length;
    const focus = await runCli<InstanceActionReport>(['instance', 'wechat', '2', 'focus', '--json'], { env });
    expect(focus.code, describeRun(focus)).toBe(0);
    expect(expectJson(focus)).toMatchObject({ index: 2, pid: pids[1], done: true });
    const activated = await waitFor('copy 2 to log "activated"', () => {
      const now = events(log).filter((e) => e.value === 'activated').slice(activatedBefore);
      return now.length > 0 ? now : undefined;
    });
    expect(new Set(activated.map((e) => e.pid))).toEqual(new Set([pids[1]]));

    // close copy 3: it gets WM_CLOSE and exits; the others keep running
    const close = await runCli<InstanceActionReport>(['instance', 'wechat', '3', 'close', '--json'], { env });
    expect(close.code, describeRun(close)).toBe(0);
    expect(expectJson(close)).toMatchObject({ index: 3, pid: pids[2], done: true, stillRunning: false });
    expect(events(log).filter((e) => e.value === 'closing').map((e) => e.pid)).toEqual([pids[2]]);
    expect(new Set(await runningPids('WeChat.exe', { env }))).toEqual(new Set([pids[0], pids[1]]));

    // --only: Family runs already; 工作 (index 3) is started again, with its own index and label
    const only = await launchJson(['wechat', '--path', TITLED, '--only', 'Family,工作'], { env });
    expect(only.run.code, describeRun(only.run)).toBe(0);
    expect(only.report.launched.map((l) => l.index)).toEqual([3]);
    const again = await instances(env);
    expect(titles(again)).toEqual([
      [1, ['WeChat - Work']],
      [2, ['WeChat - Family']],
      [3, ['WeChat - 工作']],
    ]);
    expect(again[2]?.pid).toBe(only.report.launched[0]?.pid);
  });

  it('a copy the user started gets index 1; its label comes back when the app resets its title, while Multiopen runs', async () => {
    const log = tempPath('titled.log');
    const env = envWith(log);
    const first = await startFixture('titled/WeChat.exe', { log, env: display() });
    expect(first.outcome).toBe('started');
    // like the real app, a second copy refuses while the first holds the mutex
    expect((await startFixture('titled/WeChat.exe', { log, env: display() })).outcome).toBe('refused');

    const unlabelled = await instances(env);
    expect(unlabelled.map((r) => [r.index, r.label, r.pid])).toEqual([[1, null, first.pid]]);
    expect(titles(unlabelled)).toEqual([[1, ['WeChat']]]);

    await label(1, 'Work', env);
    expect(titles(await instances(env))).toEqual([[1, ['WeChat - Work']]]);

    // the app resets its title: with nothing of Multiopen running, it stays reset
    const resets = () => events(log).filter((e) => e.value === 'reset' && e.pid === first.pid).length;
    writeFileSync(`${log}.reset`, '1');
    await waitFor('the first reset', () => (resets() >= 1 ? true : undefined));
    expect(titles(await instances(env))).toEqual([[1, ['WeChat']]]);

    // while `watch` runs, the label is put back, and again after the next reset
    startCli(['watch', 'wechat'], { env });
    const labelled = async () => {
      const rows = await instances(env);
      return rows[0]?.windows[0]?.title === 'WeChat - Work' ? true : undefined;
    };
    await waitFor('the watcher to put the label back', labelled, 60_000, 500);
    writeFileSync(`${log}.reset`, '2');
    await waitFor('the second reset', () => (resets() >= 2 ? true : undefined));
    await waitFor('the label to come back after the second reset', labelled, 60_000, 500);

    // clearing the label gives the app its own title back
    await label(1, '', env);
    await waitFor('the title without the label', async () => ((await instances(env))[0]?.windows[0]?.title === 'WeChat' ? true : undefined), 30_000, 500);
  });
});
