import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, loadWindowState, saveWindowState } from '../../../electron/main/window-state';
import { parseAppArgs } from '../../../electron/main/args';

const display = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('round-trips size and position', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mo-')), 'sub', 'window-state.json');
    saveWindowState(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file, [display])).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
  });

  it('drops a position that is on no display and falls back on garbage', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-'));
    const file = path.join(dir, 's.json');
    fs.writeFileSync(file, JSON.stringify({ x: 5000, y: 50, width: 1000, height: 700 }));
    expect(loadWindowState(file, [display])).toEqual({ width: 1000, height: 700, maximized: false });
    fs.writeFileSync(file, '{not json');
    expect(loadWindowState(file, [display])).toEqual(DEFAULT_STATE);
    fs.writeFileSync(file, JSON.stringify({ width: 5, height: 'x' }));
    expect(loadWindowState(file, [display])).toEqual(DEFAULT_STATE);
    expect(loadWindowState(path.join(dir, 'missing.json'), [display])).toEqual(DEFAULT_STATE);
  });
});

describe('parseAppArgs', () => {
  it('reads --launch PRESET -n N', () => {
    expect(parseAppArgs(['Multiopen.exe'])).toEqual({ kind: 'window' });
    expect(parseAppArgs(['Multiopen.exe', '--launch', 'wechat', '-n', '3'])).toEqual({ kind: 'launch', preset: 'wechat', count: 3 });
    expect(parseAppArgs(['Multiopen.exe', '--launch', 'wechat'])).toEqual({ kind: 'launch', preset: 'wechat', count: 1 });
    expect(parseAppArgs(['Multiopen.exe', '--launch'])).toMatchObject({ kind: 'error' });
    expect(parseAppArgs(['Multiopen.exe', '--launch', 'wechat', '-n', '0'])).toMatchObject({ kind: 'error' });
  });
});
