#!/bin/sh
# Helm plugin install/update hook: puts the omsso binary at <repo>/bin/omsso. A binary already
# there (e.g. from `make build`) is kept; otherwise it is built, which needs Go. The build is
# stamped with the version and commit as `make build` stamps it, so both binaries print the
# same `omsso version`. OMSSO_REBUILD=1 rebuilds; OMSSO_PLUGIN_BIN names another output (tests).
set -eu
root=$(cd -P "$(dirname "$0")/.." && pwd)
cd "$root"
out=${OMSSO_PLUGIN_BIN:-bin/omsso}
if [ -x "$out" ] && [ -z "${OMSSO_REBUILD:-}" ]; then
  echo "omsso: using $root/$out"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "omsso: Go 1.26 is needed to build the plugin (or put a built omsso at $root/bin/omsso)" >&2
  exit 1
fi
# Same values as make build (scripts/version.sh).
ldflags=$(./scripts/version.sh ldflags)
echo "omsso: building $out ($(./scripts/version.sh version))"
go build -trimpath -ldflags "$ldflags" -o "$out" ./cmd/omsso
