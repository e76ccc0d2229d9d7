/** Remembers the window's size and position (JSON in userData), restoring only onto a visible display. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Saved window bounds. */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** A display's work area. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size used when nothing valid was saved. */
export const DEFAULT_STATE: WindowState = { width: 1280, height: 800, maximized: false };

/** Reads the saved state; falls back to the default on any problem, and drops a position that is off every display. */
export function loadWindowState(file: string, displays: readonly Area[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_STATE;
  }
  const r = raw as Partial<WindowState>;
  const num = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
  if (!num(r.width, 400, 20000) || !num(r.height, 300, 20000)) return DEFAULT_STATE;
  const state: WindowState = { width: r.width!, height: r.height!, maximized: r.maximized === true };
  if (num(r.x, -50000, 50000) && num(r.y, -50000, 50000)) {
    // A monitor may have been unplugged since: require the title bar to land on a display.
    const visible = displays.some((d) => r.x! + 100 > d.x && r.x! < d.x + d.width - 100 && r.y! >= d.y && r.y! < d.y + d.height - 40);
    if (visible) Object.assign(state, { x: r.x, y: r.y });
  }
  return state;
}

/** Writes the state atomically (temp file + rename) so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, file);
  } catch {
    // Losing the window position is harmless.
  }
}
