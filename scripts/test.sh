#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite (the
# integration suites twice: on SQLite, and on a throwaway PostgreSQL cluster each starts of its own,
# scripts/pg-cluster.sh); builds
# the Debian packages and checks them (scripts/package.sh); then
# builds the same suite under AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/ (or
# $OKNO_ASAN_BUILD_DIR) and runs it again there: any sanitizer report fails its test; then runs
# the fuzz targets for a bounded time (scripts/fuzz.sh, build-fuzz/).
# OKNO_SKIP_SANITIZED=1 skips both (a quick local check; CI always does all three).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_BUILD_DIR:-$root/build}
asan_build=${OKNO_ASAN_BUILD_DIR:-$root/build-asan}
export QT_QPA_PLATFORM=offscreen

stamp() { echo "okno: $(date +%T) $*"; }

stamp "build ($build)"
"$root/scripts/build.sh" -DOKNO_WERROR=ON -DOKNO_BUILD_TESTS=ON
stamp "test ($build)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 900
# The Debian packages from the same build: lintian-clean, and what they install runs.
stamp "packages (scripts/package.sh $build)"
"$root/scripts/package.sh" "$build"

[ "${OKNO_SKIP_SANITIZED:-0}" = 1 ] && exit 0
# The sanitizers' options are the tests' own (tests/CMakeLists.txt), so that ctest in build-asan/
# by hand runs the same. Everything is 2–3 times slower there (test_dashboard's generated history
# the most), hence the longer timeout.
stamp "build ($asan_build, -DOKNO_SANITIZE=address,undefined)"
OKNO_BUILD_DIR=$asan_build "$root/scripts/build.sh" -DOKNO_WERROR=ON -DOKNO_BUILD_TESTS=ON \
  -DOKNO_SANITIZE=address,undefined
stamp "test ($asan_build, under ASan + UBSan)"
# Left out there: the figures (timings and memory, meaningless under the sanitizers) and the
# suites repeated over TLS (label tls: the same cases again; test_tls in test_security runs the
# TLS paths under the sanitizers) — CI's time, not their worth.
# The bench smoke (label bench) too: its figures mean nothing under the sanitizers. And the suites
# repeated on PostgreSQL (label postgresql): the same server code again, over another driver.
ctest --test-dir "$asan_build" --output-on-failure -j"$(nproc)" --timeout 1800 -LE '^(tls|figures|bench|postgresql)$'

# The libFuzzer targets (tests/fuzz, clang) for a bounded time each, over the committed seed corpus
# and after replaying every input that once broke them: OKNO_FUZZ_SECONDS (default 60) per target.
stamp "fuzz (scripts/fuzz.sh, ${OKNO_FUZZ_SECONDS:-60} s per target)"
"$root/scripts/fuzz.sh" "${OKNO_FUZZ_SECONDS:-60}"
stamp "done"
