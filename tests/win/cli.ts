/**
 * Typed helpers over `runCli` for the contract of DESIGN.md: the JSON shapes of ps/handles/close/unlock/
 * launch, and the error code(s) a failed run reports.
 */
import { expect } from 'vitest';
import type { CloseReport, HandleRow, LaunchReport, ProcessRow } from '../../core/model';
import { describeRun, expectJson, runCli, type CliOptions, type CliResult } from './harness';

/** Hex string of the contract ("0x1c4"). */
export const HEX = /^0x[0-9a-f]+$/i;

/** `ps --name NAME --json`, expecting success. */
export async function psJson(name: string, opts?: CliOptions): Promise<ProcessRow[]> {
  const r = await runCli<ProcessRow[]>(['ps', '--name', name, '--json'], opts);
  expect(r.code, describeRun(r)).toBe(0);
  return expectJson(r);
}

/** PIDs of running processes whose image name is exactly `exe` (case-insensitive), seen through the CLI. */
export async function runningPids(exe: string, opts?: CliOptions): Promise<number[]> {
  return (await psJson(exe, opts)).filter((p) => p.name.toLowerCase() === exe.toLowerCase()).map((p) => p.pid);
}

/** `handles ...args --json`, expecting success. */
export async function handlesJson(args: string[], opts?: CliOptions): Promise<HandleRow[]> {
  const r = await runCli<HandleRow[]>(['handles', ...args, '--json'], opts);
  expect(r.code, describeRun(r)).toBe(0);
  return expectJson(r);
}

/** Runs a close/unlock command with --json and returns the run and its report. */
export async function closeLike(args: string[], opts?: CliOptions): Promise<{ run: CliResult<CloseReport>; report: CloseReport }> {
  const run = await runCli<CloseReport>([...args, '--json'], opts);
  return { run, report: expectJson(run) };
}

/** Runs a launch command with --json and returns the run and its report. */
export async function launchJson(args: string[], opts?: CliOptions): Promise<{ run: CliResult<LaunchReport>; report: LaunchReport }> {
  const run = await runCli<LaunchReport>(['launch', ...args, '--json'], opts);
  return { run, report: expectJson(run) };
}

/**
 * Error codes a run reports in its JSON: `error.code` (a command that could not run at all: usage errors,
 * unknown presets, a corrupt store) and every `failed[].code` (per-item failures of close/unlock/launch).
 */
export function errorCodes(r: CliResult): string[] {
  const codes: string[] = [];
  const j = r.json as { error?: { code?: unknown; message?: unknown }; failed?: { code?: unknown }[] } | undefined;
  if (j && typeof j === 'object' && !Array.isArray(j)) {
    if (j.error) {
      expect(typeof j.error.message, 'an error carries a message').toBe('string');
      if (typeof j.error.code === 'string') codes.push(j.error.code);
    }
    if (Array.isArray(j.failed)) for (const f of j.failed) if (typeof f.code === 'string') codes.push(f.code);
  }
  return codes;
}

/** Asserts a run ended with `exitCode` and reported `code` in its JSON. */
export function expectFailure(r: CliResult, exitCode: 1 | 2, code: string): void {
  expect(r.code, describeRun(r)).toBe(exitCode);
  expect(r.json, `stdout must be one JSON document\n${describeRun(r)}`).toBeDefined();
  expect(errorCodes(r), describeRun(r)).toContain(code);
}

/** The part of an object name after its last backslash. */
export function leafName(name: string | null): string {
  return (name ?? '').slice((name ?? '').lastIndexOf('\\') + 1);
}
