#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build/fuzz and runs each for FUZZ_SECONDS (20)
# on a temp copy of tests/fuzz/corpus/<name>/; exits non-zero on any crash (kept in build/fuzz/crashes/).
# Usage: scripts/fuzz.sh [target...]   (default: every tests/fuzz/*_fuzz.cpp)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ is missing (scripts/setup.sh --test installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi

if (($#)); then
  targets=("$@")
else
  targets=()
  for source in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
echo "== build fuzz targets (clang, ASan + UBSan) in build/fuzz"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGATEWAY_SANITIZE=ON -DGATEWAY_BUILD_FUZZERS=ON -DGATEWAY_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build build/fuzz -j "$(nproc)" --target "${targets[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work"  # scratch files of the targets
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

failed=0
for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  artifacts="$work/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  seeds="tests/fuzz/corpus/${target%_fuzz}"
  [[ -d "$seeds" ]] && cp -r "$seeds/." "$corpus/"
  log="$work/$target.log"
  echo "== fuzz $target for ${seconds}s"
  status=0
  build/fuzz/tests/fuzz/"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
  # libFuzzer's last line: "#<runs> DONE cov: <edges> ft: <features> corp: ... exec/s: <n> ..."
  stats=$(awk '$2 == "DONE" { for (i = 3; i < NF; i++) v[$i] = $(i + 1)
    printf "%s runs, %s exec/s, cov %s, ft %s", substr($1, 2), v["exec/s:"], v["cov:"], v["ft:"] }' "$log")
  if ((status == 0)); then
    echo "fuzz: $target OK: ${stats:-no stats}"
  else
    failed=1
    tail -n 60 "$log"
    mkdir -p "build/fuzz/crashes/$target"
    cp "$artifacts"/* "build/fuzz/crashes/$target/" 2>/dev/null || true
    echo "fuzz: $target FAILED (exit $status); reproduce with:" \
      "build/fuzz/tests/fuzz/$target build/fuzz/crashes/$target/<file>"
  fi
done
exit "$failed"
