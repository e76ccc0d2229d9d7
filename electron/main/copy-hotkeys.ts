/**
 * A global hotkey per preset copy (Electron globalShortcut) that brings that copy to the front. Off by
 * default: only the entries of `copy-hotkeys.json` under the presets home are registered, e.g.
 * `{ "hotkeys": [{ "preset": "wechat", "index": 1, "accelerator": "Ctrl+Alt+1" }] }`. A hotkey another
 * program (or an earlier entry) holds cannot be registered: it is reported as a conflict, never taken.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { MAX_INSTANCES } from '../../core/policy';

/** The file's name under the presets home. */
export const HOTKEYS_FILE = 'copy-hotkeys.json';

const hotkeySchema = z.strictObject({
  preset: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
  index: z.number().int().min(1).max(MAX_INSTANCES),
  // Electron accelerators: modifiers and a key joined by "+", e.g. "CommandOrControl+Alt+1".
  accelerator: z.string().min(1).max(64).regex(/^[A-Za-z0-9+]+$/),
});

/** One configured hotkey. */
export type CopyHotkey = z.infer<typeof hotkeySchema>;

/** What registering did: registered, refused because taken (conflicts), or not valid in the file. */
export interface HotkeyReport {
  registered: CopyHotkey[];
  conflicts: CopyHotkey[];
  invalid: string[];
}

/** The part of Electron's globalShortcut used here (tests pass a fake). */
export interface Shortcuts {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** Reads the configured hotkeys; a missing file means none (the default), a broken one is reported, not guessed. */
export function readHotkeys(home: string): { hotkeys: CopyHotkey[]; invalid: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path.join(home, HOTKEYS_FILE), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hotkeys: [], invalid: [] };
    return { hotkeys: [], invalid: [`${HOTKEYS_FILE}: ${(error as Error).message}`] };
  }
  const list = (json as { hotkeys?: unknown } | null)?.hotkeys;
  if (!Array.isArray(list)) return { hotkeys: [], invalid: [`${HOTKEYS_FILE}: "hotkeys" must be a list`] };
  const hotkeys: CopyHotkey[] = [];
  const invalid: string[] = [];
  for (const [i, entry] of list.entries()) {
    const parsed = hotkeySchema.safeParse(entry);
    if (parsed.success) hotkeys.push(parsed.data);
    else invalid.push(`hotkeys[${i}]: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { hotkeys, invalid };
}

/** Registers hotkeys (after unregistering the ones registered before by this object). */
export class CopyHotkeys {
  private held: string[] = [];

  constructor(
    private readonly shortcuts: Shortcuts,
    private readonly focus: (preset: string, index: number) => void,
  ) {}

  /** Registers `hotkeys`; each that is taken is a conflict. */
  apply(hotkeys: readonly CopyHotkey[], invalid: string[] = []): HotkeyReport {
    this.clear();
    const report: HotkeyReport = { registered: [], conflicts: [], invalid };
    for (const h of hotkeys) {
      let ok = false;
      try {
        ok = !this.held.includes(h.accelerator) && this.shortcuts.register(h.accelerator, () => this.focus(h.preset, h.index));
      } catch (error) {
        report.invalid.push(`${h.accelerator}: ${(error as Error).message}`);
        continue;
      }
      if (ok) {
        this.held.push(h.accelerator);
        report.registered.push(h);
      } else report.conflicts.push(h);
    }
    return report;
  }

  /** Unregisters every hotkey this object registered. */
  clear(): void {
    for (const a of this.held) this.shortcuts.unregister(a);
    this.held = [];
  }
}
