#!/bin/bash
# CTest check: the FEST generator writes full-size files that the official XSDs accept and the
# importer reads back with the expected counts.
# xmllint does not resolve xs:IDREF, so check_references.py checks the full file's references.
# usage: fest_generator_xsd_check.sh GENERATOR_DIR XSD_DIR FEST_IMPORT_BENCH FIXTURE_DIR
set -euo pipefail
generator=$1/generate_fest.py
check_references=$1/check_references.py
xsd_dir=$2
import_bench=$3
excerpt=$4/fest-excerpt.xml
incremental_fixture=$4/fest-incremental.xml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$generator" --seed 7 --packages 10500 --merkevarer 8000 --out "$work/full.xml"
python3 "$generator" --seed 7 --packages 10500 --merkevarer 8000 --incremental --out "$work/incremental.xml"

xmllint --noout --stream --schema "$xsd_dir/ER-M30-2014-12-01.xsd" "$work/full.xml"
xmllint --noout --stream --schema "$xsd_dir/ER-M30-2014-12-01-loose.xsd" "$work/incremental.xml"
xmllint --noout --schema "$xsd_dir/ER-M30-2014-12-01.xsd" "$excerpt"
xmllint --noout --schema "$xsd_dir/ER-M30-2014-12-01-loose.xsd" "$incremental_fixture"
python3 "$check_references" "$work/full.xml"
python3 "$check_references" "$excerpt"

"$import_bench" "$work/full.xml" > "$work/counts.txt"
grep -qx 'legemiddelpakning: 10500' "$work/counts.txt"
grep -qx 'legemiddel_merkevare: 8000' "$work/counts.txt"
# The incremental file (same seed) expires 1/200 of the merkevarer and 1/50 of the pakninger and adds
# as many new pakninger as it expires.
"$import_bench" "$work/full.xml" "$work/incremental.xml" > "$work/applied-counts.txt"
grep -qx 'legemiddel_merkevare: 7960' "$work/applied-counts.txt"
grep -qx 'legemiddelpakning: 10500' "$work/applied-counts.txt"
grep -qx 'utgatte_oppforinger: 0' "$work/applied-counts.txt"
echo "generator output is XSD-valid, resolves, imports and applies with the expected counts"
