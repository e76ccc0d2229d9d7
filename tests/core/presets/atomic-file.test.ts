import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemps, writeFileAtomic } from '../../../core/presets/atomic-file';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-atomic-'));
});

/** The PID of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeFileAtomic', () => {
  it('replaces the content and leaves only the file', () => {
    const file = path.join(dir, 'sub', 'presets.json');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['presets.json']);
  });

  it("removes the temp files of a writer that was killed before its rename, on the next write", () => {
    const file = path.join(dir, 'presets.json');
    writeFileAtomic(file, 'saved');
    const killed = `presets.json.${deadPid()}.${Date.now()}.tmp`;
    fs.writeFileSync(path.join(dir, killed), 'half a wri');
    writeFileAtomic(file, 'next');
    expect(fs.readdirSync(dir)).toEqual(['presets.json']);
    expect(fs.readFileSync(file, 'utf8')).toBe('next');
  });

  it('keeps the temp file of a writer that is still running, other files, and other targets\' temp files', () => {
    const file = path.join(dir, 'presets.json');
    const now = Date.now();
    const live = `presets.json.${process.ppid}.${now}.tmp`;
    const dead = deadPid();
    const keep = ['presets.json.corrupt-2026-01-01', `trust.json.${dead}.${now}.tmp`, `presets-json.${dead}.${now}.tmp`, 'presets.json.bak', `presets.json.${dead}.tmp`, `presets.json.x.${dead}.${now}.tmp`, `presets.json.${dead}.${now}.tmp.bak`, live];
    for (const name of keep) fs.writeFileSync(path.join(dir, name), 'x');
    writeFileAtomic(file, 'next');
    expect(fs.readdirSync(dir).sort()).toEqual([...keep, 'presets.json'].sort());
  });

  it('removes a temp file older than any write takes even when its PID now belongs to a running process', () => {
    const file = path.join(dir, 'presets.json');
    const old = `presets.json.${process.ppid}.${Date.now() - 61_000}.tmp`;
    const recent = `presets.json.${process.ppid}.${Date.now() - 59_000}.tmp`;
    fs.writeFileSync(path.join(dir, old), 'x');
    fs.writeFileSync(path.join(dir, recent), 'x');
    expect(removeStaleTemps(file)).toEqual([old]);
    expect(fs.readdirSync(dir)).toEqual([recent]);
  });

  it('leaves no temp file when the rename fails', () => {
    const file = path.join(dir, 'target');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside'), 'x');
    expect(() => writeFileAtomic(file, 'content')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['target']);
  });
});
