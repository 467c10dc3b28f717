#!/usr/bin/env bash
# Benchmark: GET /fhir/metadata with keep-alive under wrk on loopback, against nginx serving
# the same bytes as a static file; same connections and duration. Prints both throughputs,
# p99 latencies and the ratio. Usage: bench/metadata_vs_nginx.sh [BUILD_DIR] (env: CONNS, SECS)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[[ $# -ge 1 ]] || bench/build.sh
BINARY=${1:-build/bench}/gateway/app/fhir-gateway
CONNS=${CONNS:-32}
SECS=${SECS:-10}

start_gateway "$BINARY" --fest fixtures/fest/fest-excerpt.xml
mkdir -p "$BENCH_TMP/www/fhir"
curl -sf "http://127.0.0.1:$GATEWAY_PORT/fhir/metadata" -o "$BENCH_TMP/www/fhir/metadata"
start_nginx "$BENCH_TMP/www"
cmp <(curl -sf "http://127.0.0.1:$NGINX_PORT/fhir/metadata") "$BENCH_TMP/www/fhir/metadata"

run_wrk "http://127.0.0.1:$GATEWAY_PORT/fhir/metadata" "$CONNS" 2 >/dev/null 2>&1  # warm-up
read -r g_rps g_p99 < <(run_wrk "http://127.0.0.1:$GATEWAY_PORT/fhir/metadata" "$CONNS" "$SECS")
read -r n_rps n_p99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT/fhir/metadata" "$CONNS" "$SECS")
bytes=$(stat -c %s "$BENCH_TMP/www/fhir/metadata")
printf 'metadata (%s bytes), %s connections, %ss, %s\n' "$bytes" "$CONNS" "$SECS" "$CORE_SPLIT"
printf '  fhir-gateway: %10.0f req/s  p99 %6.2f ms\n' "$g_rps" "$g_p99"
printf '  nginx:        %10.0f req/s  p99 %6.2f ms\n' "$n_rps" "$n_p99"
awk -v g="$g_rps" -v n="$n_rps" 'BEGIN { printf "  ratio gateway/nginx: %.2f\n", g / n }'
