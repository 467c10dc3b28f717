#!/bin/sh
# Writes every produced resource type and a searchset to files and validates them against the
# official R4B JSON schema; also validates the profiles/ resources.
set -eu
samples_bin="$1"; fixture="$2"; validator="$3"; schema="$4"; profiles="$5"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$samples_bin" "$fixture" "$out"
/usr/bin/python3 "$validator" "$schema" "$out"/*.json "$profiles"/*.json
