#!/usr/bin/env bash
# Runs a command with an X display: the current one, or a virtual one (Xvfb) of its own.
set -euo pipefail
# Sanitizer builds: keep the GL driver loaded for the whole process (a preloaded library is
# never unloaded), so LeakSanitizer can name the driver's own allocations and the
# suppressions in tools/lsan.supp apply to them; see docs/testing.md.
if [ -n "${BRINK_TEST_PRELOAD:-}" ]; then
  set -- env LD_PRELOAD="$BRINK_TEST_PRELOAD" "$@"
fi
if [ -n "${DISPLAY:-}" ]; then
  exec "$@"
fi
if ! command -v Xvfb >/dev/null; then
  echo "with_display.sh: no DISPLAY and no Xvfb; install xvfb (tools/setup.sh does)" >&2
  exit 1
fi
# Xvfb picks a free display number itself and writes it to fd 3 once it is ready
# (-displayfd): no two test runs at the same moment can pick the same one, as they could
# with xvfb-run -a, which checks for a free number before the server claims it.
# -noreset: by default the server resets when its last client leaves, and a client that
# connects during the reset is dropped ("Failed to open X11 display"), most often on a busy
# machine; one test process opens and closes the display many times.
tmp=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 200); do
  [ -s "$tmp/display" ] && break
  kill -0 "$xvfb" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; exit 1; }
  sleep 0.05
done
[ -s "$tmp/display" ] || { echo "with_display.sh: Xvfb did not start in 10 s" >&2; cat "$tmp/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$tmp/display")"
status=0
"$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "with_display.sh: the command failed (status $status) on display $DISPLAY; Xvfb said:" >&2
  cat "$tmp/xvfb.log" >&2
  kill -0 "$xvfb" 2>/dev/null || echo "with_display.sh: Xvfb is no longer running" >&2
fi
exit "$status"
