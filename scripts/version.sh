#!/bin/sh
# version.sh version|release|commit|date|ldflags: what make build, make install and the Helm plugin's
# install hook stamp into omsso. The version is the release tag on this commit's history (git
# describe: v0.1.0, or v0.1.0-3-gabcdef0 after it), else the release in progress from
# internal/version (v0.1.0-dev); -dirty when the tree has changes. Outside git: that release,
# commit none.
root=$(cd -P "$(dirname "$0")/.." && pwd)
release=$(sed -n 's/^const Release = "\(.*\)"$/\1/p' "$root/internal/version/version.go")
case ${1:-version} in
version)
  v=$(git -C "$root" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null) || {
    v=v$release-dev
    if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then v=$v-dirty; fi
  }
  echo "$v" ;;
release) echo "$release" ;;
commit) git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo none ;;
date) git -C "$root" log -1 --format=%cI 2>/dev/null || true ;;
ldflags)
  p=github.com/omsso/omsso/internal/version
  echo "-X $p.Version=$("$0" version) -X $p.Commit=$("$0" commit) -X $p.Date=$("$0" date)" ;;
*) echo "usage: version.sh version|release|commit|date|ldflags" >&2; exit 2 ;;
esac
