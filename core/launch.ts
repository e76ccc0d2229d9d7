import * as path from 'node:path';
import type { ElevationFacts, ExecutionLevel, HeldObject, OsApi, OsFailure, SpawnLevel, Spawned } from '../native-bindings/os-api';
import { describeFailure, engineError } from './errors';
import { formatGuardSpec } from './guards';
import { expandEnvironment } from './locate';
import { ALLOWED_ENV, programPathProblem } from './presets/safety';
import { appliesTo, beginRegistryChange, restoreLeftover } from './launch-registry';
import type { EngineError, GuardSpec, LaunchProgress, LaunchRegistryValue, LaunchReport, Outcome, PreclaimSpec, ReadySpec } from './model';
import { waitUntilReady } from './ready';
import { instanceRoots, listProcesses, lockHolderPids, processTree, sameStart } from './processes';
import { closeGuardsIn, missingGuards } from './unlock';
import type { LaunchIndexer } from './instances';

/** Bounded waits of a launch, in milliseconds. */
export interface LaunchTiming {
  /** How often to look for the new instance's guard. */
  pollMs: number;
  /** How long a new instance may take to create its guard. */
  guardTimeoutMs: number;
  /** For apps without a guard: how long a new instance must stay alive to count as started. */
  settleMs: number;
}

/** Defaults that suit real apps (WeChat needs a few seconds on a slow disk). */
export const DEFAULT_LAUNCH_TIMING: LaunchTiming = { pollMs: 150, guardTimeoutMs: 30_000, settleMs: 1_500 };

/** Everything a launch needs, resolved by the caller (preset or explicit path). */
export interface LaunchPlan {
  exePath: string;
  /** Process image name that identifies an instance ("WeChat.exe"). */
  exe: string;
  guards: GuardSpec[];
  /** Argument templates: "{index}" is the instance number, "{dir}" its data folder. */
  args: string[];
  count: number;
  /** Per-instance data folder template, created before the instance starts. */
  instanceDir?: string | undefined;
  /** Per-instance environment templates. */
  env?: Record<string, string> | undefined;
  /** Objects to create and hold before launching (pre-claim strategy); guards are then not waited for. */
  preclaim?: PreclaimSpec[] | undefined;
  /** The process environment, for %VAR% expansion. */
  processEnv?: NodeJS.ProcessEnv;
  /** The app needs administrator rights (a preset may say so): an elevated Multiopen keeps them for it. */
  needsElevation?: boolean | undefined;
  /** The user explicitly asked to start the copies elevated (the UAC prompt); never set automatically. */
  elevate?: boolean | undefined;
  /** A registry value changed for the launch and restored however it ends (launch-registry.ts). */
  launchRegistry?: LaunchRegistryValue | undefined;
  /** Where the value as it was is kept until it is restored (the presets home), so a killed launch is undone later. */
  registryJournal?: string | undefined;
  /** What "ready" means before the next copy starts (ready.ts); by default a copy is ready once it holds its guard. */
  ready?: ReadySpec | undefined;
  /** Which copies ({index}) to start and where each started one is noted (instances.ts); by default the numbers after the running count. */
  indexer?: LaunchIndexer | undefined;
}

/**
 * The rights to start copies with. An elevated Multiopen must not pass its rights on: an administrator who
 * elevated ('full' token) starts apps at the desktop user's level, unless the app needs elevation (its
 * manifest, or the preset). A Multiopen that is not elevated cannot start an app that requires
 * administrator rights ('elevation-required'), unless the user asked for the UAC prompt ('elevated').
 */
export function decideSpawnLevel(
  self: ElevationFacts | null,
  requested: ExecutionLevel | null | undefined,
  plan: Pick<LaunchPlan, 'needsElevation' | 'elevate'>,
): SpawnLevel | 'elevation-required' {
  // highestAvailable elevates an administrator (whose unelevated token is 'limited'), not a standard user.
  const needsAdmin = plan.needsElevation === true || requested === 'requireAdministrator' || (requested === 'highestAvailable' && self?.type !== 'default');
  if (self?.elevated) return needsAdmin || plan.elevate || self.type !== 'full' ? 'inherit' : 'desktop-user';
  if (plan.elevate) return 'elevated';
  return needsAdmin && self !== null ? 'elevation-required' : 'inherit';
}

