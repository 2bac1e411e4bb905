#!/bin/bash
# Runs the Python examples of docs/batch.md as written, after the batch commands they read.
#
#   tests/docs/python_examples.sh BRINK SOURCE_DIR
#
# The doc is the only copy of the examples: a fenced block is run when the line just before
# its fence is a marker,
#   <!-- docs-test: setup -->    before a ```sh block: run with bash from SOURCE_DIR
#   <!-- docs-test: python -->   before a ```python block: run with python3 from a temp folder
# in the order they appear. In both, a command word `brink` at the start of a line becomes
# BRINK, and the results folder /tmp/brink/ becomes a fresh temporary folder. Any failing
# block fails the test. The Python needs pandas (Debian's python3-pandas); set PYTHON to
# choose the interpreter, else the first of python3 and /usr/bin/python3 that has pandas.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BRINK SOURCE_DIR" >&2
  exit 2
fi
brink=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
doc="$src/docs/batch.md"
[ -x "$brink" ] || { echo "docs.python: no brink program at $1" >&2; exit 1; }
[ -f "$doc" ] || { echo "docs.python: no $doc" >&2; exit 1; }

py="${PYTHON:-}"
if [ -z "$py" ]; then
  for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null && "$cand" -c 'import pandas' 2>/dev/null; then
      py=$cand
      break
    fi
  done
fi
if [ -z "$py" ] || ! "$py" -c 'import pandas' 2>/dev/null; then
  echo "docs.python: no python3 with pandas; install python3-pandas (tools/setup.sh does)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/brink-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/blocks"

# Extract the marked blocks into numbered files, rewriting brink and /tmp/brink/.
brink_q=$(printf '%q' "$brink")
n=0 kind="" lang="" out="" lineno=0
while IFS= read -r line || [ -n "$line" ]; do
  lineno=$((lineno + 1))
  if [ -n "$out" ]; then                       # inside a marked block
    if [[ $line == '```'* ]]; then
      out="" kind=""
      continue
    fi
    line=${line//\/tmp\/brink\//"$work/"}
    if [ "$kind" = setup ] && [[ $line == "brink "* ]]; then
      line="$brink_q ${line#brink }"
    fi
    printf '%s\n' "$line" >>"$out"
    continue
  fi
  if [ -n "$kind" ]; then                      # the line after a marker: its fence
    if [[ $line != '```'"$lang" ]]; then
      echo "docs.python: $doc:$lineno: a docs-test: $kind marker must be followed by a \`\`\`$lang fence" >&2
      exit 1
    fi
    n=$((n + 1))
    out=$(printf '%s/blocks/%02d-%s.%s' "$work" "$n" "$kind" "$([ "$kind" = setup ] && echo sh || echo py)")
    : >"$out"
    continue
  fi
  case $line in
    '<!-- docs-test: setup -->') kind=setup lang=sh ;;
    '<!-- docs-test: python -->') kind=python lang=python ;;
    *) kind="" ;;
  esac
done <"$doc"
if [ -n "$out" ]; then
  echo "docs.python: $doc: a marked block is not closed" >&2
  exit 1
fi
ls "$work/blocks"/*-python.py >/dev/null 2>&1 || { echo "docs.python: no block marked docs-test: python in $doc" >&2; exit 1; }

status=0
for f in "$work/blocks"/*; do
  case $f in
    *-setup.sh)
      echo "== docs/batch.md setup, run with bash from $src:"
      cat "$f"
      if ! (cd "$src" && bash -euo pipefail "$f" >"$work/out.txt" 2>&1); then
        cat "$work/out.txt"
        echo "docs.python: FAILED: a setup block of docs/batch.md" >&2
        exit 1
      fi
      tail -n 1 "$work/out.txt"
      ;;
    *-python.py)
      echo "== docs/batch.md Python, run with $py from $work:"
      cat "$f"
      echo "-- output:"
      if ! (cd "$work" && "$py" "$f"); then
        echo "docs.python: FAILED: a Python block of docs/batch.md" >&2
        status=1
      fi
      ;;
  esac
done
[ $status -eq 0 ] && echo "docs.python: every Python example of docs/batch.md ran"
exit $status
