#!/usr/bin/env bash
# `npm test`: every suite, each run and reported even when another failed: typecheck, lint, unit +
# component, build, Wine runtime (Linux), Windows integration (natively on Windows, under Wine on
# Linux), end-to-end in Chromium. A suite that fails, does not start, writes no report or passes fewer
# tests than its minimum counts as failed; when the build fails, the suites that need it are counted as
# failed without running. scripts/test-summary.mjs prints one line per suite, the slowest unit and
# component tests, and last the line "N passed, N failed, N skipped"; the exit code is 1 when anything
# failed. First the system packages are checked (scripts/system-deps.sh): installed when running as
# root, otherwise nothing runs and the one command to run is printed.
set -uo pipefail
cd "$(dirname "$0")/.."
linux=false
[ "$(uname -s)" = "Linux" ] && linux=true
trap 'printf "\ntest-all: interrupted\n"; exit 130' INT TERM

bash scripts/system-deps.sh test || exit 1
# Ubuntu's Chromium is /usr/bin/chromium-browser; the browser suite looks at MULTIOPEN_CHROMIUM.
if $linux && [ -z "${MULTIOPEN_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ] && [ -x /usr/bin/chromium-browser ]; then
  export MULTIOPEN_CHROMIUM=/usr/bin/chromium-browser
fi

reports=.cache/reports
status="$reports/suites.tsv"
rm -rf "$reports" && mkdir -p "$reports"

# Minimum passed tests per suite, a little below the counts of a full run on Linux on 2 December 2026
# (unit + component 906, of which about 100 are Linux-only; win 126 and 1 skipped; e2e 21 and 1 skipped):
# fewer means tests went missing (not collected, skipped by mistake) and fails the run. Raise them when
# you add tests.
MIN_UNIT=780
MIN_WIN=120
MIN_E2E=19

# suite NAME KIND MIN REPORT CMD...: runs CMD and records its exit code. KIND is check (counts as one
# test), vitest or playwright (counted from the JSON REPORT).
suite() {
  local name=$1 kind=$2 min=$3 report=$4 started=$SECONDS code
  shift 4
  printf '\n==== %s ====\n' "$name"
  "$@"
  code=$?
  printf '%s\t%s\t%s\t%s\t%s\t%s\t\n' "$name" "$kind" "$min" "$code" "$report" "$((SECONDS - started))" >>"$status"
  return "$code"
}
# not_run NAME KIND MIN WHY: a suite that cannot run; it counts as failed.
not_run() {
  printf '\n==== %s ====\nnot run: %s\n' "$1" "$4"
  printf '%s\t%s\t%s\tnot-run\t\t0\t%s\n' "$1" "$2" "$3" "$4" >>"$status"
}

suite "typecheck" check 1 "" npx tsc -p tsconfig.json --noEmit
suite "lint" check 1 "" npx eslint .
suite "unit + component" vitest "$MIN_UNIT" "$reports/unit.json" \
  npx vitest run --project unit --project component --reporter=default --reporter=json --outputFile.json="$reports/unit.json"
built=true
suite "build" check 1 "" node scripts/build.mjs || built=false
if $linux; then suite "Wine runtime" check 1 "" bash scripts/setup-wine.sh; fi
win_name="win (real Windows API$($linux && echo ', under Wine'))"
if $built; then
  suite "$win_name" vitest "$MIN_WIN" "$reports/win.json" \
    npx vitest run --project win --reporter=default --reporter=json --outputFile.json="$reports/win.json"
  # The build above is what e2e serves; on Linux the Wine project must run, never skip.
  suite "e2e (Chromium)" playwright "$MIN_E2E" "$reports/e2e.json" \
    env MULTIOPEN_SKIP_BUILD=1 "MULTIOPEN_E2E_REQUIRE_WINE=$($linux && echo 1 || echo 0)" PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" \
    npx playwright test --reporter=list,json
else
  not_run "$win_name" vitest "$MIN_WIN" "the build failed"
  not_run "e2e (Chromium)" playwright "$MIN_E2E" "the build failed"
fi

printf '\n==== summary ====\n'
node scripts/test-summary.mjs "$status"
