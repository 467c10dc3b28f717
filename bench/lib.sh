#!/usr/bin/env bash
# Shared helpers for the benchmark scripts: start the gateway and nginx on loopback, run wrk,
# parse its numbers. Everything started here is stopped on exit.
set -euo pipefail

BENCH_TMP=$(mktemp -d /tmp/fhir-gateway-bench-XXXXXX)
chmod 755 "$BENCH_TMP"  # nginx workers run as another user
BENCH_PIDS=()
cleanup() {
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f "$BENCH_TMP/nginx.pid" ]] && kill "$(cat "$BENCH_TMP/nginx.pid")" 2>/dev/null || true
  [[ -d "$BENCH_TMP/pg/data" ]] && as_postgres "$PG_BIN/pg_ctl" stop -D "$BENCH_TMP/pg/data" \
    -m immediate >/dev/null 2>&1 || true
  sleep 0.3
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

# Core split: with PIN=1 (the default on 2+ cores) the server under test (gateway or nginx)
# runs on cores 0..N-2 with one thread or worker per core, and wrk on the last core, so the
# load generator never preempts the server. PIN=0 lets both share every core.
CORES=$(nproc)
if [[ ${PIN:-1} == 1 && $CORES -ge 2 ]]; then
  SERVER_CORES=$((CORES - 1))
  SERVER_RUN=(taskset -c "0-$((CORES - 2))")
  CLIENT_RUN=(taskset -c "$((CORES - 1))")
  WRK_THREADS=1
  CORE_SPLIT="server on $SERVER_CORES core(s), wrk on 1 (pinned)"
else
  SERVER_CORES=$CORES
  SERVER_RUN=()
  CLIENT_RUN=()
  WRK_THREADS=2
  CORE_SPLIT="server and wrk sharing $CORES cores"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_gateway BINARY ARGS... : sets GATEWAY_PORT; the access log goes to a file. Runs on the
# server cores; with UNPINNED=1 on every core (for import timings). Test mode (the local test
# issuer in $BENCH_TMP/data/test-issuer); the metrics listener on a free port.
start_gateway() {
  local binary=$1; shift
  GATEWAY_PORT=$(free_port)
  if [[ ${UNPINNED:-0} == 1 ]]; then
    "$binary" --listen "127.0.0.1:$GATEWAY_PORT" --data-dir "$BENCH_TMP/data" --test-issuer true \
      --metrics-listen 127.0.0.1:0 "$@" 2>"$BENCH_TMP/gateway.log" &
  else
    "${SERVER_RUN[@]}" "$binary" --listen "127.0.0.1:$GATEWAY_PORT" --data-dir "$BENCH_TMP/data" \
      --threads "$SERVER_CORES" --test-issuer true --metrics-listen 127.0.0.1:0 "$@" \
      2>"$BENCH_TMP/gateway.log" &
  fi
  BENCH_PIDS+=($!)
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$GATEWAY_PORT/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "gateway did not become ready; log:" >&2; tail -5 "$BENCH_TMP/gateway.log" >&2; return 1
}

# start_nginx DOCROOT : serves DOCROOT as static files on NGINX_PORT with the same
# content type the gateway uses, access log on (like the gateway's).
start_nginx() {
  NGINX_PORT=$(free_port)
  cat >"$BENCH_TMP/nginx.conf" <<CONF
worker_processes $SERVER_CORES;
pid $BENCH_TMP/nginx.pid;
error_log $BENCH_TMP/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log $BENCH_TMP/nginx-access.log;
  keepalive_requests 10000000;
  types { }
  default_type "application/fhir+json; charset=utf-8";
  server { listen 127.0.0.1:$NGINX_PORT; root $1; location / { } }
}
CONF
  "${SERVER_RUN[@]}" nginx -c "$BENCH_TMP/nginx.conf"
  sleep 0.3
}

# CPU time the hypervisor took from this VM so far (/proc/stat "steal"), in milliseconds.
steal_ms() { awk '/^cpu / {print $9 * 10}' /proc/stat; }

# run_wrk URL CONNECTIONS SECONDS [extra wrk args] : prints "RPS P99_MS"; tells on stderr when
# the hypervisor stole CPU time during the run (tail latencies of such runs are not ours).
run_wrk() {
  local url=$1 conns=$2 secs=$3; shift 3
  local out steal_before
  steal_before=$(steal_ms)
  out=$("${CLIENT_RUN[@]}" wrk -t"$WRK_THREADS" -c"$conns" -d"${secs}s" --latency "$@" "$url")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  [[ -n "$non2xx" ]] && echo "warning: $non2xx non-2xx responses for $url" >&2
  local stolen=$(($(steal_ms) - steal_before))
  ((stolen > 50)) && echo "  (the hypervisor stole ${stolen} ms of CPU time during the run below)" >&2
  echo "$rps $p99"
}

# start_postgres : a PostgreSQL 15 cluster in $BENCH_TMP/pg on the server cores (with
# PG_CORE=client on wrk's core instead, as a database on a machine of its own would be),
# 127.0.0.1 on a free port, fsync on (as the `postgres` user when run as root); sets PG_URL.
PG_BIN=/usr/lib/postgresql/15/bin
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  local dir=$BENCH_TMP/pg port
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U bench >/dev/null
  port=$(free_port)
  local run=("${SERVER_RUN[@]}")
  [[ ${PG_CORE:-server} == client ]] && run=("${CLIENT_RUN[@]}")
  as_postgres "${run[@]}" "$PG_BIN/pg_ctl" start -w -D "$dir/data" -l "$dir/log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c shared_buffers=512MB" \
    >/dev/null
  as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U bench bench
  PG_URL="postgres://bench:bench@127.0.0.1:$port/bench"
}

# Patient-data calls with a DPoP-bound practitioner token whose attestation names $patient
# (tokens and proofs minted by dpop-proof-batch from $BATCH into $BENCH_TMP).
mint() {
  "$BATCH" "$BENCH_TMP/data/test-issuer" ES256 "$1" "http://127.0.0.1:$GATEWAY_PORT$2" "$3" \
    "$BENCH_TMP/token-0.txt" "$BENCH_TMP/proofs-0.txt" "$patient"
}
call() {
  mint "$1" "${2%%\?*}" 1
  curl -sf -X "$1" -H "Authorization: DPoP $(cat "$BENCH_TMP/token-0.txt")" \
    -H "DPoP: $(cat "$BENCH_TMP/proofs-0.txt")" -H 'Content-Type: application/fhir+json' \
    ${3:+--data-binary "$3"} "http://127.0.0.1:$GATEWAY_PORT$2"
}
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
