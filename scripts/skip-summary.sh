#!/bin/sh
# skip-summary.sh LOG: the last line of make test and make test-all. It says, in words, what the
# run did not prove, from the skip log internal/testneeds writes (kind, proof, how to get it,
# test name; one line per skipped test).
log=$1
if [ ! -s "$log" ]; then
  echo "omsso: every test ran; nothing was skipped."
  exit 0
fi
awk -F '\t' '
  { key = $1 "\t" $2; if (!(key in n)) { order[++k] = key; get[key] = $3 }; n[key]++ }
  END {
    for (i = 1; i <= k; i++) {
      split(order[i], p, "\t"); c = n[order[i]] " test" (n[order[i]] == 1 ? "" : "s")
      if (p[1] == "short") short = short (short ? "; " : "") p[2] " (" c ")"
      else missing = missing (missing ? "; " : "") p[2] " (" c "; to run them: " get[order[i]] ")"
    }
    line = "omsso: NOT PROVEN by this run:"
    if (short) line = line " left to make test-all: " short "."
    if (missing) line = line " missing here: " missing "."
    print line
  }' "$log"