/** A start with the shell's token that failed for want of the token (no shell window, a refused token), not because of the program. */
function tokenPathFailure(failure: OsFailure): boolean {
  if (failure.kind !== 'win32') return failure.kind === 'unsupported';
  return failure.call !== 'CreateProcessWithTokenW' || failure.code === 5 || failure.code === 1314;
}

/**
 * Starts one copy at `level`; a desktop-user start that cannot get the user's token falls back to our own
 * token (the report then says the copy runs elevated). Returns the level used, for the next copies.
 */
async function spawnAt(
  os: OsApi,
  file: string,
  options: Parameters<OsApi['spawnDetached']>[1],
  level: SpawnLevel,
): Promise<{ spawned: Awaited<ReturnType<OsApi['spawnDetached']>>; level: SpawnLevel }> {
  const first = await os.spawnDetached(file, { ...options, level });
  if (first.ok || level !== 'desktop-user' || !tokenPathFailure(first.failure)) return { spawned: first, level };
  return { spawned: await os.spawnDetached(file, { ...options, level: 'inherit' }), level: 'inherit' };
}

/** The level a started copy runs at, for the report. */
function levelOf(spawned: Spawned): { level?: 'normal' | 'elevated' } {
  return spawned.level ? { level: spawned.level } : {};
}

/** Fills "{index}" and "{dir}" in a template. */
export function fillTemplate(template: string, index: number, dir: string | undefined): string {
  return template.replaceAll('{index}', String(index)).replaceAll('{dir}', dir ?? '');
}

/** Objects a launch claimed; they stay held until released (the CLI releases them when it exits). */
export interface LaunchClaims {
  held: HeldObject[];
}

