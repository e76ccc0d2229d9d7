#!/usr/bin/env bash
# Runs every suite in order: static checks, unit + component, build, Windows integration (natively on
# Windows, under Wine on Linux), end-to-end in Chromium. Stops at the first failing suite, and ends with
# one line adding up all suites: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
reports=.cache/reports
rm -rf "$reports" && mkdir -p "$reports"
step() { printf '\n==== %s ====\n' "$*"; }

step "typecheck"; npx tsc -p tsconfig.json --noEmit
step "lint"; npx eslint .
step "unit + component"
npx vitest run --project unit --project component --reporter=default --reporter=json --outputFile.json="$reports/unit.json"
step "build"; node scripts/build.mjs
if [ "$(uname -s)" = "Linux" ]; then step "Wine runtime"; bash scripts/setup-wine.sh; fi
step "Windows integration (real Windows API$([ "$(uname -s)" = Linux ] && echo ', under Wine'))"
npx vitest run --project win --reporter=default --reporter=json --outputFile.json="$reports/win.json"
step "end-to-end (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test --reporter=list,json
step "summary"
node scripts/test-summary.mjs "$reports/unit.json" "$reports/win.json" "$reports/e2e.json"
