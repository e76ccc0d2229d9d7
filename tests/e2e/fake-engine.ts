/**
 * An in-memory `EngineApi` for UI work and component tests: a handful of processes (WeChat with its
 * mutex, WXWork, a process with many handles), built-in presets, and launches that spawn fake PIDs.
 */
import type {
  CloseReport,
  EngineApi,
  GuardSpec,
  HandleRow,
  LaunchProgress,
  Outcome,
  Preset,
  PresetView,
  ProcessRow,
  WatchEvent,
  WatchState,
} from '../../core/model';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { importPresetsReviewed, reviewImport } from '../../core/presets/import-review';
import { PresetStore } from '../../core/presets/store';

interface FakeHandle extends Omit<HandleRow, 'pid' | 'process'> {
  guardOf?: string;
}
interface FakeProc extends ProcessRow {
  handles: FakeHandle[];
}

/** Options of the fake engine. */
export interface FakeEngineOptions {
  /** Handles given to "chrome.exe" (to try virtualization). */
  bigHandleCount?: number;
  /** Delay of each launch step, ms. */
  stepMs?: number;
  /** Called when user presets change (persistence in the dev server). */
  onPresetsChanged?: (presets: Preset[]) => void;
  userPresets?: Preset[];
  /** Receives auto-unlock watcher events. */
  onWatchEvent?: (event: WatchEvent) => void;
}

const BNO = '\\Sessions\\1\\BaseNamedObjects\\';

