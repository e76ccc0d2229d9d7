#!/usr/bin/env bash
# Runs every suite in order: static checks, unit + component, build, Windows integration (natively on
# Windows, under Wine on Linux), end-to-end in Chromium. Stops at the first failing suite.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==== %s ====\n' "$*"; }

step "typecheck"; npx tsc -p tsconfig.json --noEmit
step "lint"; npx eslint .
step "unit + component"; npx vitest run --project unit --project component
step "build"; node scripts/build.mjs
if [ "$(uname -s)" = "Linux" ]; then step "Wine runtime"; bash scripts/setup-wine.sh; fi
step "Windows integration (real Windows API$([ "$(uname -s)" = Linux ] && echo ', under Wine'))"; npx vitest run --project win
step "end-to-end (Chromium)"; npx playwright test
printf '\nall suites passed\n'
