#!/usr/bin/env bash
# Installs the system packages every suite needs on Debian/Ubuntu (run as root, e.g. with sudo): Wine
# for the real Windows API, mingw-w64 to build the fixture programs, xvfb (a display for the fixtures that
# show a window under Wine), gcc and dbus for the Linux fixtures, Chromium for the browser suite, CJK fonts for the Chinese UI. A superset of
# what `npm start` and `npm run demo` need. --dry-run prints the
# apt-get commands instead. `npm test`, `npm start` and `npm run demo` run the same check themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
SYSTEM_DEPS_WHO="The test suites" bash scripts/system-deps.sh test "$@"
if [ "$(uname -s)" = "Linux" ] && [ "${1:-}" != "--dry-run" ]; then
  echo "install-test-deps: $(wine --version 2>/dev/null), $(x86_64-w64-mingw32-gcc --version | head -1), $(${MULTIOPEN_CHROMIUM:-chromium} --version 2>/dev/null)"
fi
