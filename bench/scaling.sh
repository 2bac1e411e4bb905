#!/usr/bin/env bash
# How `brink batch` scales, printed as figures (nothing here is a test):
#   - threads: runs/s on 1 and on 2 threads, and the efficiency runs2 / (2 x runs1);
#   - memory: the peak resident memory (GNU time) of batches of growing size, which must stay
#     flat in the number of runs.
# For each backend (interpreter, compiled) on summit-2024 and on bench/yardstick.yaml.
#
#   bench/scaling.sh [--runs N] [--memory "N1 N2 ..."] [--backends "interpreter compiled"]
#
# Uses build/release/brink (tools/setup.sh builds it) and /usr/bin/time (Debian's time).
set -euo pipefail
cd "$(dirname "$0")/.."
brink=${BRINK:-build/release/brink}
runs=40000
memory="20000 200000"
backends="interpreter compiled"
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    *) echo "usage: bench/scaling.sh [--runs N] [--memory \"N1 N2 ...\"] [--backends \"interpreter compiled\"]" >&2; exit 2 ;;
  esac
done
[ -x "$brink" ] || { echo "scaling: no $brink; run tools/setup.sh" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "scaling: no /usr/bin/time (Debian package time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one batch: prints "RUNS_PER_S PEAK_KB"
batch() {  # scenario runs threads backend
  rm -rf "$tmp/out"
  /usr/bin/time -f "peak %M" "$brink" batch "$1" --runs "$2" --threads "$3" --backend "$4" --seed 1 --out "$tmp/out" >"$tmp/said.txt" 2>"$tmp/time.txt"
  local rate peak
  rate=$(grep -o '([0-9,]* runs/s)' "$tmp/said.txt" | tr -d '(),' | awk '{print $1}')
  peak=$(grep -o 'peak [0-9]*' "$tmp/time.txt" | awk '{print $2}')
  echo "$rate $peak"
}

echo "brink batch scaling on $(nproc) cores ($(date -u +%Y-%m-%d))"
for sc in scenarios/summit-2024.yaml bench/yardstick.yaml; do
  for be in $backends; do
    "$brink" batch "$sc" --runs 100 --threads 1 --backend "$be" --out "$tmp/warm" -q >/dev/null 2>&1 || true  # the compiled module into the cache
    rm -rf "$tmp/warm"
    read -r r1 _ < <(batch "$sc" "$runs" 1 "$be")
    read -r r2 _ < <(batch "$sc" "$runs" 2 "$be")
    eff=$(awk -v a="$r1" -v b="$r2" 'BEGIN { printf "%.1f", 100 * b / (2 * a) }')
    echo "$sc, $be: $runs runs: 1 thread $r1 runs/s, 2 threads $r2 runs/s: efficiency $eff%"
    line="$sc, $be, 2 threads: peak resident memory"
    for n in $memory; do
      read -r _ kb < <(batch "$sc" "$n" 2 "$be")
      line+=" $(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }') MB at $n runs,"
    done
    echo "${line%,}"
  done
done
