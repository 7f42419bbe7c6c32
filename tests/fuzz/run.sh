#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Run one libFuzzer harness and print one result line, as tests/lib.sh does:
# executions, speed, coverage and findings. A finding (a crash, an invariant
# violated, a leak, an input slower than TIMEOUT) keeps its input in
# $BUILD/fuzz/crashes and fails the run.
# Usage: run.sh BINARY SECONDS [CORPUS_DIR [SEED]]
#   SECONDS: 0 for no time limit (then RUNS stops it).
#   CORPUS_DIR: where new inputs go; empty: a fresh temporary directory.
#   The harness also reads, never writes, its committed corpus
#   (tests/fuzz/corpus/NAME) and SEEDS (generated seed inputs), if any.
# Environment: RUNS (stop after that many executions too), TIMEOUT (seconds
# one input may take: 25), ARGS (more libFuzzer options), LOG.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1 seconds=$2 corpus=${3:-} seed=${4:-0}
short=$(basename "$bin" | sed 's/^fuzz_//')
name=fuzz/$short
crashes=$BUILD/fuzz/crashes
mkdir -p "$crashes"
tmp=
if [ -z "$corpus" ]; then
	tmp=$(mktemp -d)
	corpus=$tmp
fi
mkdir -p "$corpus"
log=${LOG:-$BUILD/fuzz/$(basename "$bin").log}
inputs=()
[ -d "$top/tests/fuzz/corpus/$short" ] && inputs+=("$top/tests/fuzz/corpus/$short")
[ -n "${SEEDS:-}" ] && [ -d "$SEEDS" ] && inputs+=("$SEEDS")
# -rss_limit_mb: the harnesses keep no state between inputs, growth is a leak.
# shellcheck disable=SC2086 # ARGS are words
start=$(date +%s)
"$bin" -max_total_time="$seconds" -runs="${RUNS:--1}" -seed="$seed" -timeout="${TIMEOUT:-25}" \
	-print_final_stats=1 -rss_limit_mb=1024 ${ARGS:-} \
	-artifact_prefix="$crashes/$(basename "$bin")-" "$corpus" "${inputs[@]}" >"$log" 2>&1
rc=$?
took=$(($(date +%s) - start))
[ -n "$tmp" ] && rm -rf "$tmp"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
cov=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/\1 edges, \2 features, corpus \3/p')
input=$(sed -n 's/.*Test unit written to //p' "$log" | head -1)
if [ $rc = 0 ]; then
	pass "$name (${took} s: $runs runs, $speed exec/s, $cov, 0 findings)"
else
	why=$(grep -m1 -E 'invariant violated|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$log")
	fail "$name" "1 finding: ${why:-exit $rc}" "input: $input (replay: $bin $input)" "log: $log"
fi
exit $rc
