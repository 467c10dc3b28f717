#!/usr/bin/env bash
# Builds the Release binaries and benchmark programs the bench/ scripts use, in build/bench.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench >/dev/null
cmake -S . -B build/bench -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_BUILD_TYPE=Release \
  -DGATEWAY_BUILD_TESTS=OFF -DGATEWAY_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build/bench -j "$(nproc)" >/dev/null
