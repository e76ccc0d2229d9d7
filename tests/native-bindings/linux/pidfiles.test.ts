import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultPidfileRoots, findPidfiles, PIDFILE_MAX_BYTES, readPidfile } from '../../../native-bindings/linux/pidfiles';
import { processStartTime } from '../../../native-bindings/linux/processes';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'multiopen-pidfiles-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('findPidfiles (real files, this process as the holder)', { timeout: 30_000 }, () => {
  it('finds a file holding a live PID written after that process started, and nothing else', async () => {
    const started = (await processStartTime(process.pid))!;
    const procs = new Map([[process.pid, started]]);
    const d = tempDir();
    mkdirSync(path.join(d, 'app', 'deeper'), { recursive: true });
    writeFileSync(path.join(d, 'app', 'app.pid'), `${process.pid}\n`);
    // Same PID, but written before this process started: a stale file (or a counter), not its pidfile.
    writeFileSync(path.join(d, 'stale.pid'), `${process.pid}\n`);
    utimesSync(path.join(d, 'stale.pid'), (started - 60_000) / 1000, (started - 60_000) / 1000);
    writeFileSync(path.join(d, 'other.pid'), `${process.pid + 1}\n`);
    writeFileSync(path.join(d, 'words.pid'), `pid ${process.pid}\n`);
    writeFileSync(path.join(d, 'big.pid'), `${process.pid}\n${'x'.repeat(PIDFILE_MAX_BYTES)}`);
    writeFileSync(path.join(d, 'app', 'deeper', 'deep.pid'), `${process.pid}\n`);
    const found = await findPidfiles(procs, [{ dir: d, depth: 2 }]);
    expect(found.map((f) => f.path)).toEqual([path.join(d, 'app', 'app.pid')]);
    expect(found[0]!.pid).toBe(process.pid);
    // One level deeper finds the deeper file too.
    expect((await findPidfiles(procs, [{ dir: d, depth: 3 }])).map((f) => path.basename(f.path)).sort()).toEqual(['app.pid', 'deep.pid']);
  });

  it('never counts PID 1, whose start at boot predates every file', async () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'counter'), '1\n');
    expect(await readPidfile(path.join(d, 'counter'), new Map([[1, 0]]))).toBeNull();
  });

  it('stops after its entry budget and passes over missing folders', async () => {
    const started = (await processStartTime(process.pid))!;
    const d = tempDir();
    for (let i = 0; i < 5; i++) writeFileSync(path.join(d, `a${i}`), 'x');
    writeFileSync(path.join(d, 'z.pid'), `${process.pid}\n`);
    const roots = [{ dir: path.join(d, 'missing'), depth: 3 }, { dir: d, depth: 1 }];
    expect(await findPidfiles(new Map([[process.pid, started]]), roots, 3)).toEqual([]);
    expect(await findPidfiles(new Map([[process.pid, started]]), roots)).toHaveLength(1);
  });
});

describe('defaultPidfileRoots', () => {
  it('uses the XDG folders when set, HOME-based ones otherwise, and never the same folder twice', () => {
    const set = defaultPidfileRoots({ HOME: '/home/u', XDG_RUNTIME_DIR: '/run/user/7', XDG_CONFIG_HOME: '/cfg', XDG_CACHE_HOME: '/tmp' }, 7);
    expect(set.map((r) => r.dir)).toEqual(['/run/user/7', '/run', '/tmp', '/cfg', '/home/u/.local/state', '/home/u/.local/share']);
    const unset = defaultPidfileRoots({ HOME: '/home/u' }, 1000);
    expect(unset.map((r) => r.dir)).toEqual(['/run/user/1000', '/run', '/tmp', '/home/u/.cache', '/home/u/.config', '/home/u/.local/state', '/home/u/.local/share']);
  });
});
