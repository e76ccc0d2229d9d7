/**
 * The review of a presets file before anything of it is saved: per preset what it starts, which preset it
 * replaces and how it differs, and whether it breaks the rule that a preset only starts its own app.
 * Front ends show it (the CLI prints it, the app shows a dialog) and save only after an explicit yes.
 */
import { engineError } from '../errors';
import type { FieldChange, ImportReview, ImportReviewItem, Outcome, Preset } from '../model';
import { presetSafetyProblems } from './safety';
import { PRESET_SCHEMA_VERSION, describeZodError, presetFileSchema, presetSchema } from './schema';
import type { PresetStore } from './store';
import { isPlainLaunch, launchFacts } from './trust';

/** The presets of a document (one preset object, or a file with schemaVersion), each schema-checked; PRESET_INVALID names the bad field. */
function documentPresets(input: unknown): Outcome<Preset[]> {
  const single = input !== null && typeof input === 'object' && !Array.isArray(input) && !('schemaVersion' in input) && 'id' in input;
  let raws: unknown[];
  let prefix: (i: number) => string;
  if (single) {
    raws = [input];
    prefix = () => '';
  } else {
    const file = presetFileSchema.safeParse(input);
    if (!file.success) return { ok: false, error: engineError('PRESET_INVALID', describeZodError(file.error)) };
    if (file.data.schemaVersion > PRESET_SCHEMA_VERSION) {
      return { ok: false, error: engineError('PRESET_INVALID', `schemaVersion ${file.data.schemaVersion} was written by a newer Multiopen (this one reads up to ${PRESET_SCHEMA_VERSION})`) };
    }
    raws = file.data.presets;
    prefix = (i) => `presets[${i}]`;
  }
  const presets: Preset[] = [];
  for (const [i, raw] of raws.entries()) {
    const parsed = presetSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: { ...engineError('PRESET_INVALID', describeZodError(parsed.error, prefix(i))), field: prefix(i) || 'preset' } };
    if (presets.some((p) => p.id === parsed.data.id)) {
      return { ok: false, error: { ...engineError('PRESET_INVALID', `${prefix(i)}.id: "${parsed.data.id}" appears twice`), field: `${prefix(i)}.id` } };
    }
    presets.push(parsed.data);
  }
  return { ok: true, value: presets };
}

// What the review compares; source, notes and the like are shown by the preset card and need no yes.
const COMPARED: readonly (keyof Preset)[] = ['name', 'exe', 'path', 'args', 'env', 'instanceDir', 'locate', 'guards', 'strategy', 'preclaim', 'instances', 'needsElevation'];

/** The fields that differ between the replaced preset and the new one. */
function changesFrom(before: Preset | undefined, after: Preset): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of COMPARED) {
    const a = before?.[field];
    const b = after[field];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a ?? null, after: b ?? null });
  }
  return changes;
}

/** Reviews a presets document against the store: nothing is saved. */
export function reviewImport(store: PresetStore, document: unknown): Outcome<ImportReview> {
  const parsed = documentPresets(document);
  if (!parsed.ok) return parsed;
  const user = store.readUser();
  if (!user.ok) return user;
  const single = typeof document === 'object' && document !== null && !('schemaVersion' in document);
  const items = parsed.value.map((preset, i): ImportReviewItem => {
    const ownUser = user.value.find((p) => p.id === preset.id);
    const builtin = store.builtin(preset.id);
    const replaced = ownUser ?? builtin;
    const problems = presetSafetyProblems(preset, single ? '' : `presets[${i}]`);
    return {
      id: preset.id,
      name: preset.name,
      facts: launchFacts(preset),
      replaces: ownUser ? 'user' : builtin ? 'builtin' : null,
      changes: changesFrom(replaced, preset),
      problems,
      needsConfirmation: replaced !== undefined || !isPlainLaunch(preset),
    };
  });
  return {
    ok: true,
    value: { items, refused: items.some((i) => i.problems.length > 0), needsConfirmation: items.some((i) => i.needsConfirmation) },
  };
}

/**
 * Imports a presets document: nothing is saved when any preset is unsafe (PRESET_UNSAFE, naming the first
 * field) or when the review needs a yes that was not given (CONFIRMATION_REQUIRED); else all of it is saved.
 */
export function importPresetsReviewed(store: PresetStore, document: unknown, confirmed: boolean): Outcome<{ saved: string[]; review: ImportReview }> {
  const review = reviewImport(store, document);
  if (!review.ok) return review;
  const unsafe = review.value.items.flatMap((i) => i.problems);
  if (unsafe[0]) {
    return { ok: false, error: { ...engineError('PRESET_UNSAFE', `nothing was saved: ${unsafe.map((p) => p.message).join('; ')}`), field: unsafe[0].field } };
  }
  if (review.value.needsConfirmation && !confirmed) {
    const why = review.value.items
      .filter((i) => i.needsConfirmation)
      .map((i) => `${i.id} ${i.replaces ? `replaces the ${i.replaces === 'builtin' ? 'built-in' : 'saved'} preset "${i.id}"` : `starts ${i.facts.path ?? i.facts.exe} with its own settings`}`);
    return { ok: false, error: engineError('CONFIRMATION_REQUIRED', `nothing was saved: ${why.join('; ')}; review it and confirm`) };
  }
  const parsed = documentPresets(document);
  if (!parsed.ok) return parsed;
  const saved = store.save(parsed.value);
  return saved.ok ? { ok: true, value: { saved: saved.value.map((p) => p.id), review: review.value } } : saved;
}
