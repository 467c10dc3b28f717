#!/usr/bin/env bash
# Installs what is missing, then builds and runs the whole test suite once, under
# AddressSanitizer + UndefinedBehaviorSanitizer (-O1, line tables for the reports), with the
# house-style checks (scripts/lint.sh) between the build and the tests. One sanitized run of
# everything keeps CI within its time on 2 cores; the optimised build is the benchmarks' own
# (bench/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
jobs=$(nproc)
started=$SECONDS
phase() { echo "== $1 (at $((SECONDS - started)) s)"; }

phase "build (ASan + UBSan)"
cmake -S . -B build/asan -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DGATEWAY_SANITIZE=ON >/dev/null
cmake --build build/asan -j "$jobs"

phase "house style (clang-format, clang-tidy naming)"
scripts/lint.sh build/asan

phase "tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs" --timeout 600
phase "done"
