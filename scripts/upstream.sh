#!/bin/sh
# make upstream: downloads the upstream OpenMetadata artifacts omsso's tests prove outputs
# against, at the commits pinned below (the same as ../shared/upstream/SOURCES.md), into DEST
# (default .cache/upstream in the repo), and checks every file against the sha256 sums pinned in
# internal/upstream/upstream.sha256 before it replaces DEST. Nothing is kept if a download or a
# sum fails. Needs curl, tar and Go.
#
# The chart folders come from GitHub's archive of the chart repository at each release tag's
# commit (a git archive, byte-exact with the tagged files), not from the packaged chart .tgz:
# `helm package` rewrites Chart.yaml, so the packaged bytes are not the tagged ones.
set -eu
root=$(cd -P "$(dirname "$0")/.." && pwd)
dest=${1:-$root/.cache/upstream}
case $dest in /*) ;; *) dest=$(pwd)/$dest ;; esac

charts=open-metadata/openmetadata-helm-charts
om=open-metadata/OpenMetadata
# The OpenMetadata files were read through this mirror (same history) when pinned; it is the
# fallback when a commit is not served from the main repository.
mirror=Jason-Clark-FG/OpenMetadata-Mirror

mkdir -p "$(dirname "$dest")"
work=$(mktemp -d "$(dirname "$dest")/.upstream.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
out=$work/out

fetch() { # URL FILE
  mkdir -p "$(dirname "$2")"
  rc=0
  curl -fsL --retry 3 --proto =https -o "$2" "$1" 2>/dev/null || rc=$?
  case $rc in
  0) return 0 ;;
  5 | 6 | 7 | 28 | 35) # no proxy, no name, no connection, timeout, TLS: offline, say it once
    echo "make upstream: cannot reach ${1#https://} (curl exit $rc: offline?), nothing changed; instead set OMSSO_UPSTREAM to a folder holding helm-charts/ and openmetadata/, or put that folder at ../shared/upstream beside the repo" >&2
    exit 1 ;;
  *) return $rc ;; # an HTTP error: the caller may try elsewhere
  esac
}

# chart COMMIT TAG: the chart repository at COMMIT, unpacked once.
chart_tree() {
  if [ ! -d "$work/charts-$1" ]; then
    fetch "https://codeload.github.com/$charts/tar.gz/$1" "$work/charts-$1.tgz" ||
      { echo "upstream: cannot download $charts at $1" >&2; exit 1; }
    echo "upstream: $charts at $2 ($1)"
    mkdir -p "$work/charts-$1"
    tar -xzf "$work/charts-$1.tgz" -C "$work/charts-$1" --strip-components=1
  fi
}

# chart COMMIT TAG LOCAL: charts/openmetadata of the repository at COMMIT into LOCAL.
chart() {
  chart_tree "$1" "$2"
  mkdir -p "$out/$3"
  cp -R "$work/charts-$1/charts/openmetadata/." "$out/$3/"
}

# file COMMIT PATH LOCAL: one file of OpenMetadata at COMMIT.
file() {
  fetch "https://raw.githubusercontent.com/$om/$1/$2" "$out/$3" ||
    fetch "https://raw.githubusercontent.com/$mirror/$1/$2" "$out/$3" ||
    { echo "upstream: cannot download $2 at $1 from $om or $mirror" >&2; exit 1; }
  echo "upstream: $om $2 at $1"
}

chart a8f1ea419a16e838e7269612359f6cdc2069e228 openmetadata-1.12.12 helm-charts/charts/openmetadata
cp "$work/charts-a8f1ea419a16e838e7269612359f6cdc2069e228/LICENSE" "$work/charts-a8f1ea419a16e838e7269612359f6cdc2069e228/NOTICE" "$out/helm-charts/"
chart ada02f3e8bc6c12760ea32624a2727cb35c23d16 openmetadata-1.5.13 helm-charts/versions/openmetadata-1.5.13
chart 6feafa3c13fe136553823f2bf14750b847aa7b66 openmetadata-1.8.12 helm-charts/versions/openmetadata-1.8.12
chart b621634051d57c96b32c0db677f3f2dee5a2ce8a openmetadata-1.10.14 helm-charts/versions/openmetadata-1.10.14
chart eaf787376c351aa53063b07b6c4370d58a136a8b openmetadata-1.11.13 helm-charts/versions/openmetadata-1.11.13
chart 039a208f0b9f2c40f6ce68d87e1e39b1d0819a57 openmetadata-1.13.1 helm-charts/versions/openmetadata-1.13.1

spec=openmetadata-spec/src/main/resources/json/schema
file 8fac72f763db93711d1abfb195b7ccdc86f43561 conf/openmetadata.yaml openmetadata/conf/openmetadata.yaml
file 14247a562c589c6f3f472de06bf75fd85aae57b6 docker/docker-compose-quickstart/docker-compose.yml openmetadata/docker/docker-compose-quickstart/docker-compose.yml
file 5c831f44b6d33e86a6dcc08a70dcf776e591313d docker/development/docker-compose.yml openmetadata/docker/development/docker-compose.yml
file 06a123110d1a39ac3ca171c38ad83d40f82e67a4 docker/development/.env.sso-test openmetadata/docker/development/env-examples/.env.sso-test
file 2ed68dff3f4f7db29f9e987ce0c7050bbd62bd27 docker/development/.env.sso-test-public openmetadata/docker/development/env-examples/.env.sso-test-public
file 1aa230fdb9666e5fbaa511f2cff3bb84feffce22 $spec/configuration/authenticationConfiguration.json openmetadata/$spec/configuration/authenticationConfiguration.json
file 033237e566a372f7d53f20dc12c9660eb9407c22 $spec/configuration/authenticationConfiguration.json openmetadata/$spec/configuration/authenticationConfiguration.legacy-033237e5.json
file 997b568b90235d9b5ce85413eb7cba4dd4688e46 $spec/configuration/authorizerConfiguration.json openmetadata/$spec/configuration/authorizerConfiguration.json
file 1aa230fdb9666e5fbaa511f2cff3bb84feffce22 $spec/configuration/authorizerConfiguration.json openmetadata/$spec/configuration/authorizerConfiguration.main-2.0-1aa230fd.json
file 3734135d90e7f572493ce70f967d24bd0fbb616f $spec/configuration/securityConfiguration.json openmetadata/$spec/configuration/securityConfiguration.json
file 517fcb0a98d2b857ec7ecb69922f0847d68e2e82 $spec/security/client/oidcClientConfig.json openmetadata/$spec/security/client/oidcClientConfig.json

# The 2.0 and 2.1 lines (no file is tag-pinned: the commits are the ones whose content matches
# each line, see ../shared/upstream/SOURCES.md).
x=openmetadata-2x
file 1c84932b1d6b2c35139cb6bc986f3621b06a15d8 conf/openmetadata.yaml $x/conf/openmetadata.2.0-1c84932b.yaml
file a1526da34fbb4976eea2493dcbcfbe5a44c5833c conf/openmetadata.yaml $x/conf/openmetadata.2.1-a1526da3.yaml
file 8c54ce3198356604328331f9423130098b534ba8 conf/openmetadata.yaml $x/conf/openmetadata.yaml
file 9e6f4551c73f10862b9de0dcf96db1030e9275d7 $spec/configuration/authenticationConfiguration.json $x/$spec/configuration/authenticationConfiguration.json
file 0d30e8555d2d8288eecbd1f64fef2617caa3e7e0 $spec/configuration/authorizerConfiguration.json $x/$spec/configuration/authorizerConfiguration.2.0-0d30e855.json
file a1526da34fbb4976eea2493dcbcfbe5a44c5833c $spec/configuration/configSourceConfiguration.json $x/$spec/configuration/configSourceConfiguration.json
file 3734135d90e7f572493ce70f967d24bd0fbb616f $spec/configuration/securityConfiguration.json $x/$spec/configuration/securityConfiguration.json
file 27d3684768301d4de3b3fed7301323923788284b $spec/security/client/oidcClientConfig.json $x/$spec/security/client/oidcClientConfig.json

(cd "$root" && go run ./internal/upstream/upstreamcheck "$out")
rm -rf "$dest"
mv "$out" "$dest"
echo "upstream: artifacts in $dest; tests find them there (or set OMSSO_UPSTREAM)"
