#!/bin/sh
# Helm plugin install/update hook: puts the omsso binary at <repo>/bin/omsso. A binary already
# there (e.g. from `make build`) is kept; otherwise it is built, which needs Go.
set -eu
root=$(cd -P "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -x bin/omsso ] && [ -z "${OMSSO_REBUILD:-}" ]; then
  echo "omsso: using $root/bin/omsso"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "omsso: Go 1.26 is needed to build the plugin (or put a built omsso at $root/bin/omsso)" >&2
  exit 1
fi
echo "omsso: building $root/bin/omsso"
go build -trimpath -o bin/omsso ./cmd/omsso
