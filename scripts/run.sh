#!/usr/bin/env bash
# Installs what is missing, builds the gateway (Release) and starts it on the embedded
# default: SQLite in ./data, the bundled FEST sample and, in test mode, the local test token
# issuer (NOT FOR PRODUCTION). Extra arguments go to fhir-gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_BUILD_TYPE=Release -DGATEWAY_BUILD_TESTS=OFF >/dev/null
cmake --build build/release --target fhir-gateway fhir-gateway-token
exec build/release/gateway/app/fhir-gateway --data-dir ./data --fest fixtures/fest/fest-excerpt.xml \
  --test-issuer true "$@"
