#!/usr/bin/env bash
# Configures and builds Okno into build/ (or $OKNO_BUILD_DIR). Extra arguments go to cmake.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_BUILD_DIR:-$root/build}
"$root/scripts/deps.sh"
# ccache keys on paths relative to the tree, so clones and worktrees share their objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${OKNO_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
