/**
 * The search step of learning: close candidates in the first copy one at a time, most likely first, until
 * a second copy survives; then, on fresh first copies, drop every closed object that was not needed.
 */
import type { EngineError, LearnCandidate, LearnProgress } from '../model';
import type { FirstCopy, LearnSession } from './session';

/** Where the search stopped: whether a second copy survived, and what had been closed by then (in order). */
export interface SearchResult {
  survived: boolean;
  closed: LearnCandidate[];
}

/**
 * Closes candidates one at a time until a trial copy survives. `closedBefore` were closed already (a
 * check closes the preset's guards first); they count as closed for the minimising pass.
 */
export async function closeUntilSurvives(
  session: LearnSession,
  first: FirstCopy,
  candidates: readonly LearnCandidate[],
  onProgress: (p: LearnProgress) => void,
  closedBefore: readonly LearnCandidate[] = [],
): Promise<SearchResult | EngineError> {
  const closed = [...closedBefore];
  for (const [index, candidate] of candidates.entries()) {
    if (session.outOfTime()) break;
    onProgress({ step: 'closing', candidate, index: index + 1, total: candidates.length });
    const result = await session.closeIn(first, [{ type: candidate.type, name: candidate.name }]);
    if (!result.ok) return result.error;
    if (result.value.closed.length === 0) continue;
    closed.push(candidate);
    const up = await session.trial();
    if (typeof up !== 'boolean') return up;
    if (up) {
      onProgress({ step: 'survived', trial: session.trials });
      return { survived: true, closed };
    }
  }
  return { survived: false, closed };
}

/**
 * The closed objects that were needed. The last one was needed given the others; each earlier one is
 * tested on a fresh first copy with all the others closed. Out of time, everything left is kept (noted).
 */
export async function keepNeeded(
  session: LearnSession,
  closed: readonly LearnCandidate[],
  onProgress: (p: LearnProgress) => void,
  notes: string[],
): Promise<LearnCandidate[] | EngineError> {
  let needed = [...closed];
  for (const candidate of closed.slice(0, -1)) {
    if (session.outOfTime()) {
      notes.push('there was no time left to check which of the closed objects were really needed; all are kept');
      break;
    }
    onProgress({ step: 'minimizing', guard: candidate });
    const first = await session.restart();
    if ('code' in first) return first;
    const without = needed.filter((c) => c !== candidate);
    const result = await session.closeIn(first, without.map((c) => ({ type: c.type, name: c.name })));
    if (!result.ok) return result.error;
    const up = await session.trial();
    if (typeof up !== 'boolean') return up;
    if (up) needed = without;
  }
  return needed;
}

/** The window hint of a refusal no object explains: the first copy's top-level window classes, for a message. */
export function windowHintText(windows: readonly { title: string; className: string }[]): string {
  const first = windows[0];
  if (!first) return '';
  return `; its first copy shows a window of class "${first.className}"${first.title ? ` ("${first.title}")` : ''}: it may look for that window and hand over to it`;
}
