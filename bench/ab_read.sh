#!/usr/bin/env bash
# A/B benchmark of two gateway builds on one machine in one run: both serve the FEST sample
# (grunndata_public), pinned to the server core one at a time, and wrk alternates between
# them ROUNDS times for read by id and name search, so hypervisor noise hits both alike.
# Prints each round and the medians. Usage: bench/ab_read.sh BUILD_A BUILD_B (env: ROUNDS=6
# SECS=5 CONNS=32)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ROUNDS=${ROUNDS:-6}
SECS=${SECS:-5}
CONNS=${CONNS:-32}
declare -A PORT
for side in A B; do
  build=$([[ $side == A ]] && echo "$1" || echo "$2")
  mkdir -p "$BENCH_TMP/$side"
  PORT[$side]=$(free_port)
  "${SERVER_RUN[@]}" "$build/gateway/app/fhir-gateway" --listen "127.0.0.1:${PORT[$side]}" \
    --data-dir "$BENCH_TMP/$side" --threads "$SERVER_CORES" --log-access false --test-issuer true \
    --metrics-listen 127.0.0.1:0 --grunndata-public true --fest fixtures/fest/fest-excerpt.xml \
    2>"$BENCH_TMP/$side.log" &
  BENCH_PIDS+=($!)
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${PORT[$side]}/health/ready" >/dev/null 2>&1 && break
    sleep 0.05
  done
done
READ=/fhir/MedicinalProductDefinition/ID-000A27B8-3930-4264-80F9-CDB14C895662
NAME='/fhir/MedicinalProductDefinition?name=kodi'
declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    for key in read name; do
      path=$([[ $key == read ]] && echo "$READ" || echo "$NAME")
      url="http://127.0.0.1:${PORT[$side]}$path"
      run_wrk "$url" "$CONNS" 1 >/dev/null 2>&1
      read -r rps p99 < <(run_wrk "$url" "$CONNS" "$SECS")
      printf 'round %d %s %-4s %8.0f req/s  p99 %5.2f ms\n' "$round" "$side" "$key" "$rps" "$p99"
      RESULTS[$side.$key.rps]+="$rps "
      RESULTS[$side.$key.p99]+="$p99 "
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for key in read name; do
  for side in A B; do
    printf 'median %s %-4s %8.0f req/s  p99 %5.2f ms\n' "$side" "$key" \
      "$(echo "${RESULTS[$side.$key.rps]}" | median)" "$(echo "${RESULTS[$side.$key.p99]}" | median)"
  done
done
