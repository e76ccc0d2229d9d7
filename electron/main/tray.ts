/**
 * The tray icon: shows whether auto-unlock watchers run, pauses or resumes them all, opens the window,
 * quits. While a watcher runs, closing the window keeps Multiopen in the tray so watching goes on.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { InstanceRow, Outcome, WatchEvent, WatchState } from '../../core/model';

/** Tray wording in the app's two languages. */
const WORDS = {
  en: {
    show: 'Show Multiopen',
    none: 'Auto-unlock: off',
    watching: (n: number, paused: number) => `Auto-unlock: ${n} app(s)${paused ? `, ${paused} paused` : ''}`,
    pause: 'Pause auto-unlock',
    resume: 'Resume auto-unlock',
    quit: 'Quit',
    copy: (c: InstanceRow) => `${c.preset} ${c.index}${c.label ? ` · ${c.label}` : ''}`,
  },
  'zh-CN': {
    show: '显示多开',
    none: '自动解锁：关',
    watching: (n: number, paused: number) => `自动解锁：${n} 个应用${paused ? `，${paused} 个已暂停` : ''}`,
    pause: '暂停自动解锁',
    resume: '恢复自动解锁',
    quit: '退出',
    copy: (c: InstanceRow) => `${c.preset} 第 ${c.index} 个${c.label ? ` · ${c.label}` : ''}`,
  },
} as const;

/** What the tray does; main wires these to the engine and the window. */
export interface TrayActions {
  show(): void;
  quit(): void;
  setPaused(preset: string, paused: boolean): Promise<Outcome<WatchState>>;
  /** Brings one running copy to the front. */
  focusCopy?(copy: InstanceRow): void;
}

/** Keeps the watcher states the engine reports and builds the tray menu from them. */
export class WatchTray {
  private readonly states = new Map<string, WatchState>();
  private tray: Tray | null = null;
  private copies: InstanceRow[] = [];

  constructor(
    private readonly actions: TrayActions,
    private readonly language: 'en' | 'zh-CN',
    private readonly iconPath: string,
  ) {}

  /** True while at least one watcher exists (closing the window then keeps the app in the tray). */
  get active(): boolean {
    return this.states.size > 0;
  }

  /** Creates the tray icon. */
  create(): void {
    this.tray = new Tray(nativeImage.createFromPath(this.iconPath));
    this.tray.setToolTip('Multiopen');
    this.tray.on('click', () => this.actions.show());
    this.refresh();
  }

  /** Follows the engine's watcher events. */
  onWatchEvent(event: WatchEvent): void {
    if (event.kind !== 'state') return;
    this.states.set(event.presetId, event.state);
    this.refresh();
  }

  /** The known watchers. */
  get watchers(): WatchState[] {
    return [...this.states.values()];
  }

  /** Replaces the known watchers (after watch.list, or with [] when the engine restarted). */
  setStates(states: readonly WatchState[]): void {
    this.states.clear();
    for (const s of states) this.states.set(s.presetId, s);
    this.refresh();
  }

  /** The running copies, listed by label in the menu (main refreshes them). */
  setCopies(copies: readonly InstanceRow[]): void {
    const same = copies.length === this.copies.length && copies.every((c, i) => c.pid === this.copies[i]?.pid && c.label === this.copies[i]?.label);
    this.copies = [...copies];
    if (!same) this.refresh();
  }

  /** Forgets a stopped watcher. */
  forget(presetId: string): void {
    this.states.delete(presetId);
    this.refresh();
  }

  /** The menu for the current state (exposed for tests). */
  menuTemplate(): MenuItemConstructorOptions[] {
    const w = WORDS[this.language];
    const all = [...this.states.values()];
    const paused = all.filter((s) => s.paused).length;
    const anyRunning = all.some((s) => !s.paused);
    const toggle = async (to: boolean) => {
      for (const s of all) {
        const r = await this.actions.setPaused(s.presetId, to);
        if (r.ok) this.states.set(s.presetId, r.value);
      }
      this.refresh();
    };
    return [
      { label: w.show, click: () => this.actions.show() },
      { type: 'separator' },
      { label: all.length === 0 ? w.none : w.watching(all.length, paused), enabled: false },
      ...(all.length > 0
        ? [anyRunning ? { label: w.pause, click: () => void toggle(true) } : { label: w.resume, click: () => void toggle(false) }]
        : []),
      ...(this.copies.length > 0 && this.actions.focusCopy
        ? [{ type: 'separator' as const }, ...this.copies.map((c) => ({ label: w.copy(c), click: () => this.actions.focusCopy?.(c) }))]
        : []),
      { type: 'separator' },
      { label: w.quit, click: () => this.actions.quit() },
    ];
  }

  private refresh(): void {
    if (!this.tray) return;
    this.tray.setContextMenu(Menu.buildFromTemplate(this.menuTemplate()));
    const w = WORDS[this.language];
    this.tray.setToolTip(`Multiopen — ${this.states.size === 0 ? w.none : w.watching(this.states.size, [...this.states.values()].filter((s) => s.paused).length)}`);
  }
}
