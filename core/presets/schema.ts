import { z } from 'zod';
import { guardNameProblem } from '../guards';
import { GUARD_TYPES, type Preset } from '../model';
import { presetSafetyProblems } from './safety';
import { MAX_INSTANCES } from '../policy';
import { HOLDABLE_TYPES } from '../../native-bindings/os-api';
import { labelsSchema } from '../labels';

/** The preset file format version this build writes. Older versions are migrated on read. */
export const PRESET_SCHEMA_VERSION = 1;

/** A preset id: lower-case, usable on the command line. */
export const presetIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

const guardSchema = z
  .object({
    type: z.enum(GUARD_TYPES),
    name: z.string().min(1).max(1024),
    optional: z.boolean().optional(),
  })
  .superRefine((g, ctx) => {
    // One rule for the CLI's --guard and for presets: File guards name a folder too, Linux kinds are well-formed.
    const problem = guardNameProblem(g.type, g.name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['name'] });
  });

const locateSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('registry'),
    hive: z.enum(['HKCU', 'HKLM']),
    key: z.string().min(1),
    value: z.string(),
    view: z.enum(['default', '32', '64']).optional(),
    points: z.enum(['dir', 'file']),
  }),
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
]);

/** A registry value changed for a launch (where it may be is the safety rule's business: core/presets/safety.ts). */
const launchRegistrySchema = z.strictObject({
  hive: z.literal('HKCU'),
  key: z.string().min(1).max(255),
  value: z.string().min(1).max(255),
  data: z.union([z.string().max(1024), z.number().int().min(0).max(0xffffffff), z.null()]),
  whenMoreThan: z.number().int().min(1).max(MAX_INSTANCES).optional(),
});

/** What "ready" means before the next copy starts; one of guard, windowClass or file, and a bounded wait. */
const readyTimeout = z.number().int().min(1_000).max(600_000).optional();
const readySchema = z.union([
  z.strictObject({ guard: z.literal(true), timeoutMs: readyTimeout }),
  z.strictObject({ windowClass: z.string().min(1).max(256), timeoutMs: readyTimeout }),
  z.strictObject({ file: z.string().min(1).max(1024), timeoutMs: readyTimeout }),
]);

/** Schema of one preset, strict so a typo in a field name is reported rather than ignored. */
export const presetSchema = z.strictObject({
  id: presetIdSchema,
  name: z.string().min(1).max(200),
  exe: z
    .string()
    .min(1)
    .max(260)
    .regex(/^[^\\/:*?"<>|]+$/, 'an executable file name without folders, e.g. "WeChat.exe"'),
  guards: z.array(guardSchema).max(32),
  locate: z.array(locateSchema).max(16).optional(),
  path: z.string().min(1).max(32767).optional(),
  args: z.array(z.string().max(32767)).max(64).optional(),
  instanceDir: z.string().min(1).max(1024).optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_()]*$/, 'an environment variable name'), z.string().max(32767)).optional(),
  strategy: z.enum(['close', 'preclaim']).optional(),
  preclaim: z
    .array(z.object({ type: z.enum(HOLDABLE_TYPES), name: z.string().min(1).max(1024) }))
    .max(16)
    .optional(),
  instances: z.number().int().min(1).max(MAX_INSTANCES).optional(),
  // What rights the app runs with changes what runs, so it is a launch fact (trust.ts); the safety rule is unchanged.
  needsElevation: z.boolean().optional(),
  notes: z.string().max(4000).optional(),
  source: z.string().max(4000).optional(),
  versions: z.string().max(200).optional(),
  confidence: z.enum(['high', 'medium', 'low']).optional(),
  legacy: z.boolean().optional(),
  launchRegistry: launchRegistrySchema.optional(),
  ready: readySchema.optional(),
  checkedVersion: z.string().min(1).max(64).optional(),
  lastWorked: z
    .strictObject({ version: z.string().min(1).max(64).nullable(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'), result: z.enum(['launched', 'checked']) })
    .optional(),
  labels: labelsSchema.optional(),
}) satisfies z.ZodType<Preset>;

/** Schema of the presets file (the user store and import/export files). */
export const presetFileSchema = z.object({
  schemaVersion: z.number().int().min(1),
  presets: z.array(z.unknown()),
});

/** The path of a zod issue as written in the input, e.g. `presets[0].guards[1].type`. */
function issuePath(path: readonly PropertyKey[], prefix: string): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), prefix);
}

/** Formats a zod error so that it names the bad field, e.g. `presets[0].guards[1].type: ...`. */
export function describeZodError(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issuePath(issue.path, prefix) || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Why a preset (or presets document) was refused: the code, the first bad field, and a message naming it. */
export interface PresetRefusal {
  ok: false;
  code: 'PRESET_INVALID' | 'PRESET_UNSAFE';
  message: string;
  field?: string;
  tooNew?: boolean;
}

/** Validates one preset: its shape, then the rule that it may only start its own app. The refusal names the bad field. */
export function validatePreset(input: unknown, where = ''): { ok: true; preset: Preset } | PresetRefusal {
  const parsed = presetSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, code: 'PRESET_INVALID', message: describeZodError(parsed.error, where), ...(first ? { field: issuePath(first.path, where) || where } : {}) };
  }
  const problems = presetSafetyProblems(parsed.data, where);
  const first = problems[0];
  if (first) return { ok: false, code: 'PRESET_UNSAFE', field: first.field, message: problems.map((p) => p.message).join('; ') };
  return { ok: true, preset: parsed.data };
}

/**
 * Reads a presets document (the store file, an export file, or a single preset object) and migrates it
 * to the current version. Every preset must be valid: one bad preset rejects the document, naming it.
 */
export function parsePresetDocument(input: unknown): { ok: true; presets: Preset[] } | PresetRefusal {
  if (input !== null && typeof input === 'object' && !Array.isArray(input) && !('schemaVersion' in input) && 'id' in input) {
    const one = validatePreset(input);
    return one.ok ? { ok: true, presets: [one.preset] } : one;
  }
  const file = presetFileSchema.safeParse(input);
  if (!file.success) return { ok: false, code: 'PRESET_INVALID', message: describeZodError(file.error) };
  if (file.data.schemaVersion > PRESET_SCHEMA_VERSION) {
    return {
      ok: false,
      code: 'PRESET_INVALID',
      tooNew: true,
      message: `schemaVersion ${file.data.schemaVersion} was written by a newer Multiopen (this one reads up to ${PRESET_SCHEMA_VERSION})`,
    };
  }
  const presets: Preset[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of file.data.presets.entries()) {
    const one = validatePreset(raw, `presets[${index}]`);
    if (!one.ok) return one;
    if (seen.has(one.preset.id)) return { ok: false, code: 'PRESET_INVALID', field: `presets[${index}].id`, message: `presets[${index}].id: "${one.preset.id}" appears twice` };
    seen.add(one.preset.id);
    presets.push(one.preset);
  }
  return { ok: true, presets };
}
