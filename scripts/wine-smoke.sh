#!/usr/bin/env bash
# Manual smoke test of the win32 OsApi under Wine (developer tool, not part of CI).
# Builds a single-instance fixture (a C program holding a named mutex) into a temp dir, starts it,
# bundles scripts/wine-smoke.driver.ts, runs it with Windows node.exe and prints the JSON report:
# processes, the fixture's Mutant handles and the snapshot source, names, the close, and a second
# CreateMutexW that no longer sees ERROR_ALREADY_EXISTS.
# Usage: bash scripts/wine-smoke.sh [--record]   (--record refreshes tests/native-bindings/win32/data)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
record=""
[ "${1:-}" = "--record" ] && record="--record tests/native-bindings/win32/data"

bash scripts/setup-wine.sh >/dev/null
export WINEPREFIX="${MULTIOPEN_WINEPREFIX:-$root/.cache/wineprefix}" WINEDEBUG=-all NODE_SKIP_PLATFORM_CHECK=1
work=$(mktemp -d /tmp/multiopen-smoke.XXXXXX)
cat >"$work/guard.c" <<'C'
#include <windows.h>
int main(void) {
  HANDLE m = CreateMutexW(NULL, TRUE, L"_WeChat_App_Instance_Identity_Mutex_Name");
  if (GetLastError() == ERROR_ALREADY_EXISTS) return 3;
  HANDLE e = CreateEventW(NULL, TRUE, FALSE, L"MultiopenProbeEvent");
  HANDLE f = CreateFileW(L"C:\\windows\\temp\\multiopen-smoke.lock", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS, 0, NULL);
  (void)m; (void)e; (void)f;
  Sleep(600000);
  return 0;
}
C
x86_64-w64-mingw32-gcc -O2 -o "$work/WeChat.exe" "$work/guard.c"
npx esbuild scripts/wine-smoke.driver.ts --bundle --platform=node --format=cjs --target=node20 --external:koffi \
  --log-level=warning --outfile=.cache/wine-smoke.cjs

wine "$work/WeChat.exe" >/dev/null 2>&1 &
fixture=$!
cleanup() { kill "$fixture" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
sleep 3

# node.exe under Wine dies with EBADF when stdout/stderr is a pipe: files only.
# shellcheck disable=SC2086
wine .cache/win/node/node.exe .cache/wine-smoke.cjs .cache/wine-smoke.json WeChat.exe \
  _WeChat_App_Instance_Identity_Mutex_Name $record >.cache/wine-smoke.out 2>.cache/wine-smoke.err || true
cat .cache/wine-smoke.err >&2
cat .cache/wine-smoke.json
node -e 'const r=require("./.cache/wine-smoke.json"); process.exit(r.ok && r.afterClose && r.afterClose.alreadyExisted===false ? 0 : 1)'
