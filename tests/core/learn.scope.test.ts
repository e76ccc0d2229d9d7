// What guard learning may touch: system files are never candidates, and a locked-file candidate is
// closed only in the processes of the copy it started, never in other programs with a file of that name.
import { describe, expect, it } from 'vitest';
import { learnGuards, rankCandidates } from '../../core/learn';
import { bno, fakeWorld } from './fake-world';

const timing = { settleMs: 30, pollMs: 5, totalMs: 5_000 };
const lock = (root: string) => `\\Device\\HarddiskVolume3\\${root}\\Tencent\\xwechat\\lock\\lock.ini`;

describe('rankCandidates', () => {
  it('skips files under a Windows folder (fonts, caches shared by every program), in any case', () => {
    const ranked = rankCandidates(
      [
        { typeName: 'File', name: '\\Device\\HarddiskVolume3\\Windows\\Fonts\\lock.ttf' },
        { typeName: 'File', name: '\\??\\C:\\WINDOWS\\System32\\single.nls' },
        { typeName: 'File', name: lock('Users\\a\\AppData\\Roaming') },
      ],
      'Weixin.exe',
      new Set(),
    );
    expect(ranked.map((c) => c.fullName)).toEqual([lock('Users\\a\\AppData\\Roaming')]);
  });

  it('keeps a file whose folder only contains "windows" in its name', () => {
    const ranked = rankCandidates([{ typeName: 'File', name: '\\Device\\HarddiskVolume3\\Users\\a\\MyWindowsApp\\lock\\app.lock' }], 'MyWindowsApp.exe', new Set());
    expect(ranked.map((c) => c.name)).toEqual(['MyWindowsApp\\lock\\app.lock']);
  });
});

describe('learning a locked-file guard', () => {
  it('closes the file only in the copy it started, never in an older program that has a file of that name open', async () => {
    const { os } = fakeWorld();
    const app = 'C:\\Weixin\\Weixin.exe';
    const own = lock('Users\\a\\AppData\\Roaming');
    // A likelier-looking mutex is closed first and dropped when minimising: the file is closed on two fresh copies.
    os.installProgram(app, { guards: [['File', own]], objects: [['Mutant', bno('Weixin_Instance_Noise')]] });
    const backup = os.addProcess({ ppid: 500, name: 'Backup.exe', path: null, handles: [{ typeName: 'File', name: lock('Backup') }] });
    const result = await learnGuards(os, app, undefined, timing);
    expect(result.ok && result.value.guards).toEqual([{ type: 'File', name: 'xwechat\\lock\\lock.ini' }]);
    expect(os.processes.get(backup.pid)?.handles).toHaveLength(1);
    expect(os.calls.some((c) => c.startsWith(`closeRemoteHandle ${backup.pid} `))).toBe(false);
    expect(os.processes.has(backup.pid)).toBe(true);
  });
});
