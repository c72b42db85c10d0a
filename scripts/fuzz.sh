#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang into build-fuzz/ (or $OKNO_FUZZ_BUILD_DIR)
# and runs each for the given seconds (default 60) over a copy of its seed corpus, after replaying
# every input in tests/fuzz/regressions/. Exits non-zero on any crash, leak, timeout or broken
# invariant, and says where the input that did it is. The repository is never written to: the
# corpus grows in the build directory, which every run starts afresh from tests/fuzz/corpus.
#
#   scripts/fuzz.sh [seconds-per-target] [target…]     e.g. scripts/fuzz.sh 1800 fuzz_ops
#
# OKNO_FUZZ_JOBS: parallel compile jobs (default: all cores).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_frames fuzz_ops)
case $seconds in '' | *[!0-9]*) echo "fuzz.sh: seconds must be a whole number, got '$seconds'" >&2; exit 2 ;; esac

"$root/scripts/deps.sh"
# libFuzzer comes with clang: Debian's clang and its runtime libraries (libclang_rt.fuzzer).
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "okno: installing clang and libFuzzer (clang libclang-rt-14-dev)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "okno: need root or sudo to install clang libclang-rt-14-dev" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
fi

# ccache keys on paths relative to the tree, so clones and worktrees share their objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
# The whole build under fuzzer instrumentation, ASan and UBSan (OKNO_FUZZ in CMakeLists.txt); the
# server side only, with warnings as errors as in CI.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOKNO_FUZZ=ON -DOKNO_BUILD_APPS=OFF -DOKNO_BUILD_TESTS=OFF -DOKNO_WERROR=ON >/dev/null
cmake --build "$build" -j"${OKNO_FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}"

# Every sanitizer report is fatal (-fno-sanitize-recover) and shows where it came from; libFuzzer
# also reports leaks, timeouts and running out of memory, with the input that did it.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for target in "${targets[@]}"; do
  binary="$build/tests/fuzz/$target"
  work="$build/fuzz/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp "$root/tests/fuzz/corpus/$target/." "$work/corpus/" -R
  case $target in
    fuzz_frames) max_len=8192 ;;
    *) max_len=4096 ;;
  esac
  flags=(-max_len="$max_len" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1
         -artifact_prefix="$work/artifacts/" -dict="$root/tests/fuzz/$target.dict")

  # The inputs that once broke it, each run once: a fixed bug stays fixed.
  regressions=("$root/tests/fuzz/regressions/$target"/*)
  if [ -e "${regressions[0]}" ]; then
    echo "== $target: replaying ${#regressions[@]} regression input(s)"
    if ! "$binary" "${flags[@]}" "${regressions[@]}" >"$work/regressions.log" 2>&1; then
      echo "!! $target fails on a regression input; the log is $work/regressions.log" >&2
      tail -n 40 "$work/regressions.log" >&2
      failed=1
      continue
    fi
  fi

  echo "== $target: fuzzing for ${seconds}s over a copy of tests/fuzz/corpus/$target"
  if "$binary" "${flags[@]}" -max_total_time="$seconds" "$work/corpus" >"$work/log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$work/log" || true
  else
    failed=1
    echo "!! $target found a problem; its log is $work/log" >&2
    grep -E -A3 'okno fuzz invariant broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|deadly signal' \
      "$work/log" | head -n 40 >&2 || true
    for input in "$work"/artifacts/*; do
      [ -e "$input" ] || continue
      echo "!! the input is $input — reproduce with: $binary $input" >&2
    done
    echo "!! a fix keeps that input in tests/fuzz/regressions/$target/ (docs/security.md, \"Fuzzing\")" >&2
  fi
done
exit $failed
