#!/usr/bin/env bash
# The system packages a command needs on Linux, installed when missing (Debian/Ubuntu):
#   bash scripts/system-deps.sh test|start|demo [--dry-run]
#     test   Wine, mingw-w64 (fixture programs), Xvfb (a display for fixtures with windows under Wine),
#            gcc and dbus (the Linux fixtures),
#            Chromium (browser suite), CJK fonts (Chinese screenshots)
#     start  Wine (the engine runs in a Windows node.exe under Wine)
#     demo   Wine and mingw-w64 (the sample programs are built from tests/fixtures/src)
# Everything there: prints nothing, exit 0. Something missing and running as root (CI, containers):
# apt-get update once, then one apt-get install. Missing and not root, or no apt-get: one line saying
# what is missing and the command to run, exit 1. --dry-run (or MULTIOPEN_DEPS_DRY_RUN=1) prints the apt
# commands instead of running them. Off Linux it does nothing (Windows runs the engine natively).
set -euo pipefail
purpose="${1:-}"
dry="${MULTIOPEN_DEPS_DRY_RUN:-}"
[ "${2:-}" = "--dry-run" ] && dry=1
case "$purpose" in
  test | start | demo) ;;
  *)
    echo "usage: bash scripts/system-deps.sh test|start|demo [--dry-run]" >&2
    exit 2
    ;;
esac
[ "$(uname -s)" = "Linux" ] || exit 0

chromium_ok() {
  if [ -n "${MULTIOPEN_CHROMIUM:-}" ]; then [ -x "$MULTIOPEN_CHROMIUM" ]; else [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ]; fi
}
need=()
command -v wine >/dev/null 2>&1 || need+=(wine64 wine)
if [ "$purpose" != start ]; then
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
fi
if [ "$purpose" = test ]; then
  command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
  # The Linux fixtures (tests/fixtures/linux): built with gcc; a private session bus for the D-Bus guard.
  command -v gcc >/dev/null 2>&1 || need+=(gcc)
  command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus-daemon)
  command -v dbus-send >/dev/null 2>&1 || need+=(dbus-bin)
  chromium_ok || need+=(chromium)
  if command -v dpkg >/dev/null 2>&1; then
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
  fi
fi
[ ${#need[@]} -eq 0 ] && exit 0

case "$purpose" in test) who="npm test" ;; start) who="npm start" ;; demo) who="npm run demo" ;; esac
what="${SYSTEM_DEPS_WHO:-$who} needs system packages that are missing (${need[*]})"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$what; this is not Debian/Ubuntu: install Wine (64-bit), mingw-w64's x86_64-w64-mingw32-gcc and Chromium with your package manager, then run it again." >&2
  exit 1
fi
if [ "$(id -u)" != 0 ] && [ -z "$dry" ]; then
  echo "$what. Install them with: sudo bash scripts/install-test-deps.sh" >&2
  exit 1
fi

apt() {
  if [ -n "$dry" ]; then
    echo "system-deps (dry run): apt-get $*"
  else
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >/dev/null
  fi
}
echo "system-deps: installing ${need[*]} (apt-get update, then apt-get install)"
if ! apt update -qq; then
  echo "system-deps: apt-get update failed; fix the package sources, then: sudo bash scripts/install-test-deps.sh" >&2
  exit 1
fi
# Ubuntu has no "chromium" package, only "chromium-browser" (scripts/test-all.sh then points
# MULTIOPEN_CHROMIUM at /usr/bin/chromium-browser).
if [ -z "$dry" ] && [[ " ${need[*]} " == *" chromium "* ]] && ! apt-cache show chromium >/dev/null 2>&1; then
  need=("${need[@]/#chromium/chromium-browser}")
fi
if ! apt install -y -qq --no-install-recommends "${need[@]}"; then
  echo "system-deps: apt-get install ${need[*]} failed (see above); run: sudo bash scripts/install-test-deps.sh" >&2
  exit 1
fi
