#!/bin/sh
# Fetches the newer Jackson for the differential binding tests (internal/oracle, StartNewer):
# Debian 12 packages jackson-dataformat-yaml 2.8 only, and Maven Central cannot be reached from
# where the tests run, so the jars come from the npm package allure-commandline, which ships
# Jackson 2.22.2 with SnakeYAML 2.5. `npm pack` downloads the package tarball (checked by npm
# against the registry's integrity hash) without running any of its scripts; only the jars the
# oracle needs are kept, each checked against the sha256 below, in DEST (default
# .cache/oracle-jars in the repo). Needs npm, tar and sha256sum.
set -eu
root=$(cd -P "$(dirname "$0")/.." && pwd)
dest=${1:-$root/.cache/oracle-jars}
pkg=allure-commandline@2.46.1
sums='21ddb598807d3a51a876704eb979d9296e1c6a6f47ab1826ff88c6d6a127a2d0  jackson-annotations-2.22.jar
ff167a6317be15895706c26668f45b898efe40ab8780970658210fe1393d52a6  jackson-core-2.22.2.jar
d0da14c12b16b5d54719aa172d83b542ff4abeb8b0fb7db476fde8ceece760ca  jackson-databind-2.22.2.jar
f5e52c7d8914f23c5fcc00d0afbef77e20557228a6200e184bb61f69ab03fc44  jackson-dataformat-yaml-2.22.2.jar
e6682acf1ace77508ef13649cbf4f8d09d2cf5457bdb61d25ffb6ac0233d78dd  snakeyaml-2.5.jar
76434bd2dd778ab140d84b3c6ffa40c40fe6219909f5ed1d8b8977c5ae8e50c8  commons-text-1.13.1.jar
69e5c9fa35da7a51a5fd2099dfe56a2d8d32cf233e2f6d770e796146440263f4  commons-lang3-3.20.0.jar'

if (cd "$dest" 2>/dev/null && echo "$sums" | sha256sum --check --status 2>/dev/null); then
  exit 0 # already there
fi
mkdir -p "$(dirname "$dest")"
work=$(mktemp -d "$(dirname "$dest")/.oracle-jars.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
echo "oracle-jars: npm pack $pkg"
(cd "$work" && npm pack --silent "$pkg" >/dev/null)
mkdir -p "$work/jars"
for j in $(echo "$sums" | awk '{print $2}'); do
  tar -xzf "$work"/allure-commandline-*.tgz -C "$work" "package/dist/lib/$j"
  mv "$work/package/dist/lib/$j" "$work/jars/$j"
done
(cd "$work/jars" && echo "$sums" | sha256sum --check --quiet)
rm -rf "$dest"
mv "$work/jars" "$dest"
echo "oracle-jars: $dest"
