import type { Engine } from '../core/engine';
import type { CloseReport, EngineError, Outcome, WatchEvent } from '../core/model';
import { printJson, type CliIo } from './output';

/** What the CLI needs from its host; the entry point builds these, tests pass fakes. */
export interface CliDeps {
  io: CliIo;
  /** Builds the engine on first use (commands such as `presets` never touch the OS). */
  engine(): Engine;
  /** Adds a listener for the engine's watcher events. */
  watchEvents?(listener: (event: WatchEvent) => void): void;
  /** Resolves when the user asks a long-running command (watch) to stop. */
  untilStopped?(): Promise<void>;
  /** Starts the browser-mode server; resolves when the server stops. */
  serve?(engine: Engine, options: { port: number; io: CliIo; watchEvents?: (listener: (event: WatchEvent) => void) => void }): Promise<number>;
  /** Asks the user a yes/no question at the terminal; absent when there is no terminal (then nothing is assumed). */
  confirm?(question: string): Promise<boolean>;
  version: string;
}

/** Exit codes of the CLI contract. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Writes a failure (usage or operation) in the format the mode asks for. */
export function printError(io: CliIo, json: boolean, error: EngineError): void {
  if (json) printJson(io, { error });
  else io.err(`multiopen: ${error.message} [${error.code}]\n`);
}

/** The failure item of the JSON contract: pid, handle, code, message (and the raw status when known). */
export function failedJson(f: CloseReport['failed'][number]) {
  return { pid: f.pid, handle: f.handle, code: f.code, message: f.message, ...(f.status ? { status: f.status } : {}), ...(f.field ? { field: f.field } : {}), ...(f.unnamed ? { unnamed: f.unnamed } : {}) };
}

/** An engine outcome that is a usage problem (unknown preset) exits 2; other failures exit 1. */
export function failOutcome(io: CliIo, json: boolean, outcome: Extract<Outcome<unknown>, { ok: false }>): number {
  printError(io, json, outcome.error);
  return outcome.error.code === 'PRESET_NOT_FOUND' || outcome.error.code === 'USAGE' ? EXIT.usage : EXIT.failed;
}
