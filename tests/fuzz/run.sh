#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Run one libFuzzer harness for a time and print one result line, as tests/lib.sh does.
# Usage: run.sh BINARY SECONDS [CORPUS_DIR [SEED]]
#   CORPUS_DIR empty: a fresh temporary corpus (reproducible with a fixed SEED).
. "$(dirname "$0")/../lib.sh"
bin=$1 seconds=$2 corpus=${3:-} seed=${4:-0}
name=fuzz/$(basename "$bin" | sed 's/^fuzz_//')
crashes=$BUILD/fuzz/crashes
mkdir -p "$crashes"
tmp=
if [ -z "$corpus" ]; then
	tmp=$(mktemp -d)
	corpus=$tmp
fi
mkdir -p "$corpus"
log=$BUILD/fuzz/$(basename "$bin").log
# -rss_limit_mb: the harnesses keep no state between inputs, growth is a leak.
# SEEDS: a directory of seed inputs (read only), if the harness has one.
seeds=()
[ -n "${SEEDS:-}" ] && [ -d "$SEEDS" ] && seeds=("$SEEDS")
# RUNS: stop after that many executions too (make fuzz FUZZ_RUNS=10000000).
"$bin" -max_total_time="$seconds" -runs="${RUNS:--1}" -seed="$seed" -print_final_stats=1 -rss_limit_mb=1024 \
	-artifact_prefix="$crashes/$(basename "$bin")-" "$corpus" "${seeds[@]}" >"$log" 2>&1
rc=$?
[ -n "$tmp" ] && rm -rf "$tmp"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\1 edges, \2 features, corpus \3/p')
if [ $rc = 0 ]; then
	pass "$name (${seconds} s: $runs runs, $speed exec/s, $cov)"
else
	why=$(grep -m1 -E 'invariant violated|runtime error|ERROR: (AddressSanitizer|libFuzzer)' "$log")
	fail "$name" "${why:-exit $rc}" "input: $(sed -n 's/.*Test unit written to //p' "$log" | head -1)" \
		"log: $log"
fi
exit $rc
