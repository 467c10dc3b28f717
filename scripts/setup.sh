#!/usr/bin/env bash
# Installs what the gateway needs on Debian 12, only what is missing (safe to run again).
# Usage: scripts/setup.sh [--test|--bench]   (--test: what the test suite and fuzzers need,
#        PostgreSQL 15 included: the suite starts its own server in a temporary directory;
#        --bench: that plus wrk and nginx for the benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config ccache
  libboost1.81-dev nlohmann-json3-dev libssl-dev libsqlite3-dev libpq-dev zlib1g-dev
  libexpat1-dev libzip-dev libcurl4-openssl-dev nodejs npm)
mode=${1:-}
if [[ "$mode" == "--test" || "$mode" == "--bench" ]]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev libxml2-utils python3 python3-jsonschema
    curl openssl clang libclang-rt-14-dev clang-format clang-tidy
    postgresql-15)
fi
if [[ "$mode" == "--bench" ]]; then
  packages+=(wrk nginx-light)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A node/npm from elsewhere (for instance a version manager) is good enough.
if command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -n "$mode" && ( ! -f tests/schema/node_modules/hl7.fhir.r4b.core/openapi/fhir.schema.json ||
  ! -f tests/schema/node_modules/hl7.fhir.r4b.examples/package.json ) ]]; then
  echo "setup: installing the official FHIR R4B definitions and examples (hl7.fhir.r4b.core and .examples @4.3.0)"
  (cd tests/schema && npm ci --no-audit --no-fund --loglevel=error)
fi

# The gateway reads the official definitions at start (search parameters, compartments, the
# FHIRPath type model): in every mode.
if [[ ! -f definitions/node_modules/hl7.fhir.r4b.core/CompartmentDefinition-patient.json ]]; then
  echo "setup: installing the FHIR R4B definitions the gateway reads (hl7.fhir.r4b.core@4.3.0)"
  (cd definitions && npm ci --no-audit --no-fund --loglevel=error)
fi
