#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite twice: an optimised build
# with debug info, then an AddressSanitizer + UndefinedBehaviorSanitizer build; between
# the two, the house-style checks (scripts/lint.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
jobs=$(nproc)

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build/test -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/test -j "$jobs"
ctest --test-dir build/test --output-on-failure -j "$jobs" --timeout 300

echo "== house style (clang-format, clang-tidy naming)"
scripts/lint.sh build/test

echo "== build and test (ASan + UBSan)"
cmake -S . -B build/asan -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_BUILD_TYPE=Debug -DGATEWAY_SANITIZE=ON >/dev/null
cmake --build build/asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs" --timeout 600
