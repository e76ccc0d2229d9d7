/**
 * `multiopen check PRESET`: does the preset still match the installed app? Starts one copy (as a launch
 * would: the preset's arguments, data folder and registry value), compares what it holds with the
 * preset, closes the preset's guards it holds and sees whether a second copy starts. When it does not,
 * learning's search (core/learn/) finds what else guards it. Every copy it started is ended, and a
 * registry value changed for it restored, however it ends.
 */
import * as path from 'node:path';
import type { OsApi } from '../native-bindings/os-api';
import { describeFailure } from './errors';
import { guardMatches } from './guards';
import { fillTemplate } from './launch';
import { expandEnvironment } from './locate';
import { appliesTo, beginRegistryChange, type RegistryChange } from './launch-registry';
import { closeUntilSurvives, keepNeeded } from './learn/search';
import { DEFAULT_LEARN_TIMING, LearnSession, type CopyOptions, type LearnTiming } from './learn/session';
import type { CheckedGuard, CheckProgress, CheckReport, CheckStatus, EngineError, GuardSpec, LearnCandidate, Outcome, Preset } from './model';

/** What a check needs, resolved by the caller (the engine locates the exe and builds the copies' options). */
export interface CheckPlan {
  preset: Preset;
  exePath: string;
  /** How the n-th copy starts (the preset's arguments, environment and data folder); plain by default. */
  copyOptions?: CopyOptions;
  /** Where a changed registry value is journaled until it is restored. */
  registryJournal?: string;
}

/** The preset as saved: the fields a listing adds (origin, trust) are not part of it. */
function bare(preset: Preset): Preset {
  const { origin: _origin, overridesBuiltin: _overrides, untrusted: _untrusted, ...rest } = preset as Preset & { origin?: unknown; overridesBuiltin?: unknown; untrusted?: unknown };
  return rest;
}

/** The guards a fixed preset gets: what the app needs now (required), then the preset's optional guards it did not need. */
export function proposeGuards(previous: readonly GuardSpec[], found: readonly GuardSpec[]): GuardSpec[] {
  const same = (a: GuardSpec, b: GuardSpec) => a.type === b.type && a.name === b.name;
  const kept = previous.filter((g) => g.optional && !found.some((f) => same(f, g)));
  return [...found.map((g) => ({ type: g.type, name: g.name })), ...kept];
}

/** The corrected preset for a status, or null when there is nothing to propose. */
function proposal(preset: Preset, status: CheckStatus, found: GuardSpec[], version: string | null): Preset | null {
  const checked = version ? { checkedVersion: version } : {};
  switch (status) {
    case 'ok':
      return { ...bare(preset), ...checked };
    case 'guard-changed':
      return { ...bare(preset), guards: proposeGuards(preset.guards, found), ...checked };
    case 'no-guard-needed':
      return { ...bare(preset), guards: preset.guards.filter((g) => g.optional), ...checked };
    default:
      return null;
  }
}

/** Checks a preset against the installed app (see the module comment). */
export async function checkPreset(
  os: OsApi,
  plan: CheckPlan,
  onProgress: (p: CheckProgress) => void = () => {},
  timing: LearnTiming = DEFAULT_LEARN_TIMING,
): Promise<Outcome<CheckReport>> {
  const { preset } = plan;
  const session = new LearnSession(os, plan.exePath, onProgress, timing, plan.copyOptions);
  const report: CheckReport = {
    preset: preset.id, status: 'unexplained', exe: session.exe, path: plan.exePath, appVersion: null,
    expected: preset.guards.map((g) => ({ ...g, held: false })), found: [], proposed: null, windows: [], trials: 0, durationMs: 0, notes: [],
  };
  const refused = await session.prepare('a check');
  if (refused) return { ok: false, error: refused };
  const version = await os.fileVersion(plan.exePath);
  report.appVersion = version.ok ? version.value : null;
  if (!version.ok || version.value === null) report.notes.push(`${session.exe} has no readable version resource; the result is recorded without a version`);

  let change: RegistryChange | null = null;
  // A check starts two copies: a value the launch changes for two copies is changed for the check too.
  if (appliesTo(preset.launchRegistry, 2)) {
    const begun = await beginRegistryChange(os, preset.launchRegistry, plan.registryJournal);
    if (!begun.ok) return { ok: false, error: begun.error };
    change = begun.change;
  }
  let outcome: Outcome<CheckReport>;
  try {
    const error = await examine(session, report, onProgress);
    outcome = error ? { ok: false, error } : { ok: true, value: report };
  } finally {
    await session.endAll();
    const problem = await change?.restore();
    if (problem) report.notes.push(problem.message);
  }
  report.trials = session.trials;
  report.durationMs = Date.now() - session.started;
  if (outcome.ok) report.proposed = proposal(preset, report.status, report.found, report.appVersion);
  return outcome;
}