/** The first environment variable a launch may not set, as a problem. */
function envProblem(env: Record<string, string> | undefined): { field: string; message: string } | null {
  const name = Object.keys(env ?? {}).find((k) => !ALLOWED_ENV.has(k.toUpperCase()));
  return name === undefined ? null : { field: `env.${name}`, message: `env.${name}: a launch may not set ${name}` };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the new instance (its process or a child it started) holds every required guard, then closes
 * them so the next copy can start. Fails when the instance exits first or never creates its guard.
 */
async function waitAndCloseGuard(
  os: OsApi,
  plan: LaunchPlan,
  pid: number,
  report: LaunchReport,
  timing: LaunchTiming,
  cancelled: () => boolean,
  startTime: number,
): Promise<EngineError | null> {
  // Under pre-claim the app cannot create its guard (we hold the name): only check that it stays up.
  const required = plan.preclaim?.length ? [] : plan.guards.filter((g) => !g.optional);
  const deadline = Date.now() + (required.length > 0 ? timing.guardTimeoutMs : timing.settleMs);
  for (;;) {
    if (cancelled()) return engineError('TIMEOUT', `stopped while waiting for ${plan.exe} (PID ${pid}) to create its guard`);
    const procs = await listProcesses(os);
    if (!procs.ok) return procs.error;
    // A PID that now belongs to a process started at another time is not our copy any more.
    const reused = procs.value.some((p) => p.pid === pid && !sameStart(p.startTime, startTime));
    const tree = reused ? [] : [...processTree(procs.value, pid)].filter((p) => procs.value.some((q) => q.pid === p));
    if (tree.length === 0) {
      return engineError('INSTANCE_EXITED', `${plan.exe} (PID ${pid}) exited before it was ready; it may have refused to start because a guard is still held, or it crashed`);
    }
    if (required.length === 0) {
      if (Date.now() >= deadline) return null;
      await sleep(timing.pollMs);
      continue;
    }
    // A new copy's lock is held by it or by a helper started after it.
    const closed = await closeGuardsIn(os, tree, plan.guards, startTime ? lockHolderPids(procs.value, plan.exe, startTime) : undefined);
    if (!closed.ok) return closed.error;
    report.closed.push(...closed.value.closed);
    if (closed.value.failed.length > 0) {
      report.failed.push(...closed.value.failed);
      return closed.value.failed[0] as EngineError;
    }
    if (missingGuards(plan.guards, closed.value.found, plan.exe).length === 0) return null;
    // A copy started with higher rights (its manifest asks for them) cannot be read: say so at once.
    const denied = missingGuards(plan.guards, closed.value.found, plan.exe, closed.value.denied);
    if (denied[0]?.code === 'ACCESS_DENIED') return denied[0] as EngineError;
    if (Date.now() >= deadline) {
      const missing = plan.guards.filter((g, i) => !g.optional && !closed.value.found.has(i)).map(formatGuardSpec);
      return engineError(
        'GUARD_TIMEOUT',
        `${plan.exe} (PID ${pid}) is running but did not create ${missing.join(', ')} within ${Math.round(timing.guardTimeoutMs / 1000)} s; the app may have changed its guard after an update`,
      );
    }
    await sleep(timing.pollMs);
  }
}

/**
 * Makes `plan.count` instances run in total: close the guards of the running ones, launch one, wait for its
 * guard, close it, repeat. Stops at the first failure, reporting what ran and why it stopped. A registry
 * value the preset changes for the launch is restored however the launch ends, a thrown error included.
 */
export async function launchInstances(
  os: OsApi,
  plan: LaunchPlan,
  onProgress: (p: LaunchProgress) => void = () => {},
  timing: LaunchTiming = DEFAULT_LAUNCH_TIMING,
  claims: LaunchClaims = { held: [] },
  cancelled: () => boolean = () => false,
): Promise<Outcome<LaunchReport>> {
  if (!appliesTo(plan.launchRegistry, plan.count)) {
    // A value a killed launch left changed is put back first, whatever this launch does.
    const leftover = await restoreLeftover(os, plan.registryJournal);
    const result = await launchSteps(os, plan, onProgress, timing, claims, cancelled);
    if (leftover && result.ok) result.value.failed.push({ pid: null, handle: null, ...leftover });
    return result;
  }
  const begun = await beginRegistryChange(os, plan.launchRegistry, plan.registryJournal);
  if (!begun.ok) return { ok: true, value: { launched: [], running: 0, exe: plan.exePath, closed: [], failed: [{ pid: null, handle: null, ...begun.error }] } };
  let result: Outcome<LaunchReport> | undefined;
  try {
    result = await launchSteps(os, plan, onProgress, timing, claims, cancelled);
  } finally {
    const problem = await begun.change.restore();
    if (problem && result?.ok) result.value.failed.push({ pid: null, handle: null, ...problem });
  }
  return result;
}

/** The steps of a launch (see launchInstances). */
async function launchSteps(
  os: OsApi,
  plan: LaunchPlan,
  onProgress: (p: LaunchProgress) => void = () => {},
  timing: LaunchTiming = DEFAULT_LAUNCH_TIMING,
  claims: LaunchClaims = { held: [] },
  /** Checked between steps: a stopping watcher ends its launch early instead of holding up its stop. */
  cancelled: () => boolean = () => false,
): Promise<Outcome<LaunchReport>> {
  const report: LaunchReport = { launched: [], running: 0, exe: plan.exePath, closed: [], failed: [] };
  const first = await listProcesses(os);
  if (!first.ok) return first;
  let running = instanceRoots(first.value, plan.exe).length;
  // Each copy keeps its index (and so its data folder and arguments): the free ones are filled, not "running + 1..N".
  const indices = plan.indexer?.pickIndices(instanceRoots(first.value, plan.exe), first.value, plan.count) ?? Array.from({ length: Math.max(0, plan.count - running) }, (_, i) => running + 1 + i);
  const target = running + indices.length;
  if (indices.length > 0 && running > 0 && plan.guards.length > 0) {
    onProgress({ step: 'unlocking', running, target });
    const pids = instanceRoots(first.value, plan.exe).flatMap((root) => [...processTree(first.value, root.pid)]);
    const closed = await closeGuardsIn(os, pids, plan.guards, lockHolderPids(first.value, plan.exe));
    if (!closed.ok) return closed;
    report.closed.push(...closed.value.closed);
    report.failed.push(...closed.value.failed);
  }
  if (indices.length > 0 && report.failed.length === 0) {
    for (const spec of plan.preclaim ?? []) {
      if (claims.held.some((h) => h.typeName === spec.type && h.name === spec.name)) continue;
      const held = await os.holdNamedObject(spec.type, spec.name);
      if (!held.ok) {
        const error = describeFailure(held.failure, `pre-claiming ${spec.type} "${spec.name}"`);
        report.failed.push({ pid: null, handle: null, ...error, code: 'PRECLAIM_FAILED' });
        break;
      }
      claims.held.push(held.value);
    }
  }
  const env = plan.processEnv ?? process.env;
  // Checked again on the resolved file, right before anything starts: a registry value or a running copy could name another program.
  const unsafe = programPathProblem(plan.exe, plan.exePath, 'path') ?? envProblem(plan.env);
  if (unsafe && indices.length > 0) {
    report.failed.push({ pid: null, handle: null, ...engineError('PRESET_UNSAFE', `${unsafe.message}; nothing was started`), field: unsafe.field });
    return { ok: true, value: report };
  }
  let level: SpawnLevel = 'inherit';
  if (indices.length > 0 && report.failed.length === 0) {
    const [self, requested] = await Promise.all([os.processElevation(), os.requestedExecutionLevel(plan.exePath)]);
    const decided = decideSpawnLevel(self.ok ? self.value : null, requested.ok ? requested.value : undefined, plan);
    if (decided === 'elevation-required') {
      const error = engineError(
        'ELEVATION_REQUIRED',
        `${plan.exe} requires administrator rights (its manifest says so) and Multiopen is not elevated, so Windows would refuse to start it; start it elevated (launch with elevation and confirm the Windows prompt) or restart Multiopen as administrator`,
      );
      report.failed.push({ pid: null, handle: null, ...error });
      onProgress({ step: 'failed', index: indices[0] ?? running + 1, code: error.code, message: error.message });
      return { ok: true, value: report };
    }
    level = decided;
  }
  for (const [n, index] of indices.entries()) {
    if (report.failed.length > 0 || cancelled()) break;
    onProgress({ step: 'launching', index, target });
    let dir: string | undefined;
    if (plan.instanceDir) {
      dir = expandEnvironment(fillTemplate(plan.instanceDir, index, undefined), env);
      const made = await os.ensureDirectory(dir);
      if (!made.ok) {
        const error = describeFailure(made.failure, `creating the data folder ${dir}`);
        report.failed.push({ pid: null, handle: null, ...error, code: 'FILE_ERROR' });
        onProgress({ step: 'failed', index, code: 'FILE_ERROR', message: error.message });
        break;
      }
    }
    const instanceEnv = plan.env ? Object.fromEntries(Object.entries(plan.env).map(([k, v]) => [k, expandEnvironment(fillTemplate(v, index, dir), env)])) : undefined;
    const started = await spawnAt(
      os,
      plan.exePath,
      {
        args: plan.args.map((a) => expandEnvironment(fillTemplate(a, index, dir), env)),
        cwd: path.win32.dirname(plan.exePath),
        ...(instanceEnv ? { env: instanceEnv } : {}),
      },
      level,
    );
    level = started.level;
    const spawned = started.spawned;
    if (!spawned.ok) {
      const error = describeFailure(spawned.failure, `starting ${plan.exePath}`);
      const kept = error.code === 'EXE_NOT_FOUND' || error.code === 'ELEVATION_REQUIRED';
      const item = { pid: null, handle: null, ...error, code: kept ? error.code : ('LAUNCH_FAILED' as const) };
      report.failed.push(item);
      onProgress({ step: 'failed', index, code: item.code, message: item.message });
      break;
    }
    const pid = spawned.value.pid;
    plan.indexer?.recordIndex(index, pid, spawned.value.startTime);
    onProgress({ step: 'waiting-guard', index, pid });
    const problem = await waitAndCloseGuard(os, plan, pid, report, timing, cancelled, spawned.value.startTime);
    if (problem) {
      if (!report.failed.some((f) => f.code === problem.code && f.message === problem.message)) report.failed.push({ pid, handle: null, ...problem });
      onProgress({ step: 'failed', index, code: problem.code, message: problem.message });
      break;
    }
    // Readiness as the preset defines it, before the next copy starts (the last one has no next).
    const notReady = plan.ready && n < indices.length - 1 ? await waitUntilReady(os, plan.ready, { exe: plan.exe, pid, startTime: spawned.value.startTime, fill: (t) => fillTemplate(t, index, dir), env }, timing.pollMs, cancelled) : null;
    if (notReady) {
      report.failed.push({ pid, handle: null, ...notReady });
      onProgress({ step: 'failed', index, code: notReady.code, message: notReady.message });
      break;
    }
    report.launched.push({ pid, index, ...levelOf(spawned.value) });
    onProgress({ step: 'launched', index, pid, ...levelOf(spawned.value) });
    running++;
  }
  const last = await listProcesses(os);
  report.running = last.ok ? instanceRoots(last.value, plan.exe).length : running;
  return { ok: true, value: report };
}
