/**
 * Labels: a preset may name each copy by its index ("Work", "Family"). A label is plain text that is
 * shown in the copy's window titles and selects which indices `launch --only` starts; it never changes
 * what a copy runs, so it is not a launch fact (trust.ts) and never touches the app's own files.
 */
import { z } from 'zod';
import { MAX_INSTANCES, MAX_LABEL_CHARS } from './policy';

// Control characters would break a title or a terminal; bidi controls reorder what is shown; a comma
// would split in `--only A,B`.
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C,]/u;

/** Why a label text is refused, or null when it is fine ("" means no label). */
export function labelProblem(text: string): string | null {
  if (text !== text.trim()) return 'a label may not start or end with spaces';
  if ([...text].length > MAX_LABEL_CHARS) return `a label is at most ${MAX_LABEL_CHARS} characters`;
  if (FORBIDDEN.test(text)) return 'a label may not contain control or text-direction characters, or a comma';
  return null;
}

/** Schema of a preset's `labels`: one per index, "" for none, non-empty ones unique (case ignored). */
export const labelsSchema = z
  .array(
    z.string().superRefine((text, ctx) => {
      const problem = labelProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  )
  .max(MAX_INSTANCES)
  .superRefine((labels, ctx) => {
    const seen = new Map<string, number>();
    for (const [i, label] of labels.entries()) {
      if (label === '') continue;
      const key = label.toLocaleLowerCase('en');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `"${label}" is also the label of copy ${(seen.get(key) ?? 0) + 1}; labels must differ` });
      seen.set(key, i);
    }
  });

/** The label of copy `index` (1-based), null when it has none. */
export function labelOf(labels: readonly string[] | undefined, index: number): string | null {
  const label = labels?.[index - 1];
  return label ? label : null;
}

/** `labels` with copy `index` set to `label` ("" or null clears it); trailing empty entries are dropped. */
export function withLabel(labels: readonly string[] | undefined, index: number, label: string | null): string[] {
  const next = [...(labels ?? [])];
  while (next.length < index) next.push('');
  next[index - 1] = label ?? '';
  while (next.length > 0 && next[next.length - 1] === '') next.pop();
  return next;
}

/** The index of each label, for `launch --only`; unknown labels are listed, not guessed (case is ignored). */
export function indicesOfLabels(labels: readonly string[] | undefined, wanted: readonly string[]): { indices: number[]; unknown: string[] } {
  const indices: number[] = [];
  const unknown: string[] = [];
  for (const name of wanted) {
    const i = (labels ?? []).findIndex((l) => l !== '' && l.toLocaleLowerCase('en') === name.toLocaleLowerCase('en'));
    if (i < 0) unknown.push(name);
    else if (!indices.includes(i + 1)) indices.push(i + 1);
  }
  return { indices, unknown };
}

/** What separates a title from its label. */
const SEPARATOR = ' - ';

/**
 * The title a window should have: `<title> - <label>`. `applied` is the label Multiopen put there last
 * (it is taken off first, so a changed label replaces the old one instead of piling up); null label: the
 * app's own title. Returns null when the title is already right.
 */
export function labelledTitle(title: string, label: string | null, applied: string | null): string | null {
  if (label && title.endsWith(`${SEPARATOR}${label}`)) return null;
  let base = title;
  if (applied && base.endsWith(`${SEPARATOR}${applied}`)) base = base.slice(0, -(SEPARATOR.length + applied.length));
  const wanted = label ? `${base}${SEPARATOR}${label}` : base;
  return wanted === title ? null : wanted;
}
