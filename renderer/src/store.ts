/**
 * The UI state, built by `createAppStore(api)` so tests pass a fake transport. Components select
 * narrowly from it; every engine call goes through `api.invoke` and errors stay values.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  CloseReport,
  EngineError,
  GuardSpec,
  GuardType,
  HandleRow,
  LaunchProgress,
  LaunchReport,
  LearnProgress,
  LearnReport,
  Preset,
  PresetView,
  ProcessRow,
  ShortcutResult,
  WatchState,
} from '../../core/model';
import { MAX_PRESET_DOCUMENT_CHARS, type HostInfo, type MultiopenApi } from '../../electron/shared/contract';

/** Columns the process table sorts by. */
export type ProcessSortKey = 'name' | 'pid' | 'path' | 'handleCount';
/** Handle type filter values. */
export const HANDLE_TYPE_FILTERS = ['All', 'Mutant', 'Event', 'Semaphore', 'Section', 'File'] as const;
/** A handle type filter value. */
export type HandleTypeFilter = (typeof HANDLE_TYPE_FILTERS)[number];
/** Guard-capable types offered when choosing what to close. */
export const GUARD_CHOICE_TYPES: GuardType[] = ['Mutant', 'Event', 'Semaphore', 'Section'];

/** What an action was about, so a notice can offer the right next step. */
export type ActionKind = 'processes' | 'handles' | 'close' | 'unlock' | 'launch' | 'presets' | 'find' | 'admin' | 'watch' | 'learn' | 'shortcut';

/** An error shown to the user, with what was being done. */
export interface Notice {
  kind: ActionKind;
  error: EngineError;
  /** Preset involved, for "edit the preset". */
  presetId?: string;
}

/** The result of the last close/unlock, shown per handle. */
export interface CloseResult {
  kind: 'close' | 'unlock';
  report: CloseReport;
}

/** State of the current or last launch. */
export interface LaunchState {
  launchId: string;
  busy: boolean;
  target: number;
  steps: LaunchProgress[];
  report: LaunchReport | null;
  error: EngineError | null;
}

/** State of the current or last guard learning run. */
export interface LearnState {
  learnId: string;
  path: string;
  busy: boolean;
  steps: LearnProgress[];
  report: LearnReport | null;
  error: EngineError | null;
}

/** State of the Find dialog. */
export interface FindState {
  open: boolean;
  match: string;
  type: HandleTypeFilter;
  busy: boolean;
  results: HandleRow[] | null;
  error: EngineError | null;
}

/** The outcome of the last presets import or export, shown in the presets panel. */
export type PresetTransfer =
  | { kind: 'imported'; saved: string[] }
  | { kind: 'exported'; count: number }
  /** `json`: not JSON; `shape`: JSON but not an object; `size`: too large; `engine`: refused (`field` names the bad one). */
  | { kind: 'import-failed'; reason: 'json' | 'shape' | 'size' | 'engine'; error?: EngineError; field?: string | null }
  | { kind: 'export-failed'; error: EngineError };

