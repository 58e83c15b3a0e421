#!/usr/bin/env bash
# Fuzzes every fuzz target for FUZZTIME each (a duration like 30s, or an exec count like
# 1000000x). Each package's instrumented test binary is built once, then each of its targets is
# fuzzed with it, so the time goes to fuzzing, not to rebuilding. A target's line ends with how
# many executions ran and how many new interesting inputs were found beyond the seed corpus.
# Crashers land in <package>/testdata/fuzz/<Target>/ and then run as regression cases in every
# go test.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-30s}
module=$(go list -m)
cache=$(go env GOCACHE)/fuzz
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

fuzz() { # PACKAGE TARGET...
  local pkg=$1 t
  shift
  echo "== building $pkg for fuzzing"
  go test -c -fuzz "^$1\$" -o "$bin/fuzz.test" "./$pkg"
  for t; do
    echo "== $t ($FUZZTIME)"
    (cd "$pkg" && "$bin/fuzz.test" -test.run '^$' -test.fuzz "^$t\$" -test.fuzztime "$FUZZTIME" \
      -test.fuzzminimizetime "${FUZZMINIMIZETIME:-10s}" -test.fuzzcachedir "$cache/$module/$pkg" 2>&1) |
      tee "$bin/log" | grep -v '^fuzz: elapsed' || true
    # The fuzzer reports its progress on stderr; its last line says how far it got.
    grep '^fuzz: elapsed' "$bin/log" | tail -1 || true
    grep -q '^PASS' "$bin/log" || { echo "$t failed: see above"; exit 1; }
  done
}
fuzz targets FuzzDocker FuzzHelm FuzzBaremetal
fuzz internal/patch FuzzPatch
