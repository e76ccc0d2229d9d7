#!/usr/bin/env bash
# Builds dist/elevate/multiopen-elevate.exe (the "restart as administrator" stub) with mingw-w64.
# Packaging copies it to resources/elevate/ (electron-builder.yml extraResources).
# MINGW_CC / MINGW_WINDRES name other compilers (e.g. gcc / windres of MSYS2 on Windows).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../dist/elevate"
cc="${MINGW_CC:-x86_64-w64-mingw32-gcc}"
windres="${MINGW_WINDRES:-x86_64-w64-mingw32-windres}"
mkdir -p "$out"
(cd "$here" && "$windres" elevate.rc -O coff -o "$out/elevate.res")
"$cc" -O2 -Wall -Wextra -Werror -s -mwindows -o "$out/multiopen-elevate.exe" "$here/elevate.c" "$out/elevate.res" -lshell32 -ladvapi32
rm -f "$out/elevate.res"
echo "built $out/multiopen-elevate.exe"