/** The field a PRESET_INVALID message starts with ("presets[0].guards[1].type: ..." → "presets[0].guards[1].type"). */
export function invalidField(message: string): string | null {
  const m = /^((?:[A-Za-z_$][\w$]*|\(root\))(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*): /.exec(message);
  return m ? m[1]! : null;
}

/** The whole UI state and its actions. */
export interface AppState {
  host: HostInfo | null;
  processes: ProcessRow[];
  processesBusy: boolean;
  processesLoadedAt: number | null;
  processFilter: string;
  sort: { key: ProcessSortKey; dir: 'asc' | 'desc' };
  autoRefreshSec: number;
  selectedPid: number | null;

  handles: HandleRow[];
  handlesPid: number | null;
  handlesBusy: boolean;
  handleType: HandleTypeFilter;
  handleSearch: string;
  /** Key ("pid:handle") of the focused handle row. */
  selectedHandle: string | null;

  presets: PresetView[];
  instances: number;
  notice: Notice | null;
  closeResult: CloseResult | null;
  launch: LaunchState | null;
  find: FindState;
  /** Auto-unlock watchers by preset id. */
  watches: Record<string, WatchState>;
  learn: LearnState | null;
  /** The shortcut written last, to confirm it to the user. */
  shortcut: ShortcutResult | null;
  /** The last presets import or export. */
  presetTransfer: PresetTransfer | null;

  init(): Promise<void>;
  refreshProcesses(): Promise<void>;
  setProcessFilter(text: string): void;
  setSort(key: ProcessSortKey): void;
  setAutoRefresh(sec: number): void;
  selectProcess(pid: number | null): Promise<void>;
  refreshHandles(): Promise<void>;
  setHandleType(type: HandleTypeFilter): void;
  setHandleSearch(text: string): void;
  selectHandle(key: string | null): void;
  /** Closes a handle; `seen` (type and name as listed) is re-checked by the engine before it closes. */
  closeHandle(pid: number, handle: string, seen?: { type: string; name: string | null }): Promise<CloseReport | null>;
  namedGuardHandles(pid: number): Promise<HandleRow[] | null>;
  unlock(target: { preset: string } | { exe: string; guards: GuardSpec[] }): Promise<CloseReport | null>;
  setInstances(n: number): void;
  launchInstances(target: { preset: string; path?: string } | { path: string; guards: GuardSpec[] }): Promise<LaunchReport | null>;
  loadPresets(): Promise<void>;
  savePreset(preset: Preset): Promise<PresetView | null>;
  removePreset(id: string): Promise<boolean>;
  /** Parses a presets file's text and imports it; returns the saved ids, or null (the reason is in `presetTransfer`). */
  importPresets(text: string): Promise<string[] | null>;
  /** The user presets as an export document, or null (the reason is in `presetTransfer`). */
  exportPresets(): Promise<{ schemaVersion: number; presets: Preset[] } | null>;
  dismissPresetTransfer(): void;
  openFind(open: boolean): void;
  runFind(match: string, type: HandleTypeFilter): Promise<void>;
  restartAsAdmin(): Promise<EngineError | null>;
  startWatch(preset: string, keep?: number): Promise<void>;
  pauseWatch(preset: string, paused: boolean): Promise<void>;
  stopWatch(preset: string): Promise<void>;
  learnGuards(path: string): Promise<LearnReport | null>;
  /** Forgets the last learning run unless it is still going. */
  dismissLearn(): void;
  createShortcut(preset: string, where: 'desktop' | 'startup'): Promise<ShortcutResult | null>;
  dismissShortcut(): void;
  dismissNotice(): void;
  dismissCloseResult(): void;
  dismissLaunch(): void;
}

/** The store type. */
export type AppStore = StoreApi<AppState>;

/** The guard name as presets hold it: the part after the last backslash. */
export function guardName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('\\') + 1);
}

/** The preset whose exe matches a process name (case-insensitive), user presets first. */
export function presetForProcess(presets: readonly PresetView[], processName: string): PresetView | undefined {
  const n = processName.toLowerCase();
  const matches = presets.filter((p) => p.exe.toLowerCase() === n);
  return matches.find((p) => p.origin === 'user') ?? matches[0];
}

/** Processes after the filter and sort. */
export function visibleProcesses(s: Pick<AppState, 'processes' | 'processFilter' | 'sort'>): ProcessRow[] {
  const q = s.processFilter.trim().toLowerCase();
  const rows = q
    ? s.processes.filter((p) => p.name.toLowerCase().includes(q) || String(p.pid) === q || (p.path ?? '').toLowerCase().includes(q))
    : [...s.processes];
  const { key, dir } = s.sort;
  const sign = dir === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
    return String(x ?? '').localeCompare(String(y ?? ''), undefined, { sensitivity: 'base' }) * sign || a.pid - b.pid;
  });
  return rows;
}

