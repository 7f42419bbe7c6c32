#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Prove the ACSL contracts of src/core/vpmp.c with Frama-C WP (Z3, CVC4) and
# print one result line, as tests/lib.sh does:
#   PASS proofs/vpmp (N/M goals)   or   FAIL proofs/vpmp: why
# frama-c exits 0 even with unproved goals, so the "Proved goals: N / M" line
# decides. Installs the tools if missing. CPPFLAGS_PROVE: the build's -D/-I flags (mk/prove.mk passes them).
build=${BUILD:-}
. "$(dirname "$0")/../lib.sh"
# lib.sh expects scripts directly in tests/; this one is one level deeper.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${build:-$ROOT/build}
cd "$ROOT" || exit 1
name=proofs/vpmp
# The functions carrying the isolation contracts (see src/core/vpmp.c).
FUNCS=vpmp_view_byte,vpmp_fixed_byte,set_byte,compose_view
CPPFLAGS_PROVE=${CPPFLAGS_PROVE:--DCORDON_LINK_BASE=0x80100000UL -DCORDON_SIZE=0x100000UL -Isrc/include -Isrc/lib/include}
dir=$BUILD/proofs
log=$dir/vpmp.log
mkdir -p "$dir/home"

tools/deps.sh frama-c-base why3 z3 cvc4 >"$dir/deps.log" 2>&1 ||
	{ fail "$name" "missing tools: $(tail -n 1 "$dir/deps.log")"; exit 1; }
# Why3 finds the provers once, in a HOME of its own inside the build directory.
export HOME=$dir/home
if [ ! -s "$HOME/.why3.conf" ]; then
	why3 config detect >"$dir/why3-detect.log" 2>&1 ||
		{ fail "$name" "why3 config detect failed" "log: $dir/why3-detect.log"; exit 1; }
fi

start=$(date +%s)
# -wp-auto: the bit-level goals of set_byte and vpmp_view_byte need WP's
# bitwise tactics; the provers alone leave them unknown.
frama-c -wp -wp-rte -wp-prover z3,cvc4 -wp-par 2 -wp-timeout 3 \
	-wp-auto wp:split,wp:bitwised,wp:bitrange -wp-fct "$FUNCS" \
	-cpp-extra-args="$CPPFLAGS_PROVE" src/core/vpmp.c >"$log" 2>&1
rc=$?
secs=$(($(date +%s) - start))
goals=$(sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$log" | tail -1)
read -r n m <<<"$goals"
if [ $rc = 0 ] && [ -n "$n" ] && [ "$n" = "$m" ] && [ "$m" -gt 0 ]; then
	pass "$name ($n/$m goals)"
	echo "$secs" >"$dir/seconds"
	exit 0
fi
if [ -z "$n" ]; then
	fail "$name" "frama-c exit $rc, no goal count" "log: $log" "$(grep -m3 -E 'rror' "$log")"
else
	fail "$name" "$n/$m goals proved" "log: $log" \
		"$(grep -A3 '^\[wp\] \[Failed\]' "$log" | grep -v -- '^--' | head -n 12)"
fi
exit 1
