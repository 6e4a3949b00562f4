#!/bin/sh
# Re-run the relais / OpenFisca-France comparison and rewrite the table of
# docs/openfisca-comparison.md. See README.md for the one-time set-up of OpenFisca.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
OF_DIR=${OF_DIR:-/tmp/of}          # holds openfisca-core/ and openfisca-france/ checkouts
OUT=${OUT:-/tmp/relais-openfisca}  # outputs of the two engines (never committed)
mkdir -p "$OUT"
cd "$HERE"
start=$(date +%s)
python3 run_relais.py --out "$OUT/relais.json"
PYTHONPATH="$HERE/compat:$OF_DIR/openfisca-core:$OF_DIR/openfisca-france:$HERE" \
  /usr/bin/python3 run_openfisca.py --out "$OUT/openfisca.json"
python3 compare.py --openfisca "$OUT/openfisca.json" --relais "$OUT/relais.json" "$@"
echo "whole run: $(( $(date +%s) - start )) s" >&2
