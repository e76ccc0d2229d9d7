// The "restart as administrator" stub (electron/elevate), built with mingw and run under Wine (or natively
// on Windows). Multiopen runs it as a plain child to learn how it ended, so its manifest must not require
// administrator rights (CreateProcess would refuse it with 740); it asks for elevation itself through the
// UAC prompt when it is not elevated. Elevated (as every Wine process is, and as Windows CI runs), it starts
// <app>\Multiopen.exe, or the exe named by --target (the portable build's), and tells by its exit code
// whether that copy runs as the account that asked (--user SID). The UAC prompt itself exists only on
// Windows with UAC on: that branch is not run here.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot as root, wineEnv, winPath } from './harness';

// Stands in for Multiopen.exe: writes ran.txt beside itself and quits, leaving nothing running.
const TARGET_C = `#include <windows.h>
#include <wchar.h>
int main(void) {
  WCHAR p[MAX_PATH + 16];
  if (!GetModuleFileNameW(NULL, p, MAX_PATH)) return 1;
  wcscpy(wcsrchr(p, L'\\\\') + 1, L"ran.txt");
  HANDLE h = CreateFileW(p, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) return 1;
  CloseHandle(h);
  return 0;
}
`;

const stub = path.join(root, 'dist', 'elevate', 'multiopen-elevate.exe');
let built = false;

/** Builds the stub once per run. */
function buildStub(): void {
  if (built) return;
  const build = spawnSync('bash', [path.join(root, 'electron', 'elevate', 'build.sh')], { encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  built = true;
}

/** An installed-app layout <dir>\app\Multiopen.exe + resources\elevate\multiopen-elevate.exe; returns the stub's path there. */
function layout(dir: string, withTarget = true): string {
  fs.mkdirSync(path.join(dir, 'app', 'resources', 'elevate'), { recursive: true });
  if (withTarget) compileTarget(path.join(dir, 'app', 'Multiopen.exe'));
  const copy = path.join(dir, 'app', 'resources', 'elevate', 'multiopen-elevate.exe');
  fs.copyFileSync(stub, copy);
  return copy;
}

function compileTarget(exe: string): void {
  const source = path.join(path.dirname(exe), 'target.c');
  fs.mkdirSync(path.dirname(exe), { recursive: true });
  fs.writeFileSync(source, TARGET_C);
  const cc = spawnSync(process.env.MINGW_CC ?? 'x86_64-w64-mingw32-gcc', ['-O2', '-o', exe, source], { encoding: 'utf8' });
  expect(cc.status, cc.stderr).toBe(0);
}

/** Runs the stub with `args` (Windows paths) and returns its exit code. */
function runStub(file: string, args: string[]): number | null {
  const env = wineEnv();
  // Bounded: a stub that showed a UAC prompt nobody answers must fail the test, not hang it.
  const run = process.platform === 'win32' ? spawnSync(file, args, { env, timeout: 60_000 }) : spawnSync('wine', [file, ...args], { env, timeout: 60_000 });
  return run.status;
}

function waitForFile(file: string): boolean {
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(file) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  return fs.existsSync(file);
}

// In the Windows suite: it needs mingw and Wine (or Windows), which the suite's setup checks; it is never skipped.
describe('multiopen-elevate.exe', () => {
  it('asks for elevation itself (its manifest is asInvoker, so Multiopen can run it and read its exit code) and starts <app>\\Multiopen.exe', () => {
    buildStub();
    const bytes = fs.readFileSync(stub);
    expect(bytes.includes(Buffer.from('level="asInvoker"'))).toBe(true);
    expect(bytes.includes(Buffer.from('requireAdministrator'))).toBe(false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-elevate-'));
    expect(runStub(layout(dir), [])).toBe(0);
    expect(waitForFile(path.join(dir, 'app', 'ran.txt'))).toBe(true);
  }, 90_000);

  it('starts the exe --target names (the portable exe, not its unpacked copy)', () => {
    buildStub();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-elevate-'));
    const copy = layout(dir, false);
    const portable = path.join(dir, 'keep', 'Multiopen-portable.exe');
    compileTarget(portable);
    expect(runStub(copy, ['--target', winPath(portable)])).toBe(0);
    expect(waitForFile(path.join(dir, 'keep', 'ran.txt'))).toBe(true);
  }, 90_000);

  it('exits 2 when there is nothing to start, so Multiopen keeps running', () => {
    buildStub();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-elevate-'));
    expect(runStub(layout(dir, false), [])).toBe(2);
    expect(runStub(layout(dir, false), ['--target', winPath(path.join(dir, 'no-such.exe'))])).toBe(2);
  }, 90_000);

  it('exits 6 when the elevated copy runs as another account than the one that asked (it still starts it)', () => {
    buildStub();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-elevate-'));
    expect(runStub(layout(dir), ['--user', 'S-1-5-21-1111111111-2222222222-3333333333-1001'])).toBe(6);
    expect(waitForFile(path.join(dir, 'app', 'ran.txt'))).toBe(true);
  }, 90_000);
});
