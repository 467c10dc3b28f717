#!/usr/bin/env bash
# What the audit trail costs: an authenticated patient-data read (GET Condition/{id} with a
# DPoP-bound practitioner token and a fresh ES256 proof per request, 16 connections) on
# SQLite, with the audit trail on (one durable AuditEvent per read, in batches) and off
# (audit = false, allowed in test mode only), alternating in the same run. Also prints the
# audit batch sizes and write latency from the gateway's metrics, and the ceiling: the CPU
# time a bare durable append of one such AuditEvent costs (store_bench's bm_audit_append,
# pinned like the server), and the same append with the columns and indexes a searchable
# access log needs (bm_audit_append_indexed), beside the CPU time of a read without audit.
# Usage: bench/audit_bench.sh [BUILD_DIR]   (env: SECS, ROUNDS, CONNS)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
[[ $# -ge 1 ]] || bench/build.sh
BUILD=${1:-build/bench}
SECS=${SECS:-5}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-16}
GATEWAY=$BUILD/gateway/app/fhir-gateway
BATCH=$BUILD/bench/dpop-proof-batch
FNR=01018512345
patient=$FNR  # the patient the tokens attest
export PROOF_DIR="$BENCH_TMP"

metric() { curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

printf 'authenticated patient-data read, %d connections, %ss per run, %s\n' "$CONNS" "$SECS" \
  "$CORE_SPLIT"
declare -A results
for round in $(seq 1 "$ROUNDS"); do
  for audit in true false; do
    rm -rf "$BENCH_TMP/data"
    start_gateway "$GATEWAY" --audit "$audit" --dpop-iat-past-seconds 600 \
      --replay-cache-entries 4194304 --log-access false --worker-threads 64 \
      --fest fixtures/fest/fest-excerpt.xml
    METRICS_PORT=$(grep -o '"metrics listening".*"port":"[0-9]*"' "$BENCH_TMP/gateway.log" |
      grep -o '"port":"[0-9]*"' | grep -o '[0-9]*' || true)
    pid=$(call POST /fhir/Patient \
      "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:oid:2.16.578.1.12.4.1.4.1\",\"value\":\"$FNR\"}]}" |
      json_field '["id"]')
    one=$(call POST /fhir/Condition \
      "{\"resourceType\":\"Condition\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"73211009\"}]},\"subject\":{\"reference\":\"Patient/$pid\"}}" |
      json_field '["id"]')
    export REQUEST_METHOD=GET REQUEST_PATH=/fhir/Condition/$one
    mint GET "$REQUEST_PATH" 200000
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$GATEWAY_PORT$REQUEST_PATH" "$CONNS" "$SECS" \
      -s bench/dpop_requests.lua)
    extra=""
    if [[ $audit == true && -n $METRICS_PORT ]]; then
      batches=$(metric fhir_gateway_audit_batch_records_count)
      records=$(metric fhir_gateway_audit_batch_records_sum)
      wsum=$(metric fhir_gateway_audit_write_seconds_sum)
      wcount=$(metric fhir_gateway_audit_write_seconds_count)
      sqlite3 "$BENCH_TMP/data/gateway.db" \
        "SELECT json FROM versions WHERE type = 'AuditEvent' ORDER BY seq DESC LIMIT 1" \
        | tr -d '\n' >"$BENCH_TMP/audit-record.json"
      extra=$(awk -v b="$batches" -v r="$records" -v s="$wsum" -v c="$wcount" \
        'BEGIN {if (b > 0 && c > 0) printf "  (%.1f records per commit, mean audit write %.2f ms)", r / b, 1000 * s / c}')
    fi
    printf '  round %d, audit %-5s: %7.0f reads/s  p99 %6.2f ms%s\n' "$round" "$audit" "$rps" \
      "$p99" "$extra"
    results[$audit]+="$rps "
    kill "${BENCH_PIDS[-1]}"
    wait "${BENCH_PIDS[-1]}" 2>/dev/null || true
    unset 'BENCH_PIDS[-1]'
  done
done
append_json=$(AUDIT_RECORD="$BENCH_TMP/audit-record.json" "${SERVER_RUN[@]}" \
  "$BUILD/bench/store_bench" --benchmark_filter=bm_audit_append --benchmark_format=json \
  2>/dev/null)
python3 - "${results[true]}" "${results[false]}" "$append_json" <<'PY'
import json, statistics, sys
on = [float(x) for x in sys.argv[1].split()]
off = [float(x) for x in sys.argv[2].split()]
m_on, m_off = statistics.median(on), statistics.median(off)
cost = 1 - m_on / m_off
print(f"median with audit {m_on:.0f}/s, without {m_off:.0f}/s: audit costs "
      f"{100 * cost:.1f}% of the throughput (target < 10%)")
t_read = 1e6 / m_off  # CPU microseconds per read: the server's one core is saturated
t_audit = 1e6 / m_on - t_read
for b in json.loads(sys.argv[3])["benchmarks"]:
    t_append = b["cpu_per_record"] * 1e6
    batch = b["name"].split("/")[1]
    ceiling = t_append / (t_read + t_append)
    what = ("append with the access log's four indexes" if "indexed" in b["name"]
            else "bare durable append")
    print(f"ceiling, {what} of the {b['record_bytes']:.0f}-byte AuditEvent in "
          f"batches of {batch}: {t_append:.1f} us CPU per record against {t_read:.1f} us per "
          f"read: the least audit can cost is {100 * ceiling:.1f}%")
print(f"the gateway's audit record costs {t_audit:.0f} us CPU per read")
PY
