#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Line and branch coverage of core/ and lib/ reached by the fuzzers' kept corpora (make fuzz-cov).
# Usage: coverage.sh FUZZ_BUILD_DIR NAME...
set -eu
dir=$1
shift
LLVM_PROFDATA=${LLVM_PROFDATA:-llvm-profdata-14}
LLVM_COV=${LLVM_COV:-llvm-cov-14}
for n in "$@"; do
	# The kept corpus, what make fuzz found, the generated seeds.
	corpus=()
	for d in tests/fuzz/corpus/$n "$dir/corpus/$n" "$dir/seeds/$n"; do
		[ -d "$d" ] && [ -n "$(ls -A "$d")" ] && corpus+=("$d")
	done
	if [ ${#corpus[@]} = 0 ]; then
		echo "fuzz-cov: no corpus for $n: run make fuzz first" >&2
		continue
	fi
	LLVM_PROFILE_FILE=$dir/cov_$n.profraw "$dir/cov_$n" -runs=0 -artifact_prefix="$dir/cov-" "${corpus[@]}" >/dev/null 2>&1 ||
		echo "fuzz-cov: $n: an input of the corpus fails the harness (make fuzz shows which)" >&2
	"$LLVM_PROFDATA" merge -sparse -o "$dir/cov_$n.profdata" "$dir/cov_$n.profraw"
	echo "== fuzz/$n: coverage of src/core and src/lib by $(find "${corpus[@]}" -type f | wc -l) corpus inputs"
	"$LLVM_COV" report "$dir/cov_$n" -instr-profile="$dir/cov_$n.profdata" \
		$(ls src/core/*.c src/lib/*.c) 2>/dev/null | sed -n '3,$p' | grep -v '^---' | sed 's#^[^ ]*src/#src/#' | awk '{print "  " $1 ": lines " $10 ", branches " $13 ", functions " $7}'
done
