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
exec xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
