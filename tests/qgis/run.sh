#!/usr/bin/env bash
# Opens a map job's GeoPackage, QGIS project and GeoJSON layers in QGIS
# itself (Debian's python3-qgis, headless) and checks them with check.py.
# Run by .ci/run after the Rust tests; needs a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3-qgis qgis-providers >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
regions=(southeast-asia africa pacific world)
target/release/geomention map examples/corpus -q --out "$out" \
  --regions "$(IFS=,; echo "${regions[*]}")" --format geojson,gpkg,qgis
/usr/bin/python3 tests/qgis/check.py "$out" "${regions[@]}"
