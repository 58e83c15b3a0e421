#!/usr/bin/env bash
# Whole-command timings, as users pay them (a fresh process each run), against the tools omsso
# proves against. Each comparison runs its pair interleaved (omsso, then the other, N times) so
# that a busy machine slows both alike, and prints the medians side by side with their ratio
# and the goal of issue 15. Then: package init (GODEBUG=inittrace=1), peak RSS, and the
# marginal cost of one more environment in an --each run.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-15}
UP=${OMSSO_UPSTREAM:-../shared/upstream}
CHART=${CHART:-$UP/helm-charts/charts/openmetadata}
BIN=${BIN:-bin/omsso} # BIN=… times another build, e.g. one of main, for a before/after table
SETTINGS=examples/omsso.yaml
PATH="$PATH:$(go env GOPATH)/bin"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$BIN" render -f "$SETTINGS" --output-dir "$TMP/out" >/dev/null
VALUES="$TMP/out/helm/values-okta.yaml"

now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; } # bash 5: microseconds, no fork
run_ms() { # command... -> milliseconds (3 decimals) of one run
  local s e
  s=$(now_us)
  "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; exit 1; }
  e=$(now_us)
  awk -v d=$((e - s)) 'BEGIN { printf "%.3f", d / 1000 }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# pair "label A" "label B" goal -- A... -- B...: N interleaved runs of each, medians, A/B.
pair() {
  local la=$1 lb=$2 goal=$3
  shift 4
  local a=() b=()
  while [ "$1" != "--" ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  : >"$TMP/a"; : >"$TMP/b"
  for _ in $(seq "$N"); do
    run_ms "${a[@]}" >>"$TMP/a"; echo >>"$TMP/a"
    run_ms "${b[@]}" >>"$TMP/b"; echo >>"$TMP/b"
  done
  local ma mb
  ma=$(median <"$TMP/a"); mb=$(median <"$TMP/b")
  awk -v la="$la" -v lb="$lb" -v ma="$ma" -v mb="$mb" -v goal="$goal" 'BEGIN {
    r = ma / mb
    printf "  %-46s %7.1f ms   %-28s %7.1f ms   ratio %.2f (goal <= %s) %s\n", la, ma, lb, mb, r, goal, (r <= goal ? "ok" : "MISSED") }'
}

echo "== whole commands, medians of $N interleaved pairs"
if command -v helm >/dev/null 2>&1 && [ -d "$CHART" ]; then
  HT=(helm template openmetadata "$CHART" -f "$VALUES")
  pair "omsso render --target all (every proof)" "helm template (same chart+values)" 0.5 \
    -- "$BIN" render -f "$SETTINGS" --target all --output-dir "$TMP/out" -- "${HT[@]}"
  pair "omsso verify --target helm --chart DIR" "helm template (same chart+values)" 0.6 \
    -- "$BIN" verify -f "$SETTINGS" --target helm --chart "$CHART" -- "${HT[@]}"
else
  echo "  helm or the chart ($CHART) missing: no helm template comparison (make upstream; go install helm)"
fi
# The cold Docker proof: a fresh process rendering and proving docker, less one rendering the
# Okta guide (same start-up and settings, no proof).
: >"$TMP/d"; : >"$TMP/o"
for _ in $(seq "$N"); do
  run_ms "$BIN" render -f "$SETTINGS" --target docker --output-dir "$TMP/out" >>"$TMP/d"; echo >>"$TMP/d"
  run_ms "$BIN" render -f "$SETTINGS" --target okta --output-dir "$TMP/out" >>"$TMP/o"; echo >>"$TMP/o"
done
awk -v d="$(median <"$TMP/d")" -v o="$(median <"$TMP/o")" 'BEGIN {
  printf "  %-46s %7.1f ms   %-28s %7.1f ms   cold Docker proof %.1f ms (goal <= 10) %s\n", "omsso render --target docker", d, "omsso render --target okta", o, d - o, (d - o <= 10 ? "ok" : "MISSED") }'
