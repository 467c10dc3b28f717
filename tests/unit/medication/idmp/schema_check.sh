#!/bin/sh
# Writes every produced resource type and a searchset to files and validates them against the
# official R4B JSON schema; also validates the profiles/ resources, and the reverse translation
# (IDMP -> FEST XML) against the official M30 XSD.
set -eu
samples_bin="$1"; fixture="$2"; validator="$3"; schema="$4"; profiles="$5"; fest_xsd="$6"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$samples_bin" "$fixture" "$out"
/usr/bin/python3 "$validator" "$schema" "$out"/*.json "$profiles"/*.json
xmllint --noout --schema "$fest_xsd" "$out/fest-reverse.xml"
