#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Refresh a harness's committed corpus from what fuzzing found (make fuzz-corpus):
# tests/fuzz/corpus/NAME becomes the set libFuzzer's -merge=1 keeps of it and
# of the build's corpus (the smallest inputs that reach all their features),
# less what the generated seeds already reach (the seeds are made at build
# time, never committed). Files are named by their SHA-1, as libFuzzer names them.
# Usage: corpus.sh BINARY FOUND_DIR [SEEDS_DIR]
# Environment: MERGE_ARGS, more libFuzzer options of the merges (platform:
# -use_counters=0, edges without their hit counts: its trees are 4-7 KB each).
set -eu
bin=$1 found=$2 seeds=${3:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
name=$(basename "$bin" | sed 's/^fuzz_//')
dest=$top/tests/fuzz/corpus/$name
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/out" "$dest"
size() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
before="$(find "$dest" -type f | wc -l) inputs, $(size "$dest") bytes"
# The seeds' features first, so that only inputs reaching more are kept.
if [ -n "$seeds" ] && [ -d "$seeds" ]; then
	# shellcheck disable=SC2086 # MERGE_ARGS are words
	"$bin" -merge=1 ${MERGE_ARGS:-} "$tmp/out" "$seeds" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
fi
find "$tmp/out" -type f -printf '%f\n' >"$tmp/seeds"
dirs=("$dest")
[ -d "$found" ] && dirs+=("$found")
# shellcheck disable=SC2086 # MERGE_ARGS are words
"$bin" -merge=1 ${MERGE_ARGS:-} "$tmp/out" "${dirs[@]}" >>"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
while read -r f; do rm -f "$tmp/out/$f"; done <"$tmp/seeds"
rm -rf "$dest"
mkdir -p "$dest"
cp "$tmp/out"/* "$dest"/ 2>/dev/null || true
echo "fuzz-corpus: $name: $(find "$dest" -type f | wc -l) inputs, $(size "$dest") bytes (was $before)"
