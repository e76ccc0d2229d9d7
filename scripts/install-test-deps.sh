#!/usr/bin/env bash
# Installs what the test suites need on Debian/Ubuntu (run as root): Wine for the real Windows API,
# mingw to build the fixture programs, Chromium for the browser suite, CJK fonts for the Chinese UI.
set -euo pipefail
need=()
command -v wine >/dev/null 2>&1 || need+=(wine64 wine)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-test-deps: apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "install-test-deps: wine $(wine --version 2>/dev/null), $(x86_64-w64-mingw32-gcc --version | head -1), $(chromium --version 2>/dev/null)"
