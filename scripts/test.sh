#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" -DOKNO_WERROR=ON -DOKNO_BUILD_TESTS=ON
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 900
