#!/usr/bin/env bash
# Opens an HTML page of brink report or brink brief in headless Chromium (Debian's, as
# tools/setup.sh installs it) and prints what a test needs to know:
#   charts=N drawn=M errors=E console=C
# N: the charts the page holds, M: those drawn as SVG, E: errors the page itself caught,
# C: console messages (any: a warning of Vega-Lite counts). With a second argument, also
# saves a screenshot there (width 1280, height the third argument or 2400).
set -euo pipefail
page=$1
shot=${2:-}
height=${3:-2400}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "browser_check: no chromium; tools/setup.sh installs it (Debian package chromium)" >&2
  exit 3
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$tmp/profile"
       --virtual-time-budget=20000 --hide-scrollbars)
url="file://$(realpath "$page")"
"$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "$url" >"$tmp/dom.html" 2>"$tmp/log.txt" || true
charts=$(grep -o 'data-charts="[0-9]*"' "$tmp/dom.html" | head -n1 | grep -o '[0-9]*' || echo -1)
drawn=$(grep -o 'data-charts-drawn="[0-9]*"' "$tmp/dom.html" | head -n1 | grep -o '[0-9]*' || echo -1)
errors=$(grep -o 'data-report-errors="[0-9]*"' "$tmp/dom.html" | head -n1 | grep -o '[0-9]*' || echo 0)
console=$(grep -c 'CONSOLE' "$tmp/log.txt" || true)
echo "charts=$charts drawn=$drawn errors=$errors console=$console"
grep 'CONSOLE' "$tmp/log.txt" | head -n5 >&2 || true
if [ -n "$shot" ]; then
  "$browser" "${flags[@]}" --window-size=1280,"$height" --screenshot="$shot" "$url" >/dev/null 2>&1 || true
fi
