// The "restart as administrator" stub (electron/elevate): built with mingw, run under Wine (or natively on
// Windows), it must start Multiopen.exe two folders above itself. UAC itself only exists on real Windows.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot as root, wineEnv } from './harness';

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

// In the Windows suite: it needs mingw and Wine (or Windows), which the suite's setup checks; it is never skipped.
describe('multiopen-elevate.exe', () => {
  it('has a requireAdministrator manifest and starts <app>\\Multiopen.exe', () => {
    const build = spawnSync('bash', [path.join(root, 'electron', 'elevate', 'build.sh')], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const stub = path.join(root, 'dist', 'elevate', 'multiopen-elevate.exe');
    expect(fs.readFileSync(stub).includes(Buffer.from('requireAdministrator'))).toBe(true);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mo-elevate-'));
    fs.mkdirSync(path.join(dir, 'app', 'resources', 'elevate'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'target.c'), TARGET_C);
    const cc = spawnSync('x86_64-w64-mingw32-gcc', ['-O2', '-o', path.join(dir, 'app', 'Multiopen.exe'), path.join(dir, 'target.c')], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    fs.copyFileSync(stub, path.join(dir, 'app', 'resources', 'elevate', 'multiopen-elevate.exe'));
    const ran = path.join(dir, 'app', 'ran.txt');
    // The suite's own prefix, which its setup created: this test needs no other suite's leftovers.
    const env = wineEnv();
    const target = path.join(dir, 'app', 'resources', 'elevate', 'multiopen-elevate.exe');
    const run = process.platform === 'win32' ? spawnSync(target, [], { env }) : spawnSync('wine', [target], { env, timeout: 60_000 });
    expect(run.status).toBe(0);
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(ran) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    expect(fs.existsSync(ran)).toBe(true);
  }, 90_000);
});
