#!/usr/bin/env bash
# Runs a command with an X display: the current one, or a virtual one from xvfb-run.
set -euo pipefail
if [ -n "${DISPLAY:-}" ]; then
  exec "$@"
fi
if ! command -v xvfb-run >/dev/null; then
  echo "with_display.sh: no DISPLAY and no xvfb-run; install xvfb (tools/setup.sh does)" >&2
  exit 1
fi
# -a finds a free display from -n upwards; a random start keeps runs made at the same
# moment (two test suites, two engineers) from racing for the same one
exec xvfb-run -a -n $((100 + RANDOM % 800)) -s "-screen 0 1280x1024x24" "$@"