/** Built-in presets of the fake catalog. */
export const FAKE_BUILTINS: PresetView[] = [
  {
    id: 'wechat', name: 'WeChat', exe: 'WeChat.exe', origin: 'builtin', confidence: 'high', instances: 2,
    guards: [{ type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' }],
    path: 'C:\\Program Files (x86)\\Tencent\\WeChat\\WeChat.exe', versions: '3.x', source: 'anhkgg/SuperWeChatPC #6 #50; Hailey2022/multi-wechat-rs',
  },
  {
    id: 'wxwork', name: 'WeCom', exe: 'WXWork.exe', origin: 'builtin', confidence: 'medium',
    guards: [{ type: 'Mutant', name: 'Tencent.WeWork.ExclusiveObject' }, { type: 'Mutant', name: 'Tencent.WeWork.ExclusiveObjectInstance1', optional: true }],
  },
  {
    id: 'dingtalk', name: 'DingTalk', exe: 'DingTalk.exe', origin: 'builtin', confidence: 'high',
    guards: [{ type: 'Mutant', name: '{{239B7D43-86D5-4E5C-ADE6-CEC42155B475}}DingTalk' }],
  },
  {
    id: 'weixin41', name: 'Weixin 4.1', exe: 'Weixin.exe', origin: 'builtin', confidence: 'low',
    guards: [{ type: 'Mutant', name: 'XWeChat_App_Instance_Identity_Mutex_Name' }],
  },
  {
    id: 'roblox', name: 'Roblox', exe: 'RobloxPlayerBeta.exe', origin: 'builtin', confidence: 'high', strategy: 'preclaim',
    guards: [{ type: 'Event', name: 'ROBLOX_singletonEvent' }], preclaim: [{ type: 'Mutant', name: 'ROBLOX_singletonEvent' }],
    versions: '2024-2025 clients', source: 'Zgoly/MultiBloxy; bloxstrap #6054 #4221',
  },
  {
    id: 'telegram', name: 'Telegram Desktop', exe: 'Telegram.exe', origin: 'builtin', confidence: 'high', guards: [],
    args: ['-many', '-workdir', '{dir}'], instanceDir: '%LOCALAPPDATA%\\Multiopen\\Telegram\\{index}', source: 'telegramdesktop/tdesktop #533 #10571',
  },
];

const lastPart = (name: string) => name.slice(name.lastIndexOf('\\') + 1);
const hex = (n: number) => `0x${n.toString(16)}`;

/** Creates the fake engine. */
export function createFakeEngine(options: FakeEngineOptions = {}): EngineApi & { processes: FakeProc[] } {
  const stepMs = options.stepMs ?? 250;
  let nextPid = 9000;
  // The real preset store (validation, the safety rule, import review, trust) in a folder of its own.
  const store = new PresetStore(fs.mkdtempSync(nodePath.join(os.tmpdir(), 'multiopen-fake-presets-')), FAKE_BUILTINS.map(({ origin: _origin, ...p }) => p));
  if (options.userPresets?.length) store.save(options.userPresets);
  const changed = () => {
    const user = store.readUser();
    if (user.ok) options.onPresetsChanged?.(user.value);
  };
  const valueOr = <T>(outcome: Outcome<T>, fallback: T): T => (outcome.ok ? outcome.value : fallback);

  const mkHandles = (guards: { type: string; name: string }[], extra: number): FakeHandle[] => {
    const hs: FakeHandle[] = [];
    let h = 4;
    for (const g of guards) hs.push({ handle: hex((h += 4)), type: g.type, name: BNO + g.name, access: '0x1f0001', protected: false, guardOf: g.name });
    const types = ['File', 'Event', 'Key', 'Thread', 'Section', 'Semaphore', 'Mutant', 'ALPC Port'];
    for (let i = 0; i < extra; i++) {
      const type = types[i % types.length]!;
      const name = type === 'File' ? `\\Device\\HarddiskVolume3\\Users\\me\\AppData\\file${i}.dat` : type === 'Key' ? `\\REGISTRY\\USER\\S-1-5-21\\Software\\k${i}` : i % 3 === 0 ? '' : `${BNO}obj_${type}_${i}`;
      hs.push({ handle: hex((h += 4)), type, name, access: type === 'File' ? '0x120089' : '0x1f0003', protected: i === 7 });
    }
    return hs;
  };
  const proc = (pid: number, name: string, path: string | null, handles: FakeHandle[], ppid = 1200): FakeProc => ({
    pid, ppid, name, path, sessionId: 1, handleCount: handles.length, handles,
  });
  const wechatGuard = { type: 'Mutant', name: '_WeChat_App_Instance_Identity_Mutex_Name' };
  const processes: FakeProc[] = [
    proc(4, 'System', null, [], 0),
    proc(1200, 'explorer.exe', 'C:\\Windows\\explorer.exe', mkHandles([], 40), 1100),
    proc(4321, 'WeChat.exe', 'C:\\Program Files (x86)\\Tencent\\WeChat\\WeChat.exe', mkHandles([wechatGuard, { type: 'Mutant', name: 'WeChat_GlobalConfig_Multi_Process_Mutex' }], 60)),
    proc(5120, 'WXWork.exe', 'C:\\Program Files (x86)\\WXWork\\WXWork.exe', mkHandles([{ type: 'Mutant', name: 'Tencent.WeWork.ExclusiveObject' }], 30)),
    proc(6000, 'chrome.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', mkHandles([], options.bigHandleCount ?? 2000)),
    proc(6100, 'notepad.exe', 'C:\\Windows\\System32\\notepad.exe', mkHandles([{ type: 'Mutant', name: 'NotepadSingleton' }], 12)),
    proc(7000, 'svchost.exe', null, mkHandles([], 25), 600),
  ];
  const presetsView = (): PresetView[] => valueOr(store.list(), []);
  const findPreset = (id: string) => presetsView().find((p) => p.id === id);
  const watches = new Map<string, WatchState>();
  const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const closeGuards = (exe: string, guards: GuardSpec[]): CloseReport => {
    const report: CloseReport = { closed: [], failed: [] };
    for (const p of processes.filter((x) => x.name.toLowerCase() === exe.toLowerCase())) {
      for (const g of guards) {
        const idx = p.handles.findIndex((h) => h.type === g.type && h.name !== null && lastPart(h.name) === g.name);
        if (idx < 0) continue;
        const [h] = p.handles.splice(idx, 1);
        p.handleCount = p.handles.length;
        report.closed.push({ pid: p.pid, handle: h!.handle, type: h!.type, name: h!.name ?? '' });
      }
    }
    return report;
  };

  const engine: EngineApi & { processes: FakeProc[] } = {
    processes,
    async listProcesses(query) {
      const q = query?.name?.toLowerCase();
      return ok(processes.filter((p) => !q || p.name.toLowerCase().includes(q)).map(({ handles: _h, ...row }) => row));
    },
    async listHandles(query) {
      const rows: HandleRow[] = [];
      const exes = query.exes?.map((e) => e.toLowerCase());
      const match = query.match?.toLowerCase();
      for (const p of processes) {
        if (query.pids && !query.pids.includes(p.pid)) continue;
        if (exes && !exes.includes(p.name.toLowerCase())) continue;
        for (const h of p.handles) {
          if (query.types && !query.types.includes(h.type)) continue;
          if (query.namedOnly && !h.name) continue;
          if (match && !(h.name ?? '').toLowerCase().includes(match)) continue;
          rows.push({ pid: p.pid, process: p.name, handle: h.handle, type: h.type, name: h.name, access: h.access, protected: h.protected });
        }
      }
      if (query.pids && query.pids.length === 1 && !processes.some((p) => p.pid === query.pids![0])) {
        return { ok: false, error: { code: 'PROCESS_GONE', message: `process ${query.pids[0]} is gone` } };
      }
      return ok(rows);
    },
    async closeHandle({ pid, handle }) {
      const p = processes.find((x) => x.pid === pid);
      if (!p) return ok({ closed: [], failed: [{ pid, handle, code: 'PROCESS_GONE', message: 'process exited' }] });
      if (p.name === 'svchost.exe') return ok({ closed: [], failed: [{ pid, handle, code: 'ACCESS_DENIED', message: 'access denied', status: '0xC0000022' }] });
      const idx = p.handles.findIndex((h) => h.handle === handle);
      if (idx < 0) return ok({ closed: [], failed: [{ pid, handle, code: 'HANDLE_GONE', message: 'handle gone' }] });
      if (p.handles[idx]!.protected) return ok({ closed: [], failed: [{ pid, handle, code: 'PROTECTED_HANDLE', message: 'protected' }] });
      const [h] = p.handles.splice(idx, 1);
      p.handleCount = p.handles.length;
      return ok({ closed: [{ pid, handle, type: h!.type, name: h!.name ?? '' }], failed: [] });
    },
    async unlock(target) {
      if ('preset' in target) {
        const preset = findPreset(target.preset);
        if (!preset) return { ok: false, error: { code: 'PRESET_NOT_FOUND', message: `no preset ${target.preset}` } };
        const report = closeGuards(preset.exe, preset.guards);
        if (report.closed.length === 0) {
          const running = processes.some((p) => p.name.toLowerCase() === preset.exe.toLowerCase());
          report.failed.push({ pid: null, handle: null, code: running ? 'GUARD_NOT_FOUND' : 'NOT_RUNNING', message: running ? 'guard not found' : 'not running' });
        }
        return ok(report);
      }
      return ok(closeGuards(target.exe, target.guards));
    },
    async launch(target, onProgress) {
      const preset = 'preset' in target ? findPreset(target.preset) : undefined;
      if ('preset' in target && !preset) return { ok: false, error: { code: 'PRESET_NOT_FOUND', message: `no preset ${target.preset}` } };
      if (preset?.untrusted) {
        if (!target.confirmed) return { ok: false, error: { code: 'PRESET_UNTRUSTED', message: `preset "${preset.id}" was imported or edited; confirm its first launch` } };
        store.trust.confirm(preset);
      }
      const path = ('path' in target && target.path) || preset?.path;
      if (!path) return { ok: false, error: { code: 'EXE_NOT_FOUND', message: 'executable not found' } };
      const exe = path.slice(path.lastIndexOf('\\') + 1);
      const guards = preset?.guards ?? ('guards' in target ? target.guards : []);
      const emit = (p: LaunchProgress) => onProgress?.(p);
      const running = () => processes.filter((p) => p.name.toLowerCase() === exe.toLowerCase()).length;
      emit({ step: 'unlocking', running: running(), target: target.count });
      const report = { launched: [] as { pid: number }[], running: 0, exe: path, closed: closeGuards(exe, guards).closed, failed: [] as CloseReport['failed'] };
      let index = 0;
      while (running() < target.count) {
        index++;
        emit({ step: 'launching', index, target: target.count });
        await sleep(stepMs);
        const pid = nextPid++;
        processes.push(proc(pid, exe, path, mkHandles(guards, 20)));
        emit({ step: 'waiting-guard', index, pid });
        await sleep(stepMs);
        report.closed.push(...closeGuards(exe, guards).closed);
        emit({ step: 'launched', index, pid });
        report.launched.push({ pid });
      }
      report.running = running();
      return ok(report);
    },
    async listPresets() {
      return ok(presetsView());
    },
    async savePreset(preset) {
      const saved = store.save([preset]);
      if (!saved.ok) return saved;
      changed();
      return ok(findPreset(preset.id)!);
    },
    async reviewImport(document) {
      return reviewImport(store, document);
    },
    async importPresets(document, importOptions) {
      const saved = importPresetsReviewed(store, document, importOptions?.confirmed === true);
      if (saved.ok) changed();
      return saved;
    },
    async exportPresets() {
      return store.exportDocument();
    },
    async learn({ path }, onProgress) {
      const exe = path.slice(path.lastIndexOf('\\') + 1);
      const p = processes.find((x) => x.path === path) ?? processes.find((x) => x.name.toLowerCase() === exe.toLowerCase());
      const named = (p?.handles ?? []).filter((h) => h.name && ['Mutant', 'Event', 'Semaphore', 'Section'].includes(h.type));
      onProgress?.({ step: 'starting', what: 'first' });
      await sleep(stepMs);
      onProgress?.({ step: 'collected', candidates: named.length });
      const candidates = named.map((h, i) => ({ type: h.type as GuardSpec['type'], name: lastPart(h.name!), fullName: h.name!, score: h.type === 'Mutant' ? 10 - i : 1 }));
      const guard = candidates.find((c) => c.type === 'Mutant');
      if (guard) onProgress?.({ step: 'minimizing', guard });
      await sleep(stepMs);
      return ok({ exe, path, guards: guard ? [{ type: guard.type, name: guard.name }] : [], multiInstanceByItself: !guard, candidates, trials: candidates.length, durationMs: stepMs * 2, notes: [] });
    },
    async startWatch({ preset: id, keep }) {
      const preset = findPreset(id);
      if (!preset) return { ok: false, error: { code: 'PRESET_NOT_FOUND', message: `no preset ${id}` } };
      // As the engine: keeping copies running starts them unattended, so only a confirmed preset may.
      if (keep !== undefined && preset.untrusted) return { ok: false, error: { code: 'PRESET_UNTRUSTED', message: `preset "${preset.id}" was imported or edited; confirm its first launch` } };
      const state: WatchState = { presetId: preset.id, exe: preset.exe, keep: keep ?? null, paused: false, running: processes.filter((p) => p.name.toLowerCase() === preset.exe.toLowerCase()).length, closedCount: 0, launchedCount: 0, lastFailure: null };
      const report = closeGuards(preset.exe, preset.guards);
      state.closedCount = report.closed.length;
      watches.set(preset.id, state);
      options.onWatchEvent?.({ kind: 'state', presetId: preset.id, state: { ...state } });
      return ok({ ...state });
    },
    async setWatchPaused({ preset, paused }) {
      const state = watches.get(preset);
      if (!state) return { ok: false, error: { code: 'NOT_RUNNING', message: 'no watcher' } };
      state.paused = paused;
      options.onWatchEvent?.({ kind: 'state', presetId: preset, state: { ...state } });
      return ok({ ...state });
    },
    async stopWatch({ preset }) {
      if (!watches.delete(preset)) return { ok: false, error: { code: 'NOT_RUNNING', message: 'no watcher' } };
      return ok({ stopped: preset });
    },
    async listWatches() {
      return ok([...watches.values()].map((w) => ({ ...w })));
    },
    async createShortcut({ preset, count, where }) {
      if (!findPreset(preset)) return { ok: false, error: { code: 'PRESET_NOT_FOUND', message: `no preset ${preset}` } };
      const dir = where === 'desktop' ? 'C:\\Users\\me\\Desktop' : typeof where === 'string' ? 'C:\\Users\\me\\Startup' : where.file;
      return ok({ file: `${dir}\\${preset}.lnk`, target: 'C:\\Multiopen\\Multiopen.exe', args: ['--launch', preset, '-n', String(count)] });
    },
    async removePreset(id) {
      const removed = store.remove(id);
      if (removed.ok) changed();
      return removed;
    },
  };
  return engine;
}