v=$(median < <(for _ in $(seq "$N"); do run_ms "$BIN" version; echo; done))
echo "  omsso version (start-up alone)                 $v ms"

echo
echo "== package init (GODEBUG=inittrace=1 omsso version): total, top five, omsso's own"
GODEBUG=inittrace=1 "$BIN" version 2>&1 >/dev/null | awk '/^init / { total += $5; print $5, $2 } END { printf "%.2f TOTAL\n", total }' |
  sort -gr >"$TMP/init"
awk '$2 == "TOTAL" { printf "  total %.1f ms\n", $1 }' "$TMP/init"
awk '$2 != "TOTAL" && n++ < 5' "$TMP/init" | awk '{ printf "  %6.2f ms  %s\n", $1, $2 }'
grep 'github.com/omsso/' "$TMP/init" | awk '{ if ($1 > m) { m = $1; p = $2 } } END { printf "  largest of omsso'"'"'s own: %.2f ms %s (goal < 1) %s\n", m, p, (m < 1 ? "ok" : "MISSED") }'

echo
echo "== peak RSS of omsso render --target all"
if [ -x /usr/bin/time ]; then
  kb=$(/usr/bin/time -f %M "$BIN" render -f "$SETTINGS" --target all --output-dir "$TMP/out" 2>&1 >/dev/null | tail -1)
  awk -v kb="$kb" 'BEGIN { printf "  %.1f MB (goal <= 40) %s\n", kb / 1024, (kb / 1024 <= 40 ? "ok" : "MISSED") }'
else
  echo "  /usr/bin/time missing: not measured"
fi

echo
echo "== many environments: omsso render --each with 1, 10 and 100 generated environments"
mkdir -p "$TMP/envs"
for i in $(seq 100); do
  printf 'openmetadata:\n  url: https://env%03d.example.com\n' "$i" >"$TMP/envs/env$(printf %03d "$i").yaml"
done
each() { # count [flags...] -> median ms of a render --each over the first count environments
  local n=$1
  shift
  rm -rf "$TMP/g$n" && mkdir -p "$TMP/g$n" && cp $(ls "$TMP"/envs/*.yaml | head -"$n") "$TMP/g$n/"
  local m=$(( N < 5 ? N : 5 ))
  for _ in $(seq "$m"); do
    rm -rf "$TMP/each"
    run_ms "$BIN" render -f "$SETTINGS" --each "$TMP/g$n/*.yaml" --output-dir "$TMP/each" "$@"; echo
  done | median
}
slope() { # label goal [flags...]; goal "-" for a line that only informs
  local label=$1 goal=$2
  shift 2
  local t1 t10 t100
  t1=$(each 1 "$@"); t10=$(each 10 "$@"); t100=$(each 100 "$@")
  awk -v l="$label" -v a="$t1" -v b="$t10" -v c="$t100" -v g="$goal" 'BEGIN {
    s = (c - a) / 99
    verdict = (g == "-") ? "(disk-bound: each file is synced before its rename; no goal)" : sprintf("(goal <= %s) %s", g, (s <= g ? "ok" : "MISSED"))
    printf "  %-24s 1: %7.1f ms   10: %7.1f ms   100: %7.1f ms   slope %.1f ms per environment %s\n", l, a, b, c, s, verdict }'
}
# --dry-run renders and proves every environment and writes nothing: the cost the goal is
# about. The last line adds the write (files.WriteSet syncs every file to disk before its
# rename, so it mostly measures the disk).
if ! "$BIN" render --help 2>/dev/null | grep -q -- --each; then
  echo "  $BIN has no --each: not measured"
  exit 0
fi
slope "every proof" 5 --dry-run
if [ -d "$CHART" ]; then
  slope "every proof + --chart" 25 --dry-run --chart "$CHART"
fi
slope "every proof, written" -
echo "  ($(getconf _NPROCESSORS_ONLN) cores; environments run one per core)"
