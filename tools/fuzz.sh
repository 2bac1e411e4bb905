#!/usr/bin/env bash
# Long fuzzing campaigns for the libFuzzer targets, under AddressSanitizer and UBSan.
#
#   tools/fuzz.sh TARGET [RUNS [SECONDS]]    run a campaign
#   tools/fuzz.sh --keep TARGET              keep what the campaigns learnt, in fuzz/campaign/
#
# TARGET: scenario, expr or saved, as fuzz/targets.txt lists them with their seeds, input
# lengths and options; RUNS default 10000000; SECONDS, if given, stops the campaign after
# that long even if RUNS are not done (libFuzzer's -max_total_time).
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
# The targets, their seeds, input lengths, libFuzzer flags and sanitizer options: the same
# file the bounded ctest pass (fuzz/CMakeLists.txt) reads.
targets=() flags=() maxlen="" seeds=()
keep=0
if [ "${1:-}" = --keep ]; then
  keep=1
  shift
fi
target="${1:-}"
while read -r -a words; do
  case "${words[0]:-#}" in
    \#*) ;;
    env) export "${words[@]:1}" ;;
    flags) flags+=("${words[@]:1}") ;;
    target)
      targets+=("${words[1]}")
      if [ "${words[1]}" = "$target" ]; then
        maxlen="${words[2]}"
        seeds=("${words[@]:3}")
      fi ;;
    *) echo "tools/fuzz.sh: error: fuzz/targets.txt: unknown line '${words[*]}'; expected env, flags or target" >&2; exit 2 ;;
  esac
done < fuzz/targets.txt
names="${targets[*]}"
usage="usage: tools/fuzz.sh ${names// /|} [RUNS [SECONDS]], or tools/fuzz.sh --keep ${names// /|}"
if [ $# -lt 1 ]; then
  echo "tools/fuzz.sh: error: no target; $usage" >&2
  exit 2
fi
runs="${2:-10000000}"
seconds="${3:-0}"
for n in "$runs" "$seconds"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "tools/fuzz.sh: error: '$n' is not a whole number; $usage" >&2; exit 2; }
done
if [ -z "$maxlen" ]; then
  echo "tools/fuzz.sh: error: unknown target '$target'; expected one of: $names (fuzz/targets.txt)" >&2
  exit 2
fi
kept=fuzz/campaign/$target
work=build/sanitize/fuzz/long/$target
limits=(-max_len="$maxlen" "${flags[@]}")

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
