/**
 * Puts labels into window titles: `<title> - <label>` on a labelled copy's own top-level windows, and
 * again whenever the app resets its title. Run after a launch (until the new copies show a window,
 * bounded) and by the title keeper while Multiopen runs (every couple of seconds, doing nothing when no
 * preset has labels). Only titles are touched; never the app's files.
 */
import { indexCopies, ownWindows, type InstanceContext } from './instances';
import { labelledTitle, labelOf } from './labels';
import type { PresetView } from './model';
import { instanceRoots, listProcesses } from './processes';

/** What one pass did. */
export interface TitlePass {
  /** Titles changed. */
  set: number;
  /** PIDs of labelled copies that have no titled window yet. */
  waiting: number[];
}

/** True when a preset has a label, or some copy still shows one Multiopen put there (to be taken off). */
function concerns(preset: PresetView, applied: ReadonlySet<string>): boolean {
  return (preset.labels ?? []).some((l) => l !== '') || applied.has(preset.id);
}

/** One pass over the presets' running copies: each titled window of a labelled copy gets its label. */
export async function applyLabels(ctx: InstanceContext, presets: readonly PresetView[]): Promise<TitlePass> {
  const pass: TitlePass = { set: 0, waiting: [] };
  let records = ctx.book.read();
  const applied = new Set(records.filter((r) => r.applied !== undefined).map((r) => r.preset));
  const wanted = presets.filter((p) => concerns(p, applied));
  if (wanted.length === 0) return pass;
  const listed = await listProcesses(ctx.os);
  if (!listed.ok) return pass;
  let changed = false;
  for (const preset of wanted) {
    const indexed = indexCopies(records, preset.id, instanceRoots(listed.value, preset.exe), listed.value);
    records = indexed.records;
    changed ||= indexed.changed;
    for (const { root, record } of indexed.copies) {
      const label = labelOf(preset.labels, record.index);
      if (label === null && record.applied === undefined) continue;
      const windows = await ctx.os.listTopLevelWindows(root.pid);
      const titled = windows.ok ? ownWindows(windows.value).filter((w) => w.title !== '') : [];
      if (titled.length === 0) {
        if (label !== null) pass.waiting.push(root.pid);
        continue;
      }
      for (const w of titled) {
        const title = labelledTitle(w.title, label, record.applied ?? null);
        if (title === null) continue;
        const done = await ctx.os.setWindowTitle(w.handle, title);
        if (done.ok) pass.set++;
      }
      if ((record.applied ?? null) !== label) {
        if (label === null) delete record.applied;
        else record.applied = label;
        changed = true;
      }
    }
  }
  if (changed) ctx.book.write(records);
  return pass;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** After a launch: labels the preset's copies, waiting (bounded) for new copies to show a titled window. */
export async function labelAfterLaunch(ctx: InstanceContext, preset: PresetView, launchedPids: readonly number[], timing = { waitMs: 10_000, pollMs: 250 }): Promise<void> {
  if (!(preset.labels ?? []).some((l) => l !== '')) return;
  const deadline = Date.now() + timing.waitMs;
  for (;;) {
    const pass = await applyLabels(ctx, [preset]);
    if (!pass.waiting.some((pid) => launchedPids.includes(pid)) || Date.now() >= deadline) return;
    await sleep(timing.pollMs);
  }
}

/** Keeps labels in titles while the engine runs: one pass every `intervalMs`, never overlapping, never keeping the process alive. */
export class TitleKeeper {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(
    private readonly ctx: InstanceContext,
    private readonly presets: () => readonly PresetView[],
    private readonly intervalMs = 2_000,
  ) {}

  /** Starts the passes (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops after the pass in progress, if any. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      applyLabels(this.ctx, this.presets())
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, this.intervalMs);
    // A one-shot command must not stay alive for it.
    this.timer.unref?.();
  }
}
