/** Where the CLI writes; injected so tests can capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Formats rows as an aligned text table; the last column is not padded. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

// Wide (W) and fullwidth (F) ranges of Unicode's East Asian Width: Hangul Jamo, CJK radicals to Yi, Hangul
// syllables, CJK compatibility, vertical and small forms, fullwidth forms, Tangut and kana supplements,
// enclosed ideographs, and the supplementary ideograph planes (Extension B onwards: 𠮷, 𪚥).
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18dff],
  [0x1b000, 0x1b2ff], [0x1d300, 0x1d376], [0x1f200, 0x1f2ff], [0x20000, 0x3fffd],
];
/** Marks, format characters (zero-width space, joiners, variation selectors) and controls take no column. */
const INVISIBLE = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]*$/u;
/** Emoji shown as emoji (🚀, ⌚) take two columns, with their modifiers and joined parts (one grapheme). */
const EMOJI = /^\p{Emoji_Presentation}|\uFE0F/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function isWide(cp: number): boolean {
  return WIDE.some(([from, to]) => cp >= from && cp <= to);
}

/**
 * Terminal width of text, per grapheme (what a terminal draws as one character): CJK ideographs,
 * kana, Hangul and fullwidth forms take two columns, combining marks and zero-width characters none.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (INVISIBLE.test(segment)) continue;
    width += EMOJI.test(segment) || isWide(segment.codePointAt(0) ?? 0) ? 2 : 1;
  }
  return width;
}

/** Prints one JSON document. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
