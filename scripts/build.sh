#!/usr/bin/env bash
# Configures and builds Okno into build/ (or $OKNO_BUILD_DIR). Extra arguments go to cmake.
# Prints what the configure step found and left out (its feature summary), the whole configure
# output only when it fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_BUILD_DIR:-$root/build}
"$root/scripts/deps.sh"
# ccache keys on paths relative to the tree, so clones and worktrees share their objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
mkdir -p "$build"
log=$build/configure.log
if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${OKNO_BUILD_TYPE:-RelWithDebInfo} "$@" >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
# From the summary's first line (top-level CMakeLists.txt) to before "Configuring done"; and any
# warning CMake printed on the way.
sed -n '/^-- Okno .*installs to/,/^-- Configuring done/{/^-- Configuring done/!p}' "$log" | sed '/^$/d'
grep -A4 '^CMake Warning' "$log" >&2 || true
cmake --build "$build" -j"$(nproc)"
