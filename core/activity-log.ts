/**
 * The activity log: one line per close, unlock, launch, check and learn (what was asked, what came of
 * it), written to a size-capped file under the presets home. Core stays free of Electron: it is handed
 * a logger (electron-log's node entry in the CLI and the engine host, its main entry in Electron main)
 * and only sets the fields of it that say where the file is and how large it may grow.
 */
import * as path from 'node:path';
import type { Engine } from './engine';
import type { CloseHandleTarget, CloseReport, EngineError, FailedItem, LaunchReport, LaunchTarget, Outcome, UnlockTarget, WatchEvent } from './model';

/** Where log lines go. */
export interface LogPort {
  info(line: string): void;
  warn(line: string): void;
}

/** Folder of the log files, under the presets home (%APPDATA%\Multiopen or MULTIOPEN_HOME). */
export function logFolder(home: string): string {
  return path.join(home, 'logs');
}

/** One file per kind of process, so two processes never rotate each other's file. */
export type LogName = 'cli' | 'app' | 'engine';

/** Size at which a log file is moved to NAME.old.log and started afresh: at most about twice this per process kind. */
export const LOG_MAX_BYTES = 1024 * 1024;

/** What of an electron-log logger (node or main entry) the log sets; declared here so core imports no logging library. */
export interface FileLogger extends LogPort {
  transports: {
    file: { level: string | false; maxSize: number; resolvePathFn: (vars: never) => string; setAppName(name: string): void };
    console: { level: string | false };
  };
}

/**
 * Points `logger` at `<home>/logs/<name>.log`, rotated at `maxBytes`, and turns its console output off
 * (stdout is the CLI's contract; a log line there would break --json). A file that cannot be written
 * is the logger's own error and never the operation's.
 */
export function openFileLog<L extends FileLogger>(logger: L, options: { home: string; name: LogName; maxBytes?: number }): L & { file: string } {
  const file = path.join(logFolder(options.home), `${options.name}.log`);
  const { transports } = logger;
  transports.console.level = false;
  // electron-log asks the app's name for its default folder even when the path is ours.
  transports.file.setAppName('Multiopen');
  transports.file.resolvePathFn = () => file;
  transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  transports.file.level = 'info';
  return Object.assign(logger, { file });
}

function failureText(error: Pick<EngineError, 'code' | 'message'>): string {
  return `${error.code} (${error.message})`;
}

function failedText(failed: readonly FailedItem[]): string {
  return failed.length === 0 ? '' : `; failed ${failed.map((f) => `${f.pid === null ? '' : `PID ${f.pid} `}${f.code}`).join(', ')}`;
}

function closeReportText(report: CloseReport): string {
  const closed = report.closed.map((c) => `PID ${c.pid} ${c.handle} ${c.type}:${c.name}`).join(', ');
  return `closed ${report.closed.length}${closed ? ` (${closed})` : ''}${failedText(report.failed)}`;
}

function unlockText(target: UnlockTarget): string {
  return 'preset' in target ? `preset ${target.preset}` : `${target.exe} ${target.guards.map((g) => `${g.type}:${g.name}`).join(' ')}`;
}

function launchText(target: LaunchTarget): string {
  return `${'preset' in target ? `preset ${target.preset}` : target.path} -n ${target.count}${target.elevate ? ' elevated' : ''}`;
}

function launchReportText(report: LaunchReport): string {
  const pids = report.launched.map((l) => l.pid).join(', ');
  return `launched ${report.launched.length}${pids ? ` (PID ${pids})` : ''}, ${report.running} running, closed ${report.closed.length}${failedText(report.failed)}`;
}

/** Logs `what` with the outcome's summary: info when everything worked, warn otherwise. */
function logOutcome<T>(log: LogPort, what: string, outcome: Outcome<T>, summary: (value: T) => { text: string; failed: number }): void {
  if (!outcome.ok) return log.warn(`${what} -> ${failureText(outcome.error)}`);
  const { text, failed } = summary(outcome.value);
  (failed === 0 ? log.info : log.warn).call(log, `${what} -> ${text}`);
}

/** The close line of one handle close, e.g. `close PID 4120 0x1c4 -> closed 1 (PID 4120 0x1c4 Mutant:X)`. */
export function logClose(log: LogPort, target: CloseHandleTarget, outcome: Outcome<CloseReport>): void {
  logOutcome(log, `close PID ${target.pid} ${target.handle}${target.type ? ` ${target.type}:${target.name ?? ''}` : ''}`, outcome, (r) => ({ text: closeReportText(r), failed: r.failed.length }));
}

/** The unlock line: what was unlocked and every handle closed or refused. */
export function logUnlock(log: LogPort, target: UnlockTarget, outcome: Outcome<CloseReport>): void {
  logOutcome(log, `unlock ${unlockText(target)}`, outcome, (r) => ({ text: closeReportText(r), failed: r.failed.length }));
}

/** The launch line: what was launched, the PIDs started and each failure's code. */
export function logLaunch(log: LogPort, target: LaunchTarget, outcome: Outcome<LaunchReport>): void {
  logOutcome(log, `launch ${launchText(target)}`, outcome, (r) => ({ text: launchReportText(r), failed: r.failed.length }));
}

/** A watcher's closes, relaunches and failures (its state changes are not activity). */
export function logWatchEvent(log: LogPort, event: WatchEvent): void {
  if (event.kind === 'closed') log.info(`watch ${event.presetId} -> closed PID ${event.handle.pid} ${event.handle.handle} ${event.handle.type}:${event.handle.name}`);
  else if (event.kind === 'launched') log.info(`watch ${event.presetId} -> launched PID ${event.pid}`);
  else if (event.kind === 'failed') log.warn(`watch ${event.presetId} -> ${event.failure.pid === null ? '' : `PID ${event.failure.pid} `}${failureText(event.failure)}`);
}

/**
 * The same engine, with every close, unlock, launch, learn and check written to `log`. Front ends wrap
 * the engine they build, so the CLI, `multiopen serve` and the app's engine process log alike without
 * core knowing where the lines go.
 */
export function withActivityLog(engine: Engine, log: LogPort): Engine {
  return {
    ...engine,
    async closeHandle(target) {
      const outcome = await engine.closeHandle(target);
      logClose(log, target, outcome);
      return outcome;
    },
    async unlock(target) {
      const outcome = await engine.unlock(target);
      logUnlock(log, target, outcome);
      return outcome;
    },
    async launch(target, onProgress) {
      const outcome = await engine.launch(target, onProgress);
      logLaunch(log, target, outcome);
      return outcome;
    },
    async learn(target, onProgress) {
      const outcome = await engine.learn(target, onProgress);
      logOutcome(log, `learn ${target.path}`, outcome, (r) => ({ text: `guards ${r.guards.map((g) => `${g.type}:${g.name}`).join(' ') || 'none'}, ${r.trials} trial copies`, failed: 0 }));
      return outcome;
    },
    async check(target, onProgress) {
      const outcome = await engine.check(target, onProgress);
      logOutcome(log, `check ${target.preset}`, outcome, (r) => ({ text: r.status, failed: r.status === 'ok' ? 0 : 1 }));
      return outcome;
    },
  };
}
