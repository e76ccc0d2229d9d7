import * as fs from 'node:fs';
import * as path from 'node:path';
import { engineError } from '../errors';
import type { Outcome, Preset, PresetView } from '../model';
import catalogDocument from './catalog.json';
import { writeFileAtomic } from './atomic-file';
import { PRESET_SCHEMA_VERSION, parsePresetDocument, validatePreset } from './schema';
import { isTrusted, TrustStore } from './trust';


/** The folder shared by CLI and app: MULTIOPEN_HOME, else %APPDATA%\Multiopen (~/.config/multiopen off Windows). */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MULTIOPEN_HOME) return env.MULTIOPEN_HOME;
  if (env.APPDATA) return path.join(env.APPDATA, 'Multiopen');
  return path.join(env.HOME ?? '.', '.config', 'multiopen');
}

/** The built-in catalog, validated once (a broken catalog is a build bug, so it throws). */
export function builtinPresets(): Preset[] {
  const parsed = parsePresetDocument(catalogDocument);
  if (!parsed.ok) throw new Error(`built-in preset catalog is invalid: ${parsed.message}`);
  return parsed.presets;
}

const STORE_FILE = 'presets.json';

/** User presets stored as JSON under the home folder, validated on read, written atomically. */
export class PresetStore {
  /** The store file's full path. */
  readonly file: string;
  /** The user's launch confirmations. */
  readonly trust: TrustStore;
  private readonly builtins: Preset[];

  constructor(home: string, builtins: Preset[] = builtinPresets()) {
    this.file = path.join(home, STORE_FILE);
    this.trust = new TrustStore(home);
    this.builtins = builtins;
  }

  /** The built-in preset of this id, if any. */
  builtin(id: string): Preset | undefined {
    return this.builtins.find((b) => b.id === id);
  }

  /**
   * Reads the user presets. A file that is not valid is moved aside (kept, never overwritten) and
   * reported as STORE_CORRUPT; the next read then starts from an empty store.
   */
  readUser(): Outcome<Preset[]> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, value: [] };
      return { ok: false, error: engineError('FILE_ERROR', `cannot read ${this.file}: ${(error as Error).message}`) };
    }
    let json: unknown;
    let problem: string | null = null;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      problem = `not valid JSON (${(error as Error).message})`;
    }
    if (problem === null) {
      const parsed = parsePresetDocument(json);
      if (parsed.ok) return { ok: true, value: parsed.presets };
      if (parsed.tooNew) return { ok: false, error: engineError('STORE_CORRUPT', `${this.file}: ${parsed.message}; it was left untouched`) };
      problem = parsed.message;
    }
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      fs.renameSync(this.file, aside);
    } catch (error) {
      return { ok: false, error: engineError('STORE_CORRUPT', `${this.file} is invalid (${problem}) and could not be moved aside: ${(error as Error).message}`) };
    }
    return {
      ok: false,
      error: engineError('STORE_CORRUPT', `${this.file} was invalid (${problem}); it was kept as ${aside} and a new empty store will be used`),
    };
  }

  /** Built-in and user presets; a user preset replaces the built-in of the same id. */
  list(): Outcome<PresetView[]> {
    const user = this.readUser();
    if (!user.ok) return user;
    const userIds = new Set(user.value.map((p) => p.id));
    const views: PresetView[] = [
      ...this.builtins.filter((p) => !userIds.has(p.id)).map((p): PresetView => ({ ...p, origin: 'builtin' })),
      ...user.value.map(
        (p): PresetView => ({
          ...p,
          origin: 'user',
          ...(this.builtin(p.id) ? { overridesBuiltin: true } : {}),
          ...(isTrusted(p, this.builtin(p.id), this.trust) ? {} : { untrusted: true }),
        }),
      ),
    ];
    return { ok: true, value: views.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  /** One preset by id (user first, then built-in); PRESET_NOT_FOUND when neither has it. */
  get(id: string): Outcome<PresetView> {
    const all = this.list();
    if (!all.ok) return all;
    const found = all.value.find((p) => p.id === id.toLowerCase());
    if (found) return { ok: true, value: found };
    return {
      ok: false,
      error: engineError('PRESET_NOT_FOUND', `no preset "${id}"; known: ${all.value.map((p) => p.id).join(', ')}`),
    };
  }

  /** Adds or replaces user presets, validating each first. */
  save(presets: readonly unknown[]): Outcome<PresetView[]> {
    const valid: Preset[] = [];
    for (const [index, raw] of presets.entries()) {
      const one = validatePreset(raw, presets.length > 1 ? `presets[${index}]` : '');
      if (!one.ok) return { ok: false, error: { ...engineError(one.code, one.message), ...(one.field ? { field: one.field } : {}) } };
      valid.push(one.preset);
    }
    const user = this.readUser();
    if (!user.ok) return user;
    const byId = new Map(user.value.map((p) => [p.id, p]));
    for (const p of valid) byId.set(p.id, p);
    const written = this.write([...byId.values()]);
    if (!written.ok) return written;
    const listed = this.list();
    if (!listed.ok) return listed;
    const ids = new Set(valid.map((p) => p.id));
    return { ok: true, value: listed.value.filter((p) => ids.has(p.id)) };
  }

  /** Removes a user preset; built-ins cannot be removed (PRESET_BUILTIN). */
  remove(id: string): Outcome<{ removed: string }> {
    const user = this.readUser();
    if (!user.ok) return user;
    const key = id.toLowerCase();
    if (!user.value.some((p) => p.id === key)) {
      if (this.builtins.some((p) => p.id === key)) {
        return { ok: false, error: engineError('PRESET_BUILTIN', `"${key}" is a built-in preset and cannot be removed`) };
      }
      return { ok: false, error: engineError('PRESET_NOT_FOUND', `no user preset "${id}"`) };
    }
    const written = this.write(user.value.filter((p) => p.id !== key));
    if (!written.ok) return written;
    try {
      this.trust.forget(key);
    } catch {
      // A confirmation left behind is harmless: it only matches these exact launch facts.
    }
    return { ok: true, value: { removed: key } };
  }

  /** The user presets as an export document. */
  exportDocument(): Outcome<{ schemaVersion: number; presets: Preset[] }> {
    const user = this.readUser();
    if (!user.ok) return user;
    return { ok: true, value: { schemaVersion: PRESET_SCHEMA_VERSION, presets: user.value } };
  }

  private write(presets: Preset[]): Outcome<void> {
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: PRESET_SCHEMA_VERSION, presets }, null, 2)}\n`);
      return { ok: true, value: undefined };
    } catch (error) {
      return { ok: false, error: engineError('FILE_ERROR', `cannot write ${this.file}: ${(error as Error).message}`) };
    }
  }
}
