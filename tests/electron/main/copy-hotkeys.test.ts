import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CopyHotkeys, HOTKEYS_FILE, readHotkeys, type Shortcuts } from '../../../electron/main/copy-hotkeys';

/** globalShortcut as the OS sees it: an accelerator another program holds cannot be registered. */
function shortcuts(takenElsewhere: string[] = []): Shortcuts & { held: Map<string, () => void> } {
  const held = new Map<string, () => void>();
  return {
    held,
    register: (a, cb) => {
      if (takenElsewhere.includes(a) || held.has(a)) return false;
      held.set(a, cb);
      return true;
    },
    unregister: (a) => void held.delete(a),
  };
}

const home = (content?: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'multiopen-hotkeys-'));
  if (content !== undefined) fs.writeFileSync(path.join(dir, HOTKEYS_FILE), content);
  return dir;
};

describe('copy hotkeys', () => {
  it('are off by default: no file, nothing registered', () => {
    const s = shortcuts();
    const read = readHotkeys(home());
    expect(new CopyHotkeys(s, vi.fn()).apply(read.hotkeys, read.invalid)).toEqual({ registered: [], conflicts: [], invalid: [] });
    expect(s.held.size).toBe(0);
  });

  it('a configured hotkey brings its copy to the front; one another program holds is a conflict, not taken', () => {
    const file = JSON.stringify({
      hotkeys: [
        { preset: 'wechat', index: 1, accelerator: 'Ctrl+Alt+1' },
        { preset: 'wechat', index: 2, accelerator: 'Ctrl+Alt+2' },
        { preset: 'wxwork', index: 1, accelerator: 'Ctrl+Alt+1' },
      ],
    });
    const s = shortcuts(['Ctrl+Alt+2']);
    const focus = vi.fn();
    const read = readHotkeys(home(file));
    const report = new CopyHotkeys(s, focus).apply(read.hotkeys);
    expect(report.registered.map((h) => h.accelerator)).toEqual(['Ctrl+Alt+1']);
    expect(report.conflicts.map((h) => `${h.preset}:${h.index}`)).toEqual(['wechat:2', 'wxwork:1']);
    s.held.get('Ctrl+Alt+1')?.();
    expect(focus).toHaveBeenCalledWith('wechat', 1);
  });

  it('bad entries are reported by position; a broken file registers nothing', () => {
    const read = readHotkeys(home(JSON.stringify({ hotkeys: [{ preset: 'wechat', index: 0, accelerator: 'Ctrl+1' }, { preset: 'wechat', index: 1, accelerator: 'Ctrl+1' }] })));
    expect(read.hotkeys).toHaveLength(1);
    expect(read.invalid[0]).toMatch(/^hotkeys\[0\]/);
    expect(readHotkeys(home('{ not json')).invalid[0]).toMatch(/copy-hotkeys\.json/);
  });

  it('clear unregisters only what it registered', () => {
    const s = shortcuts();
    s.register('Ctrl+Q', () => {});
    const keys = new CopyHotkeys(s, vi.fn());
    keys.apply([{ preset: 'wechat', index: 1, accelerator: 'Ctrl+Alt+1' }]);
    keys.clear();
    expect([...s.held.keys()]).toEqual(['Ctrl+Q']);
  });
});
