#!/usr/bin/env bash
# Medication catalog benchmark: starts fhir-gateway on a full-size synthetic FEST file and
# runs wrk (keep-alive, loopback) for read by id, name prefix search, ATC search, varenummer
# search and an _include search, plus nginx serving the same bytes as the read by id.
# Prints throughput, p99 and the read-by-id ratio gateway/nginx.
# Usage: bench/medication_bench.sh [BUILD_DIR]   (env: CONNS=32 SECS=10 FEST=path)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[[ $# -ge 1 ]] || bench/build.sh
BUILD=${1:-build/bench}
BINARY=$BUILD/gateway/app/fhir-gateway
CONNS=${CONNS:-32}
SECS=${SECS:-10}
FEST=${FEST:-/tmp/fest-bench/fest-full-seed251.xml}

if [[ ! -f "$FEST" ]]; then
  mkdir -p "$(dirname "$FEST")"
  python3 tools/fest-generator/generate_fest.py --seed 251 --packages 10500 --merkevarer 8000 --out "$FEST"
fi

# FEST is public data: served without a token (grunndata_public), like nginx serves the same
# bytes. What a token costs per request is bench/auth_e2e.sh's subject.

mkdir -p "$BENCH_TMP/data"
# The import on every core, as in production; then a restart from its snapshot on the server
# cores for the load runs.
started=$(date +%s.%N)
UNPINNED=1 start_gateway "$BINARY" --fest "$FEST" --grunndata_public true
ready=$(date +%s.%N)
sleep 3  # the snapshot is written after the swap; include it in the peak
peak_rss_mib=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/${BENCH_PIDS[-1]}/status")
kill "${BENCH_PIDS[-1]}"; wait "${BENCH_PIDS[-1]}" 2>/dev/null || true
restarted=$(date +%s.%N)
start_gateway "$BINARY" --fest "$FEST" --grunndata_public true
restart_ready=$(date +%s.%N)
BASE="http://127.0.0.1:$GATEWAY_PORT/fhir"
get() { curl -sf "$BASE/$1"; }

# Pick real values from the catalog.
read -r MPD_ID NAME_PREFIX ATC VARENR < <(
  get "PackagedProductDefinition?_count=1&_include=PackagedProductDefinition:package-for" | python3 -c '
import json, sys
b = json.load(sys.stdin)
ppd = next(e["resource"] for e in b["entry"] if e["search"]["mode"] == "match")
mpd = next(e["resource"] for e in b["entry"] if e["search"]["mode"] == "include")
varenr = next(i["value"] for i in ppd["identifier"] if i["system"] == "https://farmalogg.no/varenummer")
atc = next(c["code"] for cc in mpd["classification"] for c in cc["coding"] if c["system"] == "http://www.whocc.no/atc")
print(mpd["id"], mpd["name"][0]["productName"][:4].replace(" ", "%20"), atc, varenr)')

mkdir -p "$BENCH_TMP/www/fhir/MedicinalProductDefinition"
get "MedicinalProductDefinition/$MPD_ID" >"$BENCH_TMP/www/fhir/MedicinalProductDefinition/$MPD_ID"
start_nginx "$BENCH_TMP/www"

declare -A PATHS=(
  [read]="MedicinalProductDefinition/$MPD_ID"
  [name]="MedicinalProductDefinition?name=$NAME_PREFIX"
  [atc]="MedicinalProductDefinition?product-classification=http://www.whocc.no/atc%7C$ATC"
  [atc_below]="MedicinalProductDefinition?product-classification:below=${ATC:0:5}"
  [varenummer]="PackagedProductDefinition?identifier=https://farmalogg.no/varenummer%7C$VARENR"
  [include]="PackagedProductDefinition?identifier=$VARENR&_include=PackagedProductDefinition:package-for"
)
printf 'FEST %s (%s), %s connections, %ss per run, %s\n' "$FEST" "$(du -h "$FEST" | cut -f1)" \
  "$CONNS" "$SECS" "$CORE_SPLIT"
printf '  import: gateway ready after %.1f s (parse + map + index), peak RSS %s MiB\n' \
  "$(awk -v a="$ready" -v b="$started" 'BEGIN { print a - b }')" "$peak_rss_mib"
printf '  restart from the snapshot: ready after %.1f s\n' \
  "$(awk -v a="$restart_ready" -v b="$restarted" 'BEGIN { print a - b }')"
for key in read name atc atc_below varenummer include; do
  url="$BASE/${PATHS[$key]}"
  total=$(curl -sf "$url" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("total","-"))')
  run_wrk "$url" "$CONNS" 2 >/dev/null 2>&1  # warm-up
  read -r rps p99 < <(run_wrk "$url" "$CONNS" "$SECS")
  printf '  %-11s %9.0f req/s  p99 %6.2f ms  (matches: %s)  %s\n' "$key" "$rps" "$p99" "$total" "${PATHS[$key]}"
  [[ $key == read ]] && g_rps=$rps
done
read -r n_rps n_p99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/fhir/MedicinalProductDefinition/$MPD_ID" "$CONNS" "$SECS")
printf '  %-11s %9.0f req/s  p99 %6.2f ms  (same bytes, %s B)\n' "nginx read" "$n_rps" "$n_p99" \
  "$(stat -c %s "$BENCH_TMP/www/fhir/MedicinalProductDefinition/$MPD_ID")"
awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "  read-by-id ratio gateway/nginx: %.2f\n", g / n }'
