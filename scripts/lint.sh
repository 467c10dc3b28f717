#!/usr/bin/env bash
# House style checks: clang-format on every C++ file, clang-tidy naming checks (.clang-tidy)
# on every gateway/ source. Needs a configured build dir with compile_commands.json.
# Usage: scripts/lint.sh [BUILD_DIR]   (default build/test)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/test}
mapfile -t cpp < <(git ls-files '*.cpp' '*.hpp')
echo "== clang-format (${#cpp[@]} files)"
clang-format --dry-run -Werror "${cpp[@]}"
echo "== clang-tidy naming (gateway/)"
run-clang-tidy -quiet -p "$build" -j "$(nproc)" "$PWD/gateway/" >"$build/clang-tidy.log" 2>&1 || {
  grep -E "(warning|error):" "$build/clang-tidy.log" | sort -u | head -50
  echo "lint: clang-tidy found naming problems (full log: $build/clang-tidy.log)"
  exit 1
}
echo "lint: ok"
