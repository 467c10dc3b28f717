#!/bin/bash
# FEST import benchmark: generates the full-size synthetic file if missing (plus .gz and .zip
# copies) and reports wall time and peak RSS of fest-import-bench for each input.
# usage: bench/fest_import_bench.sh [BUILD_DIR]   (default build/bench; data in $FEST_BENCH_DIR)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$repo/build/bench}
data_dir=${FEST_BENCH_DIR:-/tmp/fest-bench}
bench="$build_dir/gateway/medication/fest-import-bench"
xml="$data_dir/fest-full-seed251.xml"

if [ ! -x "$bench" ]; then
  echo "build it first: cmake --build $build_dir --target fest-import-bench -j2" >&2
  exit 2
fi
mkdir -p "$data_dir"
if [ ! -f "$xml" ]; then
  python3 "$repo/tools/fest-generator/generate_fest.py" --seed 251 --packages 10500 \
    --merkevarer 8000 --out "$xml"
fi
[ -f "$xml.gz" ] || gzip -k -6 "$xml"
[ -f "$data_dir/fest251.zip" ] || python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as archive:
    archive.write(sys.argv[1], "fest251.xml")' "$xml" "$data_dir/fest251.zip"

echo "input sizes: $(du -h "$xml" "$xml.gz" "$data_dir/fest251.zip" | tr '\n' ' ')"
for input in "$xml" "$xml.gz" "$data_dir/fest251.zip"; do
  for run in 1 2 3; do
    /usr/bin/time -f "time_v: wall %e s, max RSS %M KiB" "$bench" "$input" 2>&1 |
      grep -E '^(file|import_seconds|import_cpu_seconds|peak_rss_mib|time_v)' | tr '\n' ' '
    echo
  done
done
