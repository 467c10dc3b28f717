#!/usr/bin/env bash
# Benchmark: an authenticated DPoP read (the same token, a fresh single-use proof on every
# request) against the ceiling that one proof verification per request allows:
#   ceiling = 1 / (t_unauthenticated + t_verify)
# t_unauthenticated: the same read with the same headers on a gateway serving grunndata
# without a token (so parsing the larger request is not counted as auth cost); t_verify: one
# signature verification of the proof's kind through the gateway's own prepared OpenSSL
# verifier (auth_bench, PSS padding and the hash of the signing input included), on the
# server's core, in the same run; `openssl speed` (the bare public-key operation) beside it.
# Both are also given as the server's own CPU time per request (utime + stime of the gateway
# process), which does not depend on how fast wrk can send.
# Usage: bench/auth_e2e.sh [BUILD_DIR]   (env: CONNS, SECS, PROOFS, REPEAT, ALGS)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[[ $# -ge 1 ]] || bench/build.sh
BUILD=${1:-build/bench}
CONNS=${CONNS:-32}
SECS=${SECS:-3}
PROOFS=${PROOFS:-100000}
REPEAT=${REPEAT:-3}
GATEWAY=$BUILD/gateway/app/fhir-gateway
BATCH=$BUILD/bench/dpop-proof-batch
FEST=fixtures/fest/fest-excerpt.xml

# Proofs are minted before the runs, so the iat window is widened to cover them; the checks
# cost the same. Each accepted proof is then remembered for those 600 s, so the replay cache
# is made large enough for every proof of the whole benchmark (16M entries, 1.1 GiB).
# One wrk thread uses token-0.txt and proofs-0.txt.
start_gateway "$GATEWAY" --fest "$FEST" --dpop-iat-past-seconds 600 \
  --replay-cache-entries 16777216 --log-access false
auth_port=$GATEWAY_PORT
auth_pid=${BENCH_PIDS[-1]}
issuer_dir="$BENCH_TMP/data/test-issuer"
start_gateway "$GATEWAY" --fest "$FEST" --grunndata-public true \
  --log-access false
open_port=$GATEWAY_PORT
open_pid=${BENCH_PIDS[-1]}
id=$(curl -sf "http://127.0.0.1:$open_port/fhir/MedicinalProductDefinition?_count=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["entry"][0]["resource"]["id"])')
read_path="/fhir/MedicinalProductDefinition/$id"
export REQUEST_PATH="$read_path" PROOF_DIR="$BENCH_TMP"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk_cpu PID URL : runs wrk with the proof script; prints "RPS P99_MS CPU_US_PER_REQUEST"
wrk_cpu() {
  local pid=$1 url=$2 before after rps p99
  before=$(cpu_ticks "$pid")
  read -r rps p99 < <(run_wrk "$url" "$CONNS" "$SECS" -s bench/dpop_requests.lua)
  after=$(cpu_ticks "$pid")
  awk -v r="$rps" -v p="$p99" -v t=$((after - before)) -v s="$SECS" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%s %s %.2f\n", r, p, t * 1e6 / hz / (r * s) }'
}

openssl_rate() {  # bare verifications per second of one core (P-256 ECDSA or RSA-2048)
  "${SERVER_RUN[@]}" openssl speed -seconds 2 "$1" 2>/dev/null | tail -1 | awk '{print $NF}'
}

verifier_us() {  # one proof verification through the gateway's verifier, microseconds
  "${SERVER_RUN[@]}" "$BUILD/bench/auth_bench" --benchmark_filter="BM_ProofVerifier$1\$" \
    --benchmark_min_time=1 --benchmark_format=csv 2>/dev/null |
    awk -F, '/BM_ProofVerifier/ {print $4 / 1000}'
}

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

printf 'read by id, %s connections, %ss per run, median of %s runs each, %s\n' \
  "$CONNS" "$SECS" "$REPEAT" "$CORE_SPLIT"
url="http://127.0.0.1:$auth_port$read_path"
for alg in ${ALGS:-ES256 PS256}; do
  # Proofs are single use: every authenticated run gets its own token and proofs, minted
  # beforehand (two batches at a time).
  for ((r = 0; r < REPEAT; r += 2)); do
    pids=()
    for t in $r $((r + 1)); do
      ((t < REPEAT)) || continue
      "$BATCH" "$issuer_dir" "$alg" GET "$url" "$PROOFS" "$BENCH_TMP/token-run$t.txt" \
        "$BENCH_TMP/proofs-run$t.txt" &
      pids+=($!)
    done
    wait "${pids[@]}"
  done
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: DPoP $(cat "$BENCH_TMP/token-run0.txt")" \
    -H "DPoP: $(tail -1 "$BENCH_TMP/proofs-run0.txt")" "$url")
  [[ "$status" == 200 ]] || { echo "authenticated request failed: $status" >&2; exit 1; }
  case $alg in ES256) speed=ecdsap256 ;; PS256) speed=rsa2048 ;; esac
  : >"$BENCH_TMP/runs"
  for ((r = 0; r < REPEAT; r++)); do
    # The same requests, headers and all, to the gateway that needs no token, then the real
    # ones, then one verification: interleaved, so a slow spell of the VM hits all three.
    mv "$BENCH_TMP/token-run$r.txt" "$BENCH_TMP/token-0.txt"
    mv "$BENCH_TMP/proofs-run$r.txt" "$BENCH_TMP/proofs-0.txt"
    read -r open_rps open_p99 open_cpu < <(wrk_cpu "$open_pid" "http://127.0.0.1:$open_port$read_path")
    read -r auth_rps auth_p99 auth_cpu < <(wrk_cpu "$auth_pid" "$url")
    echo "$open_rps $open_p99 $open_cpu $auth_rps $auth_p99 $auth_cpu $(verifier_us "$alg") $(openssl_rate "$speed")" \
      >>"$BENCH_TMP/runs"
  done
  col() { awk -v c="$1" '{print $c}' "$BENCH_TMP/runs" | median; }
  awk -v alg="$alg" -v o="$(col 1)" -v op="$(col 2)" -v oc="$(col 3)" -v a="$(col 4)" \
    -v ap="$(col 5)" -v ac="$(col 6)" -v tv="$(col 7)" -v bare="$(col 8)" 'BEGIN {
    t_open = 1e6 / o; t_verify = tv; ceiling = 1e6 / (t_open + t_verify)
    printf "  %s  unauthenticated, same headers: %8.0f req/s (%5.1f us; server CPU %5.1f us)  p99 %.2f ms\n", alg, o, t_open, oc, op
    printf "  %s  one proof verification:        %8.0f /s     (%5.1f us; bare openssl speed %.1f us)\n", alg, 1e6 / t_verify, t_verify, 1e6 / bare
    printf "  %s  ceiling 1/(t_open + t_verify): %8.0f req/s  (by server CPU: %.0f req/s)\n", alg, ceiling, 1e6 / (oc + t_verify)
    printf "  %s  DPoP token + fresh proof:      %8.0f req/s (%5.1f us; server CPU %5.1f us)  p99 %.2f ms\n", alg, a, 1e6 / a, ac, ap
    printf "  %s  ratio to the ceiling:          %.2f by req/s, %.2f by server CPU\n", alg, a / ceiling, (oc + t_verify) / ac
  }'
  awk -v alg="$alg" '{printf "    run %d: open %.0f req/s %.1f us CPU; auth %.0f req/s %.1f us CPU; verify %.1f us\n", NR, $1, $3, $4, $6, $7}' "$BENCH_TMP/runs"
done
