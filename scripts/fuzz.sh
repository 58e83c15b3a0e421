#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME each (a duration like 30s, or an exec count like 1000000x).
# Crashers land in <package>/testdata/fuzz/<Target>/ and then run as regression cases in make test.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-30s}
for t in FuzzDocker FuzzHelm FuzzBaremetal; do
  echo "== $t ($FUZZTIME)"
  go test ./targets -run '^$' -fuzz "^$t\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "${FUZZMINIMIZETIME:-10s}"
done
echo "== FuzzPatch ($FUZZTIME)"
go test ./internal/patch -run '^$' -fuzz '^FuzzPatch$' -fuzztime "$FUZZTIME" -fuzzminimizetime "${FUZZMINIMIZETIME:-10s}"
