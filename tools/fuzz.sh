#!/usr/bin/env bash
# Long fuzzing campaigns for the libFuzzer targets, under AddressSanitizer and UBSan.
#
#   tools/fuzz.sh TARGET [RUNS [SECONDS]]    run a campaign
#   tools/fuzz.sh --keep TARGET              keep what the campaigns learnt, in fuzz/campaign/
#
# TARGET: scenario, expr or saved; RUNS default 10000000; SECONDS, if given, stops the
# campaign after that long even if RUNS are not done (libFuzzer's -max_total_time).
#
# A campaign builds the sanitize preset if needed (and again when fuzz/ changed), then runs
# build/sanitize/fuzz/fuzz_TARGET for RUNS inputs from the seeds and the kept corpus (as
# ctest's fuzz.* do) into a working corpus under build/sanitize/fuzz/long/TARGET, so a
# second campaign goes on from the first. Prints libFuzzer's final figures. A crash, leak or
# UB report stops it with the input saved as build/sanitize/fuzz/crash-TARGET-*: copy that
# file into fuzz/regressions/TARGET/ and add a test for it (docs/testing.md).
#
# BRINK_FUZZ_FORK=N runs N fuzzing processes (libFuzzer's -fork=N) into the one corpus, so a
# campaign can use every core; RUNS then counts the inputs of all of them. The target is
# copied beside its corpus first, so the build folder can be rebuilt while a campaign runs.
#
# --keep merges the working corpus with fuzz/campaign/TARGET into the smallest set of inputs
# that covers as much as both (libFuzzer's -merge=1) and puts it in fuzz/campaign/TARGET,
# ready to commit: the build folder, and the working corpus in it, may not outlive the
# machine, and a campaign on a fresh clone then goes on where the last one stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: tools/fuzz.sh scenario|expr|saved [RUNS [SECONDS]], or tools/fuzz.sh --keep scenario|expr|saved"
keep=0
if [ "${1:-}" = --keep ]; then
  keep=1
  shift
fi
if [ $# -lt 1 ]; then
  echo "tools/fuzz.sh: error: no target; $usage" >&2
  exit 2
fi
target="$1"
runs="${2:-10000000}"
seconds="${3:-0}"
for n in "$runs" "$seconds"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "tools/fuzz.sh: error: '$n' is not a whole number; $usage" >&2; exit 2; }
done
case "$target" in
  scenario) seeds=(scenarios/models tests/data/bad); maxlen=16384 ;;
  expr) seeds=(fuzz/corpus/expr); maxlen=16384 ;;
  saved) seeds=(fuzz/corpus/saved); maxlen=65536 ;;
  *) echo "tools/fuzz.sh: error: unknown target '$target'; expected scenario, expr or saved" >&2; exit 2 ;;
esac
kept=fuzz/campaign/$target
work=build/sanitize/fuzz/long/$target
# ASan's quarantine of freed memory is cut from 256 MB to 64 MB: libFuzzer purges the
# allocator every second once a process passes half its -rss_limit_mb, and with the default
# quarantine a campaign got there within minutes and then ran three times slower.
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
limits=(-max_len="$maxlen" -rss_limit_mb=1024 -timeout=10)

if ((keep)); then
  exe=build/sanitize/fuzz/fuzz_$target
  if [ ! -x "$exe" ] || [ ! -d "$work" ]; then
    echo "tools/fuzz.sh: error: no campaign to keep: $work or $exe is missing; hint: run tools/fuzz.sh $target first" >&2
    exit 2
  fi
  mkdir -p "$kept"
  new=$(mktemp -d build/sanitize/fuzz/keep-XXXXXX)
  snap=$(mktemp -d build/sanitize/fuzz/keep-XXXXXX)
  trap 'rm -rf "$new" "$snap"' EXIT
  # A campaign still running replaces inputs by shorter ones as it goes: merge a snapshot.
  cp -r "$work/." "$snap/"
  "$exe" -merge=1 "${limits[@]}" "$new" "$kept" "$snap" 2>"build/sanitize/fuzz/keep-$target.log" || {
    echo "tools/fuzz.sh: error: the merge failed; $kept is unchanged; see build/sanitize/fuzz/keep-$target.log" >&2
    exit 1
  }
  # Replace the kept set only once the merge is whole.
  rm -rf "$kept.old"
  mv "$kept" "$kept.old"
  mv "$new" "$kept"
  chmod 755 "$kept"
  rm -rf "$kept.old"
  grep -E "^MERGE-OUTER: [0-9]+ new files" "build/sanitize/fuzz/keep-$target.log" || true
  echo "$kept: $(find "$kept" -type f | wc -l) inputs, $(du -sh "$kept" | cut -f1)"
  exit 0
fi

exe=build/sanitize/fuzz/fuzz_$target
if [ -f build/sanitize/build.ninja ]; then
  cmake --build --preset sanitize --target "fuzz_$target"
else
  BRINK_PRESET=sanitize ./tools/setup.sh
fi
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
more=()
[ -d "$kept" ] && more=("$kept")
start=$(date +%s)
status=0
"$exe" "${fork[@]}" -runs="$runs" -max_total_time="$seconds" "${limits[@]}" -print_final_stats=1 \
  -dict=fuzz/brink.dict -artifact_prefix="build/sanitize/fuzz/crash-$target-" \
  "$work" "${seeds[@]}" "${more[@]}" "fuzz/regressions/$target" 2>"build/sanitize/fuzz/long-$target.log" || status=$?
end=$(date +%s)
grep -E "^(Done|stat::)|INITED|ERROR|SUMMARY|^INFO: (fuzzed|exiting)" "build/sanitize/fuzz/long-$target.log" || true
grep -E "^#[0-9]+: cov" "build/sanitize/fuzz/long-$target.log" | tail -1 || true  # -fork's last figures
echo "fuzz_$target: $runs inputs asked, exit status $status, $((end - start)) s wall; log in build/sanitize/fuzz/long-$target.log"
exit $status