/** Handles after the type filter and name search. */
export function visibleHandles(s: Pick<AppState, 'handles' | 'handleType' | 'handleSearch'>): HandleRow[] {
  const q = s.handleSearch.trim().toLowerCase();
  if (s.handleType === 'All' && !q) return s.handles;
  return s.handles.filter((h) => (s.handleType === 'All' || h.type === s.handleType) && (!q || (h.name ?? '').toLowerCase().includes(q)));
}

let launchSeq = 0;

/** Creates the store over a transport. */
export function createAppStore(api: MultiopenApi): AppStore {
  let handlesRequest = 0;
  return createStore<AppState>()((set, get) => {
    const report = (kind: ActionKind, error: EngineError, presetId?: string) => set({ notice: { kind, error, ...(presetId ? { presetId } : {}) } });

    api.on('launch.progress', ({ launchId, progress }) => {
      const l = get().launch;
      if (!l || l.launchId !== launchId) return;
      set({ launch: { ...l, steps: [...l.steps, progress] } });
    });
    api.on('learn.progress', ({ learnId, progress }) => {
      const l = get().learn;
      if (!l || l.learnId !== learnId) return;
      set({ learn: { ...l, steps: [...l.steps, progress] } });
    });
    api.on('watch.event', (event) => {
      const cur = get().watches[event.presetId];
      if (event.kind === 'state') set({ watches: { ...get().watches, [event.presetId]: event.state } });
      else if (cur && event.kind === 'closed') set({ watches: { ...get().watches, [event.presetId]: { ...cur, closedCount: cur.closedCount + 1, lastFailure: null } } });
      else if (cur && event.kind === 'launched') set({ watches: { ...get().watches, [event.presetId]: { ...cur, launchedCount: cur.launchedCount + 1 } } });
      else if (cur && event.kind === 'failed') set({ watches: { ...get().watches, [event.presetId]: { ...cur, lastFailure: event.failure } } });
    });

    return {
      host: null,
      processes: [],
      processesBusy: false,
      processesLoadedAt: null,
      processFilter: '',
      sort: { key: 'name', dir: 'asc' },
      autoRefreshSec: 5,
      selectedPid: null,
      handles: [],
      handlesPid: null,
      handlesBusy: false,
      handleType: 'All',
      handleSearch: '',
      selectedHandle: null,
      presets: [],
      instances: 2,
      notice: null,
      closeResult: null,
      launch: null,
      find: { open: false, match: '', type: 'All', busy: false, results: null, error: null },
      watches: {},
      learn: null,
      shortcut: null,
      presetTransfer: null,

      async init() {
        const info = await api.invoke('app.info', {});
        if (info.ok) set({ host: info.value });
        await Promise.all([get().refreshProcesses(), get().loadPresets()]);
        const w = await api.invoke('watch.list', {});
        if (w.ok) set({ watches: Object.fromEntries(w.value.map((x) => [x.presetId, x])) });
      },

      async refreshProcesses() {
        set({ processesBusy: true });
        const r = await api.invoke('processes.list', {});
        if (!r.ok) {
          set({ processesBusy: false });
          return report('processes', r.error);
        }
        set({ processes: r.value, processesBusy: false, processesLoadedAt: Date.now() });
        const sel = get().selectedPid;
        // The selected process exited: keep its handles visible but say so only when acted on.
        if (sel !== null && !r.value.some((p) => p.pid === sel)) set({ selectedPid: null, handles: [], handlesPid: null });
      },

      setProcessFilter: (processFilter) => set({ processFilter }),
      setSort: (key) => {
        const cur = get().sort;
        set({ sort: { key, dir: cur.key === key && cur.dir === 'asc' ? 'desc' : 'asc' } });
      },
      setAutoRefresh: (autoRefreshSec) => set({ autoRefreshSec }),

      async selectProcess(pid) {
        if (pid === get().selectedPid && get().handlesPid === pid) return;
        set({ selectedPid: pid, handles: [], handlesPid: null, selectedHandle: null });
        const proc = get().processes.find((p) => p.pid === pid);
        const preset = proc ? presetForProcess(get().presets, proc.name) : undefined;
        if (preset?.instances) set({ instances: preset.instances });
        if (pid !== null) await get().refreshHandles();
      },

      async refreshHandles() {
        const pid = get().selectedPid;
        if (pid === null) return;
        const ticket = ++handlesRequest;
        set({ handlesBusy: true });
        const r = await api.invoke('handles.list', { pids: [pid] });
        // A later selection won the race; its answer is the one to show.
        if (ticket !== handlesRequest) return;
        if (!r.ok) {
          set({ handlesBusy: false, handles: [], handlesPid: pid });
          return report('handles', r.error);
        }
        set({ handles: r.value, handlesPid: pid, handlesBusy: false });
      },

      setHandleType: (handleType) => set({ handleType }),
      setHandleSearch: (handleSearch) => set({ handleSearch }),
      selectHandle: (selectedHandle) => set({ selectedHandle }),

      async closeHandle(pid, handle, seen) {
        const r = await api.invoke('handles.close', { pid, handle, ...(seen ? { type: seen.type, ...(seen.name !== null ? { name: seen.name } : {}) } : {}) });
        if (!r.ok) {
          report('close', r.error);
          return null;
        }
        set({ closeResult: { kind: 'close', report: r.value } });
        await get().refreshHandles();
        return r.value;
      },

      async namedGuardHandles(pid) {
        const r = await api.invoke('handles.list', { pids: [pid], types: GUARD_CHOICE_TYPES, namedOnly: true });
        if (!r.ok) {
          report('handles', r.error);
          return null;
        }
        return r.value;
      },

      async unlock(target) {
        const r = await api.invoke('guards.unlock', target);
        const presetId = 'preset' in target ? target.preset : undefined;
        if (!r.ok) {
          report('unlock', r.error, presetId);
          return null;
        }
        set({ closeResult: { kind: 'unlock', report: r.value } });
        const first = r.value.failed[0];
        if (r.value.closed.length === 0 && first) report('unlock', { code: first.code, message: first.message }, presetId);
        await get().refreshHandles();
        return r.value;
      },

      setInstances: (n) => set({ instances: Math.max(1, Math.min(64, Math.round(Number.isFinite(n) ? n : 1))) }),

      async launchInstances(target) {
        const count = get().instances;
        const launchId = `l${Date.now().toString(36)}${(++launchSeq).toString(36)}`;
        set({ launch: { launchId, busy: true, target: count, steps: [], report: null, error: null } });
        const r = await api.invoke('instances.launch', { target: { ...target, count }, launchId });
        const cur = get().launch;
        const presetId = 'preset' in target ? target.preset : undefined;
        if (!r.ok) {
          if (cur?.launchId === launchId) set({ launch: { ...cur, busy: false, error: r.error } });
          report('launch', r.error, presetId);
          return null;
        }
        if (cur?.launchId === launchId) set({ launch: { ...cur, busy: false, report: r.value } });
        await get().refreshProcesses();
        await get().refreshHandles();
        return r.value;
      },

      async loadPresets() {
        const r = await api.invoke('presets.list', {});
        if (!r.ok) return report('presets', r.error);
        set({ presets: r.value });
      },

      async savePreset(preset) {
        const r = await api.invoke('presets.save', preset);
        if (!r.ok) {
          report('presets', r.error, preset.id);
          return null;
        }
        await get().loadPresets();
        return r.value;
      },

      async removePreset(id) {
        const r = await api.invoke('presets.remove', { id });
        if (!r.ok) {
          report('presets', r.error, id);
          return false;
        }
        await get().loadPresets();
        return true;
      },

      async importPresets(text) {
        const failed = (reason: 'json' | 'shape' | 'size') => {
          set({ presetTransfer: { kind: 'import-failed', reason } });
          return null;
        };
        if (text.length > MAX_PRESET_DOCUMENT_CHARS) return failed('size');
        let document: unknown;
        try {
          document = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          return failed('json');
        }
        if (typeof document !== 'object' || document === null || Array.isArray(document)) return failed('shape');
        const r = await api.invoke('presets.import', { document: document as Record<string, unknown> });
        if (!r.ok) {
          const field = r.error.code === 'PRESET_INVALID' ? invalidField(r.error.message) : null;
          set({ presetTransfer: { kind: 'import-failed', reason: 'engine', error: r.error, field } });
          return null;
        }
        set({ presetTransfer: { kind: 'imported', saved: r.value.saved } });
        await get().loadPresets();
        return r.value.saved;
      },

      async exportPresets() {
        const r = await api.invoke('presets.export', {});
        if (!r.ok) {
          set({ presetTransfer: { kind: 'export-failed', error: r.error } });
          return null;
        }
        set({ presetTransfer: { kind: 'exported', count: r.value.presets.length } });
        return r.value;
      },
      dismissPresetTransfer: () => set({ presetTransfer: null }),

      openFind: (open) => set({ find: { ...get().find, open } }),

      async runFind(match, type) {
        set({ find: { ...get().find, match, type, busy: true, error: null } });
        const r = await api.invoke('handles.list', {
          ...(match.trim() ? { match: match.trim() } : {}),
          ...(type === 'All' ? {} : { types: [type] }),
          namedOnly: true,
        });
        set({ find: { ...get().find, busy: false, results: r.ok ? r.value : null, error: r.ok ? null : r.error } });
      },

      async restartAsAdmin() {
        const r = await api.invoke('app.restartAsAdmin', {});
        if (r.ok) return null;
        return r.error;
      },

      async startWatch(preset, keep) {
        const r = await api.invoke('watch.start', { preset, ...(keep ? { keep } : {}) });
        if (!r.ok) return report('watch', r.error, preset);
        set({ watches: { ...get().watches, [r.value.presetId]: r.value } });
      },

      async pauseWatch(preset, paused) {
        const r = await api.invoke('watch.pause', { preset, paused });
        if (!r.ok) return report('watch', r.error, preset);
        set({ watches: { ...get().watches, [r.value.presetId]: r.value } });
      },

      async stopWatch(preset) {
        const r = await api.invoke('watch.stop', { preset });
        const { [preset]: _gone, ...rest } = get().watches;
        // NOT_RUNNING means it had already stopped: the switch should show off either way.
        set({ watches: rest });
        if (!r.ok && r.error.code !== 'NOT_RUNNING') report('watch', r.error, preset);
      },

      async learnGuards(path) {
        const learnId = `g${Date.now().toString(36)}${(++launchSeq).toString(36)}`;
        set({ learn: { learnId, path, busy: true, steps: [], report: null, error: null } });
        const r = await api.invoke('guards.learn', { path, learnId });
        const cur = get().learn;
        if (cur?.learnId !== learnId) return r.ok ? r.value : null;
        set({ learn: { ...cur, busy: false, report: r.ok ? r.value : null, error: r.ok ? null : r.error } });
        return r.ok ? r.value : null;
      },

      dismissLearn: () => {
        if (!get().learn?.busy) set({ learn: null });
      },

      async createShortcut(preset, where) {
        const r = await api.invoke('shortcuts.create', { preset, where, count: get().instances });
        if (!r.ok) {
          report('shortcut', r.error, preset);
          return null;
        }
        set({ shortcut: r.value });
        return r.value;
      },
      dismissShortcut: () => set({ shortcut: null }),

      dismissNotice: () => set({ notice: null }),
      dismissCloseResult: () => set({ closeResult: null }),
      dismissLaunch: () => set({ launch: null }),
    };
  });
}
