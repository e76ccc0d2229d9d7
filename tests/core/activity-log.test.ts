/**
 * The activity log over the real electron-log (node entry, as the CLI and the engine process use it)
 * writing into a temporary home: closes and launches leave a line each, and the file stays capped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nodeLog from 'electron-log/node';
import { describe, expect, it } from 'vitest';
import { logFolder, logWatchEvent, openFileLog, withActivityLog } from '../../core/activity-log';
import { createEngine } from '../../core/engine';
import { bno, fakeWorld, WECHAT_MUTEX } from './fake-world';

const timing = { pollMs: 2, guardTimeoutMs: 200, settleMs: 2 };
let logs = 0;

/** A logger of its own (electron-log keeps one default instance per process) over a fresh home. */
function freshLog(maxBytes?: number) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-log-'));
  const log = openFileLog(nodeLog.create({ logId: `activity-test-${++logs}` }), { home, name: 'cli', ...(maxBytes ? { maxBytes } : {}) });
  return { home, log, read: () => fs.readFileSync(log.file, 'utf8') };
}

describe('activity log', () => {
  it('puts the log under <home>/logs, beside the presets', () => {
    const { home, log } = freshLog();
    expect(log.file).toBe(path.join(home, 'logs', 'cli.log'));
    expect(logFolder(home)).toBe(path.join(home, 'logs'));
  });

  it('writes one line per handle close: what was closed, or the failure code', async () => {
    const { os: fake } = fakeWorld();
    const { home, log, read } = freshLog();
    const engine = withActivityLog(createEngine(fake, { home, env: {} }), log);
    const p = fake.addProcess({ ppid: 500, name: 'WeChat.exe', path: 'C:\\W\\WeChat.exe', handles: [{ typeName: 'Mutant', name: bno(WECHAT_MUTEX) }] });
    const handle = `0x${p.handles[0]!.handle.toString(16)}`;
    expect(await engine.closeHandle({ pid: p.pid, handle })).toMatchObject({ ok: true, value: { closed: [{ pid: p.pid }] } });
    expect(await engine.closeHandle({ pid: p.pid, handle })).toMatchObject({ ok: true, value: { failed: [{ code: 'HANDLE_GONE' }] } });
    const lines = read().trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`\\[info\\] +close PID ${p.pid} ${handle} -> closed 1 \\(PID ${p.pid} ${handle} Mutant:.*${WECHAT_MUTEX}\\)$`));
    expect(lines[1]).toMatch(new RegExp(`\\[warn\\] +close PID ${p.pid} ${handle} -> closed 0; failed PID ${p.pid} HANDLE_GONE$`));
  });

  it('writes one line per launch with the PIDs started, and the error code of a launch that could not start', async () => {
    const { os: fake, wechatPath } = fakeWorld();
    const { home, log, read } = freshLog();
    const engine = withActivityLog(createEngine(fake, { home, env: {}, timing }), log);
    const launched = await engine.launch({ path: wechatPath, guards: [{ type: 'Mutant', name: WECHAT_MUTEX }], count: 2 });
    expect(launched.ok && launched.value.launched).toHaveLength(2);
    const pids = launched.ok ? launched.value.launched.map((l) => l.pid).join(', ') : '';
    expect(await engine.launch({ preset: 'no-such-preset', count: 2 })).toMatchObject({ ok: false, error: { code: 'PRESET_NOT_FOUND' } });
    const lines = read().trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/\[info\] +launch C:\\Program Files\\Tencent\\WeChat\\WeChat\.exe -n 2 -> launched 2 \(PID [\d, ]+\), 2 running, closed \d+$/);
    expect(lines[0]).toContain(`(PID ${pids})`);
    expect(lines[1]).toMatch(/\[warn\] +launch preset no-such-preset -n 2 -> PRESET_NOT_FOUND \(.+\)$/);
  });

  it('logs a watcher closing a guard', () => {
    const { log, read } = freshLog();
    logWatchEvent(log, { kind: 'closed', presetId: 'wechat', handle: { pid: 42, handle: '0x1c4', type: 'Mutant', name: 'X' } });
    logWatchEvent(log, { kind: 'state', presetId: 'wechat', state: { presetId: 'wechat', exe: 'WeChat.exe', keep: null, paused: false, running: 1, closedCount: 1, launchedCount: 0, lastFailure: null } });
    expect(read().trim().split(/\r?\n/)).toEqual([expect.stringMatching(/\[info\] +watch wechat -> closed PID 42 0x1c4 Mutant:X$/)]);
  });

  it('caps the file: past the size it moves to .old.log and starts again, so the folder stays near twice the cap', () => {
    const cap = 4096;
    const { log, read } = freshLog(cap);
    const line = `close PID 1 0x4 -> closed 1 (${'x'.repeat(60)})`;
    for (let i = 0; i < 1000; i++) log.info(`${i} ${line}`);
    const old = path.join(path.dirname(log.file), 'cli.old.log');
    const current = fs.statSync(log.file).size;
    expect(fs.existsSync(old)).toBe(true);
    // A file is rotated once it has passed the cap: at most one line over it.
    expect(current).toBeLessThanOrEqual(cap + 200);
    expect(fs.statSync(old).size).toBeLessThanOrEqual(cap + 200);
    expect(fs.readdirSync(path.dirname(log.file)).sort()).toEqual(['cli.log', 'cli.old.log']);
    // The newest line is kept; the oldest were dropped.
    expect(read().trim().split(/\r?\n/).at(-1)).toContain(`999 ${line}`);
    expect(fs.readFileSync(old, 'utf8')).not.toContain(`] 0 ${line}`);
  });
});
