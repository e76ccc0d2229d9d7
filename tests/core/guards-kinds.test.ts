/** The guard kinds beyond mutexes and events: Timer, Job, ALPC Port, and Pipe (a File object in the named-pipe device). */
import { describe, expect, it } from 'vitest';
import { guardMatches, normalizeGuardType, parseGuardSpec } from '../../core/guards';
import { closeRefusal, findHandles } from '../../core/handles';
import { learnGuards, rankCandidates } from '../../core/learn';
import { unlockApp } from '../../core/unlock';
import { bno, fakeWorld } from './fake-world';

const PIPE = '\\Device\\NamedPipe\\MyApp_Single';

describe('guard kinds', () => {
  it('parses every kind, with aliases, and a pipe however it is written', () => {
    expect(['Timer', 'waitabletimer', 'Job', 'jobobject', 'Pipe', 'namedpipe', 'ALPC Port', 'alpc'].map(normalizeGuardType)).toEqual(['Timer', 'Timer', 'Job', 'Job', 'Pipe', 'Pipe', 'ALPC Port', 'ALPC Port']);
    expect(parseGuardSpec('Pipe:\\\\.\\pipe\\MyApp_Single')).toEqual({ type: 'Pipe', name: 'MyApp_Single' });
    expect(parseGuardSpec(`Pipe:${PIPE}`)).toEqual({ type: 'Pipe', name: 'MyApp_Single' });
    expect(parseGuardSpec('Pipe:\\\\.\\pipe\\')).toMatch(/empty pipe name/);
    expect(parseGuardSpec('ALPC Port:\\RPC Control\\MyAppPort')).toEqual({ type: 'ALPC Port', name: '\\RPC Control\\MyAppPort' });
  });

  it('matches a pipe by pipe name, case-insensitively, and only in the named-pipe device', () => {
    const g = { type: 'Pipe' as const, name: 'myapp_single' };
    expect(guardMatches(g, 'File', PIPE)).toBe(true);
    expect(guardMatches(g, 'Pipe', PIPE)).toBe(true);
    expect(guardMatches(g, 'File', '\\Device\\HarddiskVolume3\\MyApp_Single')).toBe(false);
    expect(guardMatches(g, 'Mutant', bno('MyApp_Single'))).toBe(false);
    expect(guardMatches({ type: 'File', name: 'NamedPipe\\MyApp_Single' }, 'File', PIPE)).toBe(true);
    expect(guardMatches({ type: 'Timer', name: 'T' }, 'Timer', bno('T'))).toBe(true);
    expect(guardMatches({ type: 'Job', name: 'T' }, 'Timer', bno('T'))).toBe(false);
    expect(guardMatches({ type: 'ALPC Port', name: 'MyAppPort' }, 'ALPC Port', '\\RPC Control\\MyAppPort')).toBe(true);
  });

  it('matches an object in a private namespace by its own name, whatever prefix the kernel reports', () => {
    expect(guardMatches({ type: 'Mutant', name: 'MultiopenTest_PrivateMutex' }, 'Mutant', '\\ab12cd\\MultiopenTest_NS\\MultiopenTest_PrivateMutex')).toBe(true);
  });

  it('lists pipes as Pipe, keeps them under --type File, narrows --type Pipe to pipes, and closes one named as Pipe', async () => {
    const { os } = fakeWorld();
    const app = os.addProcess({ ppid: 500, name: 'MyApp.exe', path: 'C:\\MyApp\\MyApp.exe', handles: [{ typeName: 'File', name: PIPE }, { typeName: 'File', name: '\\Device\\HarddiskVolume3\\MyApp\\data.db' }] });
    const pipes = await findHandles(os, { pids: [app.pid], types: ['Pipe'] });
    expect(pipes.ok && pipes.value.map((h) => [h.type, h.name])).toEqual([['Pipe', PIPE]]);
    const files = await findHandles(os, { pids: [app.pid], types: ['File'] });
    expect(files.ok && files.value.map((h) => h.type)).toEqual(['Pipe', 'File']);
    expect(closeRefusal({ typeName: 'Pipe', name: PIPE }, { typeName: 'File', name: PIPE, attributes: 0 })).toBeNull();
    expect(closeRefusal({ typeName: 'Pipe', name: PIPE }, { typeName: 'File', name: '\\Device\\HarddiskVolume3\\x', attributes: 0 })).toMatchObject({ kind: 'changed' });
    const unlocked = await unlockApp(os, 'MyApp.exe', [{ type: 'Pipe', name: 'MyApp_Single' }]);
    expect(unlocked.ok && unlocked.value).toMatchObject({ failed: [], closed: [{ type: 'Pipe', name: PIPE }] });
  });

  it('ranks every kind, and names that carry their holder\'s PID last', () => {
    const ranked = rankCandidates(
      [
        { typeName: 'File', name: '\\Device\\NamedPipe\\instance.4312.lock', pid: 4312 },
        { typeName: 'File', name: PIPE, pid: 4312 },
        { typeName: 'Timer', name: bno('MyApp_Timer'), pid: 4312 },
        { typeName: 'Job', name: bno('MyApp_Job'), pid: 4312 },
      ],
      'MyApp.exe',
      new Set(),
    );
    expect(ranked.map((c) => `${c.type}:${c.name}`)).toEqual(['Pipe:MyApp_Single', 'Job:MyApp_Job', 'Timer:MyApp_Timer', 'Pipe:instance.4312.lock']);
  });

  it('learns a pipe guard and a timer guard', async () => {
    const timing = { settleMs: 30, pollMs: 5, totalMs: 5_000 };
    for (const [typeName, name, expected] of [
      ['File', PIPE, { type: 'Pipe', name: 'MyApp_Single' }],
      ['Timer', bno('MyApp_Timer'), { type: 'Timer', name: 'MyApp_Timer' }],
    ] as const) {
      const { os } = fakeWorld();
      os.installProgram('C:\\MyApp\\MyApp.exe', { guards: [[typeName, name]], objects: [['Event', bno('Noise')]] });
      const learned = await learnGuards(os, 'C:\\MyApp\\MyApp.exe', undefined, timing);
      expect(learned.ok && learned.value.guards).toEqual([expected]);
    }
  });
});
