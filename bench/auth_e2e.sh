#!/usr/bin/env bash
# Benchmark: an authenticated DPoP read (token + single-use proof on every request) against
# the same read unauthenticated (grunndata_public), under wrk on loopback.
# Usage: bench/auth_e2e.sh [BUILD_DIR]   (env: CONNS, SECS, PROOFS_PER_THREAD)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[[ $# -ge 1 ]] || bench/build.sh
BUILD=${1:-build/bench}
CONNS=${CONNS:-32}
SECS=${SECS:-5}
PROOFS=${PROOFS_PER_THREAD:-100000}
GATEWAY=$BUILD/gateway/app/fhir-gateway
BATCH=$BUILD/bench/dpop-proof-batch
FEST=fixtures/fest/fest-excerpt.xml

start_gateway "$GATEWAY" --fest "$FEST" --grunndata-public true --log-access false
id=$(curl -sf "http://127.0.0.1:$GATEWAY_PORT/fhir/MedicinalProductDefinition?_count=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["entry"][0]["resource"]["id"])')
read_path="/fhir/MedicinalProductDefinition/$id"
read -r open_rps open_p99 < <(run_wrk "http://127.0.0.1:$GATEWAY_PORT$read_path" "$CONNS" "$SECS")
kill "${BENCH_PIDS[-1]}"; wait "${BENCH_PIDS[-1]}" 2>/dev/null || true

# Proofs are minted before the run, so the iat window is widened to cover it; the checks
# themselves cost the same.
start_gateway "$GATEWAY" --fest "$FEST" --dpop-iat-past-seconds 600 --log-access false
issuer_dir="$BENCH_TMP/data/test-issuer"
url="http://127.0.0.1:$GATEWAY_PORT$read_path"
export REQUEST_PATH="$read_path" PROOF_DIR="$BENCH_TMP"
printf 'read by id (%s), %s connections, %ss, %s\n' "$read_path" "$CONNS" "$SECS" "$CORE_SPLIT"
printf '  unauthenticated:          %10.0f req/s  p99 %6.2f ms\n' "$open_rps" "$open_p99"
for alg in ${ALGS:-ES256 PS256}; do
  batch_pids=()
  for t in 0 1; do
    "$BATCH" "$issuer_dir" "$alg" GET "$url" "$PROOFS" "$BENCH_TMP/token-$t.txt" "$BENCH_TMP/proofs-$t.txt" &
    batch_pids+=($!)
  done
  wait "${batch_pids[@]}"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: DPoP $(cat "$BENCH_TMP/token-0.txt")" \
    -H "DPoP: $(tail -1 "$BENCH_TMP/proofs-0.txt")" "$url")
  [[ "$status" == 200 ]] || { echo "authenticated request failed: $status" >&2; exit 1; }
  read -r auth_rps auth_p99 < <(run_wrk "$url" "$CONNS" "$SECS" -s bench/dpop_requests.lua)
  printf '  DPoP %s token + proof: %10.0f req/s  p99 %6.2f ms  (ratio %.2f)\n' "$alg" "$auth_rps" "$auth_p99" \
    "$(awk -v a="$auth_rps" -v o="$open_rps" 'BEGIN { print a / o }')"
done
