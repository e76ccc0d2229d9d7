/**
 * Learning an unknown app's guard: start it, collect the named objects (and files and pipes) of its process
 * tree, see a second copy refused, then close candidates one at a time, most likely first, until a second
 * copy survives; then check which of the closed ones mattered. The steps live in core/learn/ (shared with
 * `check`); every copy a run starts is ended before it returns.
 */
import type { OsApi } from '../native-bindings/os-api';
import { engineError } from './errors';
import type { EngineError, LearnProgress, LearnReport, Outcome } from './model';
import { keepNeeded, closeUntilSurvives, windowHintText } from './learn/search';
import { DEFAULT_LEARN_TIMING, LearnSession, type LearnTiming } from './learn/session';

export { learnedName, rankCandidates } from './learn/rank';
export { DEFAULT_LEARN_TIMING, type LearnTiming } from './learn/session';

/** Finds an unknown app's guard by trial (see the module comment). */
export async function learnGuards(
  os: OsApi,
  exePath: string,
  onProgress: (p: LearnProgress) => void = () => {},
  timing: LearnTiming = DEFAULT_LEARN_TIMING,
): Promise<Outcome<LearnReport>> {
  const session = new LearnSession(os, exePath, onProgress, timing);
  const exe = session.exe;
  const report: LearnReport = { exe, path: exePath, guards: [], multiInstanceByItself: false, candidates: [], trials: 0, durationMs: 0, notes: [] };
  const finish = async (error?: EngineError): Promise<Outcome<LearnReport>> => {
    await session.endAll();
    report.trials = session.trials;
    report.durationMs = Date.now() - session.started;
    return error ? { ok: false, error } : { ok: true, value: report };
  };

  const refused = await session.prepare('learning');
  if (refused) return { ok: false, error: refused };
  const first = await session.startFirst();
  if ('code' in first) return finish(first);
  const collected = await session.collect(first);
  if ('code' in collected) return finish(collected);
  report.candidates = collected.candidates;

  const survivedAtFirst = await session.trial();
  if (typeof survivedAtFirst !== 'boolean') return finish(survivedAtFirst);
  if (survivedAtFirst) {
    report.multiInstanceByItself = true;
    report.notes.push(`a second copy of ${exe} started without closing anything: it needs no unlocking (or it hands over to the first copy later than ${timing.settleMs} ms)`);
    return finish();
  }
  onProgress({ step: 'refused', trial: session.trials });

  const search = await closeUntilSurvives(session, first, report.candidates, onProgress);
  if ('code' in search) return finish(search);
  if (!search.survived) {
    // Nothing named explains the refusal: the app's window is the usual suspect, so name its class.
    const hint = session.outOfTime() ? '' : windowHintText(await session.windowsOf(first.tree));
    return finish(
      engineError(
        'LEARN_FAILED',
        session.outOfTime()
          ? `no guard found within ${Math.round(timing.totalMs / 1000)} s (${search.closed.length} of ${report.candidates.length} candidates tried)`
          : report.candidates.length === 0
            ? `${exe}'s processes hold no named object, pipe or locked file to try: its single-instance check is something else (a window or a network port)${hint}`
            : `closing all ${search.closed.length} named objects of ${exe} did not let a second copy start: its single-instance check is something else (a window or a network port)${hint}`,
      ),
    );
  }
  const needed = await keepNeeded(session, search.closed, onProgress, report.notes);
  if (!Array.isArray(needed)) return finish(needed);
  report.guards = needed.map((c) => ({ type: c.type, name: c.name }));
  return finish();
}
