import { describe, expect, it } from 'vitest';
import { createAppStore, filterHandles, handleSearchKeys, presetForProcess, visibleProcesses } from '../../renderer/src/store';
import { createFakeApi } from './fake-api';

describe('createAppStore', () => {
  it('loads processes and presets, then the handles of the selected process', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().init();
    const s = store.getState();
    expect(s.processes.map((p) => p.name)).toContain('WeChat.exe');
    expect(s.presets.map((p) => p.id)).toContain('wechat');
    await s.selectProcess(4321);
    expect(api.callsOf('handles.list')).toEqual([{ pids: [4321] }]);
    expect(store.getState().handles.some((h) => h.name?.endsWith('_WeChat_App_Instance_Identity_Mutex_Name'))).toBe(true);
  });

  it('unlocks by preset and records the per-handle report', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().init();
    await store.getState().selectProcess(4321);
    const report = await store.getState().unlock({ preset: 'wechat' });
    expect(api.callsOf('guards.unlock')).toEqual([{ preset: 'wechat' }]);
    // The catalog's preset names the identity mutex and an optional second one; the running copy holds both.
    expect(report?.closed.map((c) => c.name)).toEqual([expect.stringMatching(/\\_WeChat_App_Instance_Identity_Mutex_Name$/), expect.stringMatching(/\\WeChat_GlobalConfig_Multi_Process_Mutex$/)]);
    expect(store.getState().closeResult?.report.closed[0]?.name).toContain('_WeChat_App_Instance_Identity_Mutex_Name');
    // The pane was refreshed after the close: the mutex is gone from it.
    expect(store.getState().handles.some((h) => h.name?.endsWith('_WeChat_App_Instance_Identity_Mutex_Name'))).toBe(false);
  });

  it('launches the chosen count and collects progress events for that launch only', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().init();
    store.getState().setInstances(3);
    const report = await store.getState().launchInstances({ preset: 'wechat' });
    const sent = api.callsOf('instances.launch')[0] as { target: { count: number; preset: string }; launchId: string };
    expect(sent.target).toEqual({ preset: 'wechat', count: 3 });
    expect(report?.running).toBe(3);
    const launch = store.getState().launch!;
    expect(launch.busy).toBe(false);
    expect(launch.steps.filter((p) => p.step === 'launched')).toHaveLength(2);
    expect(store.getState().processes.filter((p) => p.name === 'WeChat.exe')).toHaveLength(3);
  });

  it('keeps an engine error as a notice with what was being done', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    api.failWith('guards.unlock', { code: 'ACCESS_DENIED', message: 'denied', status: '0xC0000022' });
    expect(await store.getState().unlock({ preset: 'wechat' })).toBeNull();
    expect(store.getState().notice).toEqual({ kind: 'unlock', presetId: 'wechat', error: { code: 'ACCESS_DENIED', message: 'denied', status: '0xC0000022' } });
  });

  it('turns an unlock that closed nothing into a GUARD_NOT_FOUND notice', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().init();
    await store.getState().unlock({ preset: 'wechat' });
    await store.getState().unlock({ preset: 'wechat' });
    expect(store.getState().notice?.error.code).toBe('GUARD_NOT_FOUND');
  });

  it('saves and removes user presets and reloads the list', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().init();
    await store.getState().savePreset({ id: 'notepad', name: 'Notepad', exe: 'notepad.exe', guards: [{ type: 'Mutant', name: 'NotepadSingleton' }] });
    expect(store.getState().presets.find((p) => p.id === 'notepad')?.origin).toBe('user');
    expect(await store.getState().removePreset('notepad')).toBe(true);
    expect(store.getState().presets.some((p) => p.id === 'notepad')).toBe(false);
    expect(await store.getState().removePreset('wechat')).toBe(false);
    expect(store.getState().notice?.error.code).toBe('PRESET_BUILTIN');
  });

  it('refuses a payload the contract rejects, as a USAGE value', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().savePreset({ id: 'Bad Id', name: 'x', exe: 'x.exe', guards: [] });
    expect(store.getState().notice?.error.code).toBe('USAGE');
  });

  it('finds handles across processes by name and type', async () => {
    const api = createFakeApi();
    const store = createAppStore(api);
    await store.getState().runFind('Instance_Identity', 'Mutant');
    expect(api.callsOf('handles.list')).toEqual([{ match: 'Instance_Identity', types: ['Mutant'], namedOnly: true }]);
    expect(store.getState().find.results?.map((h) => h.process)).toEqual(['WeChat.exe']);
  });
});

describe('selectors', () => {
  it('matches presets to processes case-insensitively, user presets first', () => {
    const presets = [
      { id: 'a', name: 'A', exe: 'WeChat.exe', guards: [], origin: 'builtin' as const },
      { id: 'b', name: 'B', exe: 'wechat.EXE', guards: [], origin: 'user' as const },
    ];
    expect(presetForProcess(presets, 'WECHAT.exe')?.id).toBe('b');
    expect(presetForProcess(presets, 'other.exe')).toBeUndefined();
  });

  it('filters and sorts processes and handles', () => {
    const base = { ppid: 0, sessionId: 1, path: null };
    const processes = [
      { ...base, pid: 3, name: 'b.exe', handleCount: 5 },
      { ...base, pid: 1, name: 'a.exe', handleCount: 9 },
    ];
    expect(visibleProcesses({ processes, processFilter: '', sort: { key: 'handleCount', dir: 'desc' } }).map((p) => p.pid)).toEqual([1, 3]);
    expect(visibleProcesses({ processes, processFilter: 'B.E', sort: { key: 'name', dir: 'asc' } }).map((p) => p.pid)).toEqual([3]);
    const h = { pid: 1, process: 'a', access: '0x1', protected: false };
    const handles = [
      { ...h, handle: '0x4', type: 'Mutant', name: '\\X\\Foo' },
      { ...h, handle: '0x8', type: 'Event', name: '\\X\\foo2' },
    ];
    const keys = handleSearchKeys(handles);
    expect(filterHandles(handles, keys, 'Mutant', '')).toHaveLength(1);
    expect(filterHandles(handles, keys, 'All', 'FOO2').map((x) => x.handle)).toEqual(['0x8']);
  });
});
