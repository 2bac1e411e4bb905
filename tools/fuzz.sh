#!/usr/bin/env bash
# A long fuzzing campaign for one libFuzzer target, under AddressSanitizer and UBSan.
#
#   tools/fuzz.sh TARGET [RUNS]      TARGET: scenario, expr or saved; RUNS default 10000000
#
# Builds the sanitize preset if needed, then runs build/sanitize/fuzz/fuzz_TARGET for RUNS
# inputs from the seeds (as ctest's fuzz.* do) into a corpus kept under
# build/sanitize/fuzz/long/TARGET, so a second campaign goes on from the first. Prints
# libFuzzer's final figures. A crash, leak or UB report stops it with the input saved as
# build/sanitize/fuzz/crash-TARGET-*: copy that file into fuzz/regressions/TARGET/ and add a
# test for it (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: tools/fuzz.sh scenario|expr|saved [RUNS]}"
runs="${2:-10000000}"
case "$target" in
  scenario) seeds=(scenarios/models tests/data/bad) ;;
  expr) seeds=(fuzz/corpus/expr) ;;
  saved) seeds=(fuzz/corpus/saved) ;;
  *) echo "tools/fuzz.sh: unknown target '$target'; expected scenario, expr or saved" >&2; exit 2 ;;
esac
exe=build/sanitize/fuzz/fuzz_$target
if [ ! -x "$exe" ]; then
  BRINK_PRESET=sanitize ./tools/setup.sh
fi
work=build/sanitize/fuzz/long/$target
mkdir -p "$work"
if [ "$target" = scenario ]; then
  cp -n scenarios/*.yaml "$work/"
fi
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
start=$(date +%s)
status=0
"$exe" -runs="$runs" -max_len=16384 -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
  -dict=fuzz/brink.dict -artifact_prefix="build/sanitize/fuzz/crash-$target-" \
  "$work" "${seeds[@]}" "fuzz/regressions/$target" 2>"build/sanitize/fuzz/long-$target.log" || status=$?
end=$(date +%s)
grep -E "^(Done|stat::)|INITED|ERROR|SUMMARY" "build/sanitize/fuzz/long-$target.log" || true
echo "fuzz_$target: $runs inputs asked, exit status $status, $((end - start)) s wall; log in build/sanitize/fuzz/long-$target.log"
exit $status
