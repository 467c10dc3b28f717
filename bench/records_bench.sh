#!/usr/bin/env bash
# Benchmark of patient data over HTTP with DPoP-bound practitioner tokens (a fresh proof per
# request), on SQLite and PostgreSQL side by side:
#   - durable creates (POST Condition, 201 only once committed) at 1, 16 and 64 connections,
#     with the disk's own fsync rate beside them (one fsync = the floor of one commit);
#   - read by id;
#   - a patient-scoped search sorted by date descending (Condition?subject=..&_sort=-recorded-date
#     &_count=10, one patient with 50 Conditions) with 10k, 100k and 1M resources stored (the
#     rest belong to other patients and are written by records-seed through the store port),
#     at 1 connection (the time of one search) and 16 (throughput).
# Usage: bench/records_bench.sh [BUILD_DIR]   (env: SECS, STORES, SIZES, CONNS_LIST, PG_CORE)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[[ $# -ge 1 ]] || bench/build.sh
BUILD=${1:-build/bench}
SECS=${SECS:-5}
STORES=${STORES:-sqlite postgres}
SIZES=${SIZES:-10000 100000 1000000}
CONNS_LIST=${CONNS_LIST:-1 16 64}
GATEWAY=$BUILD/gateway/app/fhir-gateway
BATCH=$BUILD/bench/dpop-proof-batch
SEED=$BUILD/bench/records-seed
DEFINITIONS=definitions/node_modules/hl7.fhir.r4b.core
FNR=01018512345         # the writing patient the token's attestation names
SEARCH_FNR=02028512345  # the searched patient: 50 Conditions
export PROOF_DIR="$BENCH_TMP"

# mint METHOD PATH COUNT : token-0.txt and proofs-0.txt for wrk's one thread, for $patient
patient_json() {
  printf '{"resourceType":"Patient","identifier":[{"system":"urn:oid:2.16.578.1.12.4.1.4.1","value":"%s"}]}' "$1"
}
# call METHOD PATH [BODY] : one request with a fresh proof; prints the body
condition() {
  printf '{"resourceType":"Condition","code":{"coding":[{"system":"http://snomed.info/sct","code":"73211009"}]},"subject":{"reference":"Patient/%s"},"recordedDate":"%s"}' "$1" "$2"
}
stored_count() {  # resources in the store (current versions), from the gateway's metrics-free side
  if [[ $store == sqlite ]]; then
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from resources').fetchone()[0])" \
      "$BENCH_TMP/data/gateway.db"
  else
    as_postgres "$PG_BIN/psql" -At "$PG_URL" -c 'select count(*) from resources'
  fi
}

fsync_rate=$("${SERVER_RUN[@]}" "$BUILD/bench/store_bench" --benchmark_filter=bm_fsync \
  --benchmark_format=csv 2>/dev/null | awk -F, '/bm_fsync/ {printf "%.0f", 1e9 / $3}')
printf 'patient data over HTTP, DPoP token + fresh ES256 proof per request, %ss per run, %s, PostgreSQL on the %s core\n' \
  "$SECS" "$CORE_SPLIT" "${PG_CORE:-server}"
printf 'disk fsync rate (write 4 KiB + fdatasync, one file): %s/s\n' "$fsync_rate"

for store in $STORES; do
  rm -rf "$BENCH_TMP/data"
  store_args=()
  if [[ $store == postgres ]]; then
    start_postgres
    store_args=(--store "$PG_URL")
    target=$PG_URL
  else
    target=$BENCH_TMP/data/gateway.db
  fi
  # Proofs are minted before the runs: the iat window is widened to cover them.
  start_gateway "$GATEWAY" "${store_args[@]}" \
    --dpop-iat-past-seconds 600 --replay-cache-entries 4194304 --log-access false \
    --worker-threads 64 --fest fixtures/fest/fest-excerpt.xml
  echo "== $store"
  patient=$FNR
  pid=$(call POST /fhir/Patient "$(patient_json "$FNR")" | json_field '["id"]')
  condition "$pid" 2024-03-01 >"$BENCH_TMP/condition.json"
  export REQUEST_BODY_FILE="$BENCH_TMP/condition.json" REQUEST_METHOD=POST REQUEST_PATH=/fhir/Condition
  for conns in $CONNS_LIST; do
    mint POST /fhir/Condition $((conns == 1 ? 20000 : 60000))
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$GATEWAY_PORT/fhir/Condition" "$conns" "$SECS" \
      -s bench/dpop_requests.lua)
    printf '  %-8s durable creates, %2d connections: %7.0f /s  p99 %6.2f ms  (%.2f commits per fsync)\n' \
      "$store" "$conns" "$rps" "$p99" "$(awk -v r="$rps" -v f="$fsync_rate" 'BEGIN {print r / f}')"
  done
  unset REQUEST_BODY_FILE
  export REQUEST_METHOD=GET
  one=$(call POST /fhir/Condition "$(condition "$pid" 2024-03-02)" | json_field '["id"]')
  export REQUEST_PATH=/fhir/Condition/$one
  mint GET "$REQUEST_PATH" 150000
  read -r rps p99 < <(run_wrk "http://127.0.0.1:$GATEWAY_PORT$REQUEST_PATH" 16 "$SECS" \
    -s bench/dpop_requests.lua)
  printf '  %-8s read by id, 16 connections:          %7.0f /s  p99 %6.2f ms\n' "$store" "$rps" "$p99"

  # The searched patient has 50 Conditions; everything else is background.
  patient=$SEARCH_FNR
  spid=$(call POST /fhir/Patient "$(patient_json "$SEARCH_FNR")" | json_field '["id"]')
  for day in $(seq 1 50); do
    call POST /fhir/Condition "$(condition "$spid" "2023-$(printf %02d $((day % 12 + 1)))-$(printf %02d $((day % 28 + 1)))")" >/dev/null
  done
  export REQUEST_PATH="/fhir/Condition?subject=Patient/$spid&_sort=-recorded-date&_count=10"
  seeded=0
  for size in $SIZES; do
    have=$(stored_count)
    if ((have < size)); then
      "${SERVER_RUN[@]}" "$SEED" "$DEFINITIONS" "$target" $((size - have)) "$seeded"
      seeded=$((seeded + size - have))
    fi
    # One connection: the time of one search (p99 without queueing); 16: throughput.
    for conns in 1 16; do
      mint GET /fhir/Condition $((conns == 1 ? 40000 : 150000))
      read -r rps p99 < <(run_wrk "http://127.0.0.1:$GATEWAY_PORT$REQUEST_PATH" "$conns" "$SECS" \
        -s bench/dpop_requests.lua)
      printf '  %-8s patient search _sort=-date, %7d stored, %2d connections: %7.0f /s  p99 %6.2f ms\n' \
        "$store" "$(stored_count)" "$conns" "$rps" "$p99"
    done
  done
  kill "${BENCH_PIDS[-1]}"
  unset 'BENCH_PIDS[-1]'
done
