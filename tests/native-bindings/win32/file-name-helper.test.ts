/**
 * The killable File-name helper, driven against a fake helper program (plain Node, no Windows): a helper
 * that is slow to start must not use up a query's deadline, stuck handles must never hide the handles
 * after them (the helper is restarted and the batch goes on), the app's own processes are asked first,
 * and every handle gets an answer (a name or why there is none).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileNameHelper, type FileNameHelperOptions } from '../../../native-bindings/win32/file-name-helper';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-fnh-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Speaks the helper's protocol: "ready" once bound, one answer per request; handles listed in FAKE_STUCK
// never answer (a read pending on a synchronous pipe); FAKE_LOG records starts and requests in order.
const FAKE_HELPER = `
const fs = require('node:fs');
const log = (line) => fs.appendFileSync(process.env.FAKE_LOG, line + '\\n');
const stuck = new Set((process.env.FAKE_STUCK || '').split(',').filter(Boolean).map(Number));
log('start');
setTimeout(() => {
  process.on('message', (m) => {
    if (m.release) return;
    log('query ' + m.pid + ':' + m.handle);
    if (stuck.has(m.handle)) return;
    process.send({ id: m.id, ok: true, name: '\\\\Device\\\\Fake\\\\' + m.pid + '-' + m.handle });
  });
  process.send({ ready: true });
}, Number(process.env.FAKE_START_DELAY_MS || 0));
process.on('disconnect', () => process.exit(0));
`;
const fakeHelper = path.join(dir, 'fake-helper.cjs');
fs.writeFileSync(fakeHelper, FAKE_HELPER);

let helpers: FileNameHelper[] = [];
afterEach(() => {
  for (const h of helpers) h.dispose();
  helpers = [];
});

/** A helper over the fake program; returns it and a reader of the fake's log. */
function setup(fake: { startDelayMs?: number; stuck?: number[] }, options: Partial<FileNameHelperOptions> = {}) {
  const log = path.join(dir, `log-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(log, '');
  process.env.FAKE_LOG = log;
  process.env.FAKE_START_DELAY_MS = String(fake.startDelayMs ?? 0);
  process.env.FAKE_STUCK = (fake.stuck ?? []).join(',');
  const helper = new FileNameHelper({ koffiPath: 'unused', deadlineMs: 400, program: { file: process.execPath, args: [fakeHelper] }, ...options });
  helpers.push(helper);
  return { helper, log: () => fs.readFileSync(log, 'utf8').trim().split('\n') };
}

const name = (pid: number, handle: number) => ({ ok: true, value: `\\Device\\Fake\\${pid}-${handle}` });

describe('FileNameHelper', () => {
  it('starts each query deadline when the helper is ready, not when it is spawned', async () => {
    const { helper } = setup({ startDelayMs: 1500 });
    const r = await helper.queryAll([
      { pid: 10, handle: 4 },
      { pid: 10, handle: 8 },
    ]);
    expect(r).toEqual([name(10, 4), name(10, 8)]);
  });

  it('restarts the helper after each stuck handle and names every handle after them', async () => {
    const { helper, log } = setup({ stuck: [0x10, 0x14, 0x18, 0x1c] });
    const requests = [0x10, 0x14, 0x18, 0x1c, 0x20, 0x24].map((handle) => ({ pid: 10, handle }));
    const r = await helper.queryAll(requests);
    expect(r.slice(0, 4)).toEqual(Array(4).fill({ ok: false, failure: { kind: 'timeout', call: 'NtQueryObject(ObjectNameInformation)' } }));
    // The lock holder behind the stuck pipes is found: no "skipped after repeated timeouts".
    expect(r.slice(4)).toEqual([name(10, 0x20), name(10, 0x24)]);
    expect(log().filter((l) => l === 'start')).toHaveLength(5);
  }, 30_000);

  it("asks the app's own processes first and answers in the order asked", async () => {
    const { helper, log } = setup({ stuck: [0x10] });
    const r = await helper.queryAll(
      [
        { pid: 30, handle: 0x10 },
        { pid: 40, handle: 0x44 },
        { pid: 50, handle: 0x48 },
      ],
      [50],
    );
    expect(log().filter((l) => l.startsWith('query'))).toEqual(['query 50:72', 'query 30:16', 'query 40:68']);
    expect(r[0]).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    expect(r.slice(1)).toEqual([name(40, 0x44), name(50, 0x48)]);
  });

  it('answers every handle with why it has no name when the helper cannot start', async () => {
    const helper = new FileNameHelper({ koffiPath: 'unused', deadlineMs: 400, startDeadlineMs: 2000, program: { file: path.join(dir, 'no-such-program'), args: [] } });
    helpers.push(helper);
    const r = await helper.queryAll([
      { pid: 10, handle: 4 },
      { pid: 10, handle: 8 },
    ]);
    expect(r).toHaveLength(2);
    for (const x of r) expect(x).toMatchObject({ ok: false, failure: { kind: 'unsupported', what: expect.stringMatching(/file-name helper/) } });
  });

  it('answers every handle when a helper never becomes ready', async () => {
    const { helper } = setup({ startDelayMs: 60_000 }, { startDeadlineMs: 1000 });
    const r = await helper.queryAll([{ pid: 10, handle: 4 }]);
    expect(r).toEqual([{ ok: false, failure: { kind: 'timeout', call: 'file-name helper start' } }]);
  });
});
