#!/usr/bin/env bash
# Whole-command timings: median wall time of N runs of omsso render, omsso verify with the real
# chart, and (when helm is on PATH) helm template of the same chart and values, for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-11}
UP=${OMSSO_UPSTREAM:-../shared/upstream}
CHART="$UP/helm-charts/charts/openmetadata"
BIN=bin/omsso
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BIN" render -f examples/omsso.yaml --output-dir "$OUT" >/dev/null

median() { # command... -> median milliseconds over N runs
  local times=()
  for _ in $(seq "$N"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (N + 1) / 2 ))p"
}

r=$(median "$BIN" render -f examples/omsso.yaml --output-dir "$OUT")
echo "omsso render (all targets, proved)        median ${r} ms over $N runs"
v=$(median "$BIN" verify -f examples/omsso.yaml --dir "$OUT" --target helm --chart "$CHART")
echo "omsso verify --target helm --chart        median ${v} ms over $N runs"
if command -v helm >/dev/null 2>&1; then
  h=$(median helm template openmetadata "$CHART" -f "$OUT/helm/values-okta.yaml")
  echo "helm template (same chart and values)     median ${h} ms over $N runs"
  awk -v v="$v" -v h="$h" 'BEGIN { if (h > 0) printf "ratio verify/helm template: %.2f\n", v / h }'
else
  echo "helm not on PATH: no helm template comparison"
fi
