/**
 * Which presets may start without asking. A preset is trusted when what it starts (its launch facts:
 * exe, path, arguments, environment, data folder, locate entries, a registry value it sets for the
 * launch) is something the user has seen and confirmed, is exactly what the built-in of the same id starts, or is nothing but its plain exe. The
 * confirmations are kept apart from the presets (an import file cannot say it is trusted), keyed by a
 * hash of the facts, so any later change to them asks again.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LaunchFacts, Preset } from '../model';
import { writeFileAtomic } from './atomic-file';

const TRUST_FILE = 'trusted.json';

/** What a preset starts: the fields that decide which program runs and how. */
export function launchFacts(preset: Preset): LaunchFacts {
  return {
    exe: preset.exe,
    ...(preset.path !== undefined ? { path: preset.path } : {}),
    ...(preset.args?.length ? { args: preset.args } : {}),
    ...(preset.env && Object.keys(preset.env).length > 0 ? { env: preset.env } : {}),
    ...(preset.instanceDir !== undefined ? { instanceDir: preset.instanceDir } : {}),
    ...(preset.locate?.length ? { locate: preset.locate } : {}),
    // A registry value changed during the launch changes the system, not only what runs: the user sees it too.
    ...(preset.launchRegistry ? { launchRegistry: preset.launchRegistry } : {}),
    // Running as administrator changes what the app may do: the user sees it before the first launch too.
    ...(preset.needsElevation ? { needsElevation: true as const } : {}),
  };
}

/** True when a preset starts nothing but its exe, found from a running copy: there is nothing to confirm. */
export function isPlainLaunch(preset: Preset): boolean {
  return Object.keys(launchFacts(preset)).length === 1;
}

/** JSON with object keys sorted, so equal facts always hash the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A stable hash of a preset's launch facts (case of the exe name ignored). */
export function factsHash(preset: Preset): string {
  const facts = launchFacts(preset);
  return createHash('sha256').update(canonical({ ...facts, exe: facts.exe.toLowerCase() })).digest('hex');
}

/** The user's launch confirmations, stored next to the presets. */
export class TrustStore {
  /** The file's full path. */
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, TRUST_FILE);
  }

  /** Confirmed fact hashes by preset id; an unreadable file trusts nothing (it is never a reason to trust). */
  private read(): Record<string, string> {
    try {
      const json = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { confirmed?: unknown };
      const confirmed = json.confirmed;
      if (confirmed === null || typeof confirmed !== 'object' || Array.isArray(confirmed)) return {};
      return Object.fromEntries(Object.entries(confirmed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {};
    }
  }

  /** True when the user confirmed exactly these launch facts for this id. */
  isConfirmed(preset: Preset): boolean {
    return this.read()[preset.id] === factsHash(preset);
  }

  /** Records that the user saw and confirmed what this preset starts. */
  confirm(preset: Preset): void {
    const confirmed = { ...this.read(), [preset.id]: factsHash(preset) };
    writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, confirmed }, null, 2)}\n`);
  }

  /** Forgets the confirmation of a removed preset. */
  forget(id: string): void {
    const confirmed = this.read();
    if (!(id in confirmed)) return;
    delete confirmed[id];
    writeFileAtomic(this.file, `${JSON.stringify({ schemaVersion: 1, confirmed }, null, 2)}\n`);
  }
}

/** True when a user preset may start without asking: plain, identical in what it starts to the built-in it replaces, or confirmed. */
export function isTrusted(preset: Preset, builtin: Preset | undefined, trust: TrustStore): boolean {
  if (isPlainLaunch(preset)) return true;
  if (builtin && factsHash(builtin) === factsHash(preset)) return true;
  return trust.isConfirmed(preset);
}
