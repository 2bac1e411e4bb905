#!/usr/bin/env bash
# Fetches the chart libraries that brink report and brink brief inline into their pages
# (report/vendor/), from the npm registry, at the versions below, with their licences.
# Run it only to move to new versions: the build and the pages never need the network.
#
#   tools/vendor-charts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
vega=6.4.0
vega_lite=6.5.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm pack --silent "vega@$vega" "vega-lite@$vega_lite" >/dev/null && npm init -y >/dev/null &&
  npm install --silent --no-audit --no-fund "vega@$vega" "vega-lite@$vega_lite" >/dev/null )
mkdir -p "$tmp/x" && for f in "$tmp"/*.tgz; do tar xzf "$f" -C "$tmp/x" && mv "$tmp/x/package" "$tmp/x/$(basename "$f" .tgz)"; done
out=report/vendor
cp "$tmp/x/vega-$vega/build/vega.min.js" "$out/"
cp "$tmp/x/vega-lite-$vega_lite/build/vega-lite.min.js" "$out/"
cp "$tmp/x/vega-$vega/LICENSE" "$out/LICENSE-vega"
cp "$tmp/x/vega-lite-$vega_lite/LICENSE" "$out/LICENSE-vega-lite"
nm="$tmp/node_modules"
cp "$nm/d3-array/LICENSE" "$out/LICENSE-d3"
cp "$nm/d3-ease/LICENSE" "$out/LICENSE-d3-ease"
cp "$nm/delaunator/LICENSE" "$out/LICENSE-delaunator"
cp "$nm/robust-predicates/LICENSE" "$out/LICENSE-robust-predicates"
cp "$nm/topojson-client/LICENSE" "$out/LICENSE-topojson-client"
cp "$nm/json-stringify-pretty-compact/LICENSE" "$out/LICENSE-json-stringify-pretty-compact"
cp "$nm/tslib/LICENSE.txt" "$out/LICENSE-tslib"
( cd "$out" && sha256sum vega.min.js vega-lite.min.js )
echo "vendor-charts: vega $vega and vega-lite $vega_lite in $out; update the versions and sums in $out/README.md"