/** The check's steps on a fresh first copy; fills `report`, or returns what stopped it. */
async function examine(session: LearnSession, report: CheckReport, onProgress: (p: CheckProgress) => void): Promise<EngineError | null> {
  const first = await session.startFirst();
  if ('code' in first) return first;
  const collected = await session.collect(first);
  if ('code' in collected) return collected;
  if (collected.denied.length > 0) {
    report.status = 'access-denied';
    report.notes.push(`cannot read the handles of ${session.exe} (PID ${collected.denied.join(', ')}): it runs with higher rights than Multiopen; run the check as administrator`);
    return null;
  }
  const holder = (g: GuardSpec) => collected.entries.find((e) => e.name && guardMatches(g, e.typeName, e.name));
  report.expected = report.expected.map((g): CheckedGuard => ({ ...g, held: holder(g) !== undefined }));
  onProgress({ step: 'compared', expected: report.expected, appVersion: report.appVersion });
  const held = report.expected.filter((g) => g.held).map((g): GuardSpec => ({ type: g.type, name: g.name, ...(g.optional ? { optional: true } : {}) }));
  const closedBefore: LearnCandidate[] = [];
  if (held.length > 0) {
    const closed = await session.closeIn(first, held);
    if (!closed.ok) return closed.error;
    for (const f of closed.value.failed) report.notes.push(`could not close ${f.message}`);
    for (const g of held) closedBefore.push({ type: g.type, name: g.name, fullName: holder(g)?.name ?? g.name, score: 100 });
  }
  const up = await session.trial();
  if (typeof up !== 'boolean') return up;
  const requiredHeld = report.expected.filter((g) => !g.optional).every((g) => g.held);
  if (up) {
    if (held.length === 0) report.status = report.expected.some((g) => !g.optional) ? 'no-guard-needed' : 'ok';
    else report.status = requiredHeld ? 'ok' : 'guard-changed';
    report.found = held.map((g) => ({ type: g.type, name: g.name }));
    return null;
  }
  onProgress({ step: 'refused', trial: session.trials });
  // What the preset names was closed already (or is not there): search the rest, most likely first.
  const rest = collected.candidates.filter((c) => !report.expected.some((g) => guardMatches(g, c.type === 'Pipe' ? 'File' : c.type, c.fullName)));
  const search = await closeUntilSurvives(session, first, rest, onProgress, closedBefore);
  if ('code' in search) return search;
  if (!search.survived) {
    report.status = 'unexplained';
    report.windows = await session.windowsOf(first.tree);
    report.notes.push(
      session.outOfTime()
        ? `no guard found within ${Math.round(session.timing.totalMs / 1000)} s`
        : `a second copy is refused and closing every named object, pipe and locked file of ${session.exe} did not change that${report.windows[0] ? `: it may look for its first copy's window (class "${report.windows[0].className}")` : ''}`,
    );
    return null;
  }
  const needed = await keepNeeded(session, search.closed, onProgress, report.notes);
  if (!Array.isArray(needed)) return needed;
  report.found = needed.map((c) => ({ type: c.type, name: c.name }));
  report.status = 'guard-changed';
  return null;
}

/** How a check starts its n-th copy: like a launch's n-th copy (arguments, data folder, environment), so a preset with arguments is checked as it runs. */
export function presetCopyOptions(os: OsApi, preset: Preset, exePath: string, env: NodeJS.ProcessEnv): CopyOptions {
  return async (index) => {
    let dir: string | undefined;
    if (preset.instanceDir) {
      dir = expandEnvironment(fillTemplate(preset.instanceDir, index, undefined), env);
      const made = await os.ensureDirectory(dir);
      if (!made.ok) return { ...describeFailure(made.failure, `creating the data folder ${dir}`), code: 'FILE_ERROR' };
    }
    const fill = (t: string) => expandEnvironment(fillTemplate(t, index, dir), env);
    return {
      args: (preset.args ?? []).map(fill),
      cwd: path.win32.dirname(exePath),
      ...(preset.env ? { env: Object.fromEntries(Object.entries(preset.env).map(([k, v]) => [k, fill(v)])) } : {}),
    };
  };
}
