#!/usr/bin/env bash
# Every test Brink has, as CI runs them: sets up (tools/setup.sh), runs the release suite,
# then builds the sanitize preset (clang, AddressSanitizer and UBSan) and runs the whole
# suite again under it, with a bounded pass of each libFuzzer target (ctest's fuzz.*).
#
#   tools/test.sh            everything
#   tools/test.sh --quick    the release suite only
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

./tools/setup.sh
ctest --preset release -j "$jobs"
if [ "${1:-}" = "--quick" ]; then
  exit 0
fi
BRINK_PRESET=sanitize ./tools/setup.sh
ctest --preset sanitize -j "$jobs"
