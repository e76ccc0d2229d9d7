/**
 * "Restart as administrator": runs the elevation stub (electron/elevate) as a plain child process, so its
 * exit code says what happened, and quits only when an elevated Multiopen really started as this user.
 * The stub asks Windows for elevation itself (the UAC prompt); see electron/elevate/elevate.c for its codes.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Outcome } from '../../core/model';
import { appExecutable } from './app-executable';

/** The stub's exit codes (electron/elevate/elevate.c). */
export const STUB_EXIT = { STARTED: 0, NOT_FOUND: 2, START_FAILED: 3, DECLINED: 4, ELEVATION_FAILED: 5, OTHER_ACCOUNT: 6 } as const;

/** What a restart needs from Electron and the OS; tests fake it. */
export interface RestartDeps {
  platform: NodeJS.Platform;
  /** resources\elevate\multiopen-elevate.exe of this build. */
  stub: string;
  /** The exe the elevated copy must start: PORTABLE_EXECUTABLE_FILE for the portable build. */
  target: string;
  exists(file: string): boolean;
  /** Runs the stub and resolves with its exit code (null when it could not run). */
  run(file: string, args: string[]): Promise<number | null>;
  releaseLock(): void;
  reacquireLock(): void;
  /** Quits this copy (after the answer has been sent). */
  quit(): void;
}

/** An elevated copy is starting; `otherAccount` when it runs as another account than this one (its own presets and settings). */
export type RestartResult = { restarting: true; otherAccount?: true };

const failure = (code: 'UNSUPPORTED' | 'EXE_NOT_FOUND' | 'LAUNCH_FAILED' | 'ACCESS_DENIED', message: string): Outcome<never> => ({ ok: false, error: { code, message } });

/**
 * Restarts Multiopen elevated. Our single-instance lock is released first so that the elevated copy can
 * take it, and taken back whenever this copy stays: the stub failed (nothing else runs), the prompt was
 * declined, or the elevated copy runs as another account (the user typed an administrator's credentials;
 * that copy sees that account's %APPDATA%, so this one, with the user's presets, stays open).
 */
export async function restartElevated(deps: RestartDeps): Promise<Outcome<RestartResult>> {
  if (deps.platform !== 'win32' || !deps.exists(deps.stub)) return failure('UNSUPPORTED', 'restart Multiopen with "Run as administrator" from its shortcut');
  deps.releaseLock();
  const code = await deps.run(deps.stub, ['--target', deps.target]);
  if (code === STUB_EXIT.STARTED) {
    setTimeout(() => deps.quit(), 300);
    return { ok: true, value: { restarting: true } };
  }
  deps.reacquireLock();
  switch (code) {
    case STUB_EXIT.OTHER_ACCOUNT:
      return { ok: true, value: { restarting: true, otherAccount: true } };
    case STUB_EXIT.DECLINED:
      return failure('ACCESS_DENIED', 'elevation was not granted (the administrator prompt was declined); Multiopen keeps running as before');
    case STUB_EXIT.NOT_FOUND:
      return failure('EXE_NOT_FOUND', `the elevated helper did not find ${deps.target}; Multiopen keeps running as before`);
    case STUB_EXIT.START_FAILED:
      return failure('LAUNCH_FAILED', `the elevated helper could not start ${deps.target}; Multiopen keeps running as before`);
    default:
      return failure('LAUNCH_FAILED', `the elevation helper failed (exit code ${String(code)}); Multiopen keeps running as before`);
  }
}

/** The stub packaged beside the app (electron-builder.yml extraResources). */
export function elevateStubPath(resourcesPath: string = process.resourcesPath ?? ''): string {
  return path.join(resourcesPath, 'elevate', 'multiopen-elevate.exe');
}

/** Runs a program and resolves with its exit code; null when it could not be started. */
function runForExitCode(file: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'ignore', windowsHide: true });
    child.once('error', () => resolve(null));
    child.once('exit', (code) => resolve(code));
  });
}

/** The dependencies of a real restart, from Electron's app. */
export function electronRestartDeps(app: { releaseSingleInstanceLock(): void; requestSingleInstanceLock(): boolean; quit(): void }): RestartDeps {
  return {
    platform: process.platform,
    stub: elevateStubPath(),
    target: appExecutable(),
    exists: (file) => fs.existsSync(file),
    run: runForExitCode,
    releaseLock: () => app.releaseSingleInstanceLock(),
    reacquireLock: () => void app.requestSingleInstanceLock(),
    quit: () => app.quit(),
  };
}
