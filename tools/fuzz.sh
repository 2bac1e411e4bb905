#!/usr/bin/env bash
# A long fuzzing campaign for one libFuzzer target, under AddressSanitizer and UBSan.
#
#   tools/fuzz.sh TARGET [RUNS [SECONDS]]
#
# TARGET: scenario, expr or saved; RUNS default 10000000; SECONDS, if given, stops the
# campaign after that long even if RUNS are not done (libFuzzer's -max_total_time).
#
# Builds the sanitize preset if needed (and again when fuzz/ changed), then runs build/sanitize/fuzz/fuzz_TARGET for RUNS
# inputs from the seeds (as ctest's fuzz.* do) into a corpus kept under
# build/sanitize/fuzz/long/TARGET, so a second campaign goes on from the first. Prints
# libFuzzer's final figures. A crash, leak or UB report stops it with the input saved as
# build/sanitize/fuzz/crash-TARGET-*: copy that file into fuzz/regressions/TARGET/ and add a
# test for it (docs/testing.md).
#
# BRINK_FUZZ_FORK=N runs N fuzzing processes (libFuzzer's -fork=N) into the one corpus, so a
# campaign can use every core; RUNS then counts the inputs of all of them. The target is
# copied beside its corpus first, so the build folder can be rebuilt while a campaign runs.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: tools/fuzz.sh scenario|expr|saved [RUNS [SECONDS]]}"
runs="${2:-10000000}"
seconds="${3:-0}"
case "$target" in
  scenario) seeds=(scenarios/models tests/data/bad); maxlen=16384 ;;
  expr) seeds=(fuzz/corpus/expr); maxlen=16384 ;;
  saved) seeds=(fuzz/corpus/saved); maxlen=65536 ;;
  *) echo "tools/fuzz.sh: unknown target '$target'; expected scenario, expr or saved" >&2; exit 2 ;;
esac
exe=build/sanitize/fuzz/fuzz_$target
if [ -f build/sanitize/build.ninja ]; then
  cmake --build --preset sanitize --target "fuzz_$target"
else
  BRINK_PRESET=sanitize ./tools/setup.sh
fi
work=build/sanitize/fuzz/long/$target
mkdir -p "$work"
cp "$exe" "build/sanitize/fuzz/long/fuzz_$target.running"
exe="build/sanitize/fuzz/long/fuzz_$target.running"
fork=()
[ -n "${BRINK_FUZZ_FORK:-}" ] && fork=(-fork="$BRINK_FUZZ_FORK")
if [ "$target" = scenario ]; then
  for f in scenarios/*.yaml; do
    [ -e "$work/${f##*/}" ] || cp "$f" "$work/"
  done
fi
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
start=$(date +%s)
status=0
"$exe" "${fork[@]}" -runs="$runs" -max_total_time="$seconds" -max_len="$maxlen" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
  -dict=fuzz/brink.dict -artifact_prefix="build/sanitize/fuzz/crash-$target-" \
  "$work" "${seeds[@]}" "fuzz/regressions/$target" 2>"build/sanitize/fuzz/long-$target.log" || status=$?
end=$(date +%s)
grep -E "^(Done|stat::)|INITED|ERROR|SUMMARY|^INFO: (fuzzed|exiting)" "build/sanitize/fuzz/long-$target.log" || true
grep -E "^#[0-9]+: cov" "build/sanitize/fuzz/long-$target.log" | tail -1 || true  # -fork's last figures
echo "fuzz_$target: $runs inputs asked, exit status $status, $((end - start)) s wall; log in build/sanitize/fuzz/long-$target.log"
exit $status
