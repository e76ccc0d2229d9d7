#!/usr/bin/env bash
# Builds dist/elevate/multiopen-elevate.exe (the "restart as administrator" stub) with mingw-w64.
# Packaging copies it to resources/elevate/ (electron-builder.yml extraResources).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../dist/elevate"
mkdir -p "$out"
x86_64-w64-mingw32-windres "$here/elevate.rc" -O coff -o "$out/elevate.res"
x86_64-w64-mingw32-gcc -O2 -s -mwindows -o "$out/multiopen-elevate.exe" "$here/elevate.c" "$out/elevate.res"
rm -f "$out/elevate.res"
echo "built $out/multiopen-elevate.exe"
