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
  LearnProgress,
  LearnReport,
  Preset,
  PresetView,
  ProcessRow,
  ShortcutResult,
} from '../../core/model';
import type { MultiopenApi, ResponseOf } from '../../electron/shared/contract';
import { DEFAULT_INSTANCES, MAX_INSTANCES } from '../../core/policy';
import { createCheckSlice, type CheckSlice } from './store/check';
import { createPresetTransferSlice, type PresetTransferSlice } from './store/import-review';
import { createLaunchSlice, nextRunId, type LaunchSlice } from './store/launch';
import { createWatchSlice, type WatchSlice } from './store/watch';
import { createCopiesSlice, type CopiesSlice } from './store/copies';

export { invalidField, type ImportReviewState, type PresetTransfer } from './store/import-review';
export type { LaunchConfirmation, LaunchRequest, LaunchState } from './store/launch';
export type { CheckState } from './store/check';
export { copiesOf, type StillRunning } from './store/copies';

/** Columns the process table sorts by. */
export type ProcessSortKey = 'name' | 'pid' | 'path' | 'handleCount';
/** Handle type filter values. */
export const HANDLE_TYPE_FILTERS = ['All', 'Mutant', 'Event', 'Semaphore', 'Section', 'File'] as const;
/** A handle type filter value. */
export type HandleTypeFilter = (typeof HANDLE_TYPE_FILTERS)[number];
/** Guard-capable types offered when choosing what to close. */
export const GUARD_CHOICE_TYPES: GuardType[] = ['Mutant', 'Event', 'Semaphore', 'Section'];

/** What an action was about, so a notice can offer the right next step. */
export type ActionKind = 'processes' | 'handles' | 'close' | 'unlock' | 'launch' | 'presets' | 'find' | 'admin' | 'watch' | 'learn' | 'shortcut' | 'copies';

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

/** The whole UI state and its actions (launching, watchers and import/export live in their slices). */
export interface AppState extends LaunchSlice, WatchSlice, PresetTransferSlice, CheckSlice, CopiesSlice {
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
  find: FindState;
  learn: LearnState | null;
  /** The shortcut written last, to confirm it to the user. */
  shortcut: ShortcutResult | null;

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
  loadPresets(): Promise<void>;
  savePreset(preset: Preset): Promise<PresetView | null>;
  removePreset(id: string): Promise<boolean>;
  openFind(open: boolean): void;
  runFind(match: string, type: HandleTypeFilter): Promise<void>;
  /** Asks the host to restart elevated; the answer says whether the elevated copy runs as another account, or why it failed. */
  restartAsAdmin(): Promise<ResponseOf<'app.restartAsAdmin'>>;
  /** Asks the host to open the log folder; the browser mode answers only where it is. */
  openLogFolder(): Promise<ResponseOf<'app.openLogFolder'>>;
  learnGuards(path: string): Promise<LearnReport | null>;
  /** Forgets the last learning run unless it is still going. */
  dismissLearn(): void;
  createShortcut(preset: string, where: 'desktop' | 'startup'): Promise<ShortcutResult | null>;
  dismissShortcut(): void;
  dismissNotice(): void;
  dismissCloseResult(): void;
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

/** The lower-cased names the handle search compares with, computed once per handle list (filtering 100,000 rows on each keystroke). */
export function handleSearchKeys(handles: readonly HandleRow[]): string[] {
  return handles.map((h) => (h.name ?? '').toLowerCase());
}

/** Handles after the type filter and the name search (`keys` from `handleSearchKeys` of the same list). */
export function filterHandles(handles: HandleRow[], keys: readonly string[], handleType: HandleTypeFilter, handleSearch: string): HandleRow[] {
  const q = handleSearch.trim().toLowerCase();
  if (handleType === 'All' && !q) return handles;
  const out: HandleRow[] = [];
  for (let i = 0; i < handles.length; i++) {
    const h = handles[i]!;
    if ((handleType === 'All' || h.type === handleType) && (!q || keys[i]!.includes(q))) out.push(h);
  }
  return out;
}

/** Creates the store over a transport. */
export function createAppStore(api: MultiopenApi): AppStore {
  let handlesRequest = 0;
  return createStore<AppState>()((set, get) => {
    const report = (kind: ActionKind, error: EngineError, presetId?: string) => set({ notice: { kind, error, ...(presetId ? { presetId } : {}) } });
    const launching = createLaunchSlice(api, set, get);
    api.on('learn.progress', ({ learnId, progress }) => {
      const l = get().learn;
      if (!l || l.learnId !== learnId) return;
      set({ learn: { ...l, steps: [...l.steps, progress] } });
    });
    return {
      ...launching.slice,
      ...createWatchSlice(api, set, get, launching.gate),
      ...createPresetTransferSlice(api, set, get),
      ...createCheckSlice(api, set, get),
      ...createCopiesSlice(api, set, get),
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
      instances: DEFAULT_INSTANCES,
      notice: null,
      closeResult: null,
      find: { open: false, match: '', type: 'All', busy: false, results: null, error: null },
      learn: null,
      shortcut: null,

      async init() {
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
        // The copies' indices, labels and windows follow the process list (the same refresh, auto or by hand).
        void get().refreshCopies();
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
        if (r.value.closed.length === 0 && first) report('unlock', { code: first.code, message: first.message, ...(first.unnamed ? { unnamed: first.unnamed } : {}) }, presetId);
        await get().refreshHandles();
        return r.value;
      },

      setInstances: (n) => set({ instances: Math.max(1, Math.min(MAX_INSTANCES, Math.round(Number.isFinite(n) ? n : 1))) }),

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

      restartAsAdmin: () => api.invoke('app.restartAsAdmin', {}),
      openLogFolder: () => api.invoke('app.openLogFolder', {}),

      async learnGuards(path) {
        const learnId = nextRunId('g');
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
    };
  });
}
