#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Prove the ACSL contracts of the core with Frama-C WP (Z3, CVC4), with the
# absence of runtime errors (-wp-rte), one file at a time, and print one
# result line per file, as tests/lib.sh does:
#   PASS proofs/<file> (N/N goals)   or   FAIL proofs/<file>: why
# followed by "    Proved goals: N / M (S s)". frama-c exits 0 even with
# unproved goals, so its "Proved goals: N / M" line decides.
#   vpmp    the isolation invariants of the PMP views (src/core/vpmp.c),
#           the lock rules of pmpcfg and pmpaddr writes
#   vcsr    the WARL helpers keep mtvec, mepc, medeleg, mideleg, mie,
#           mseccfg and mstatus.MPP legal (legal_*); the fast CSR path
#   vtrap   trap entry and mret as Priv §3.1.6.1, §3.1.7, §3.3.2 say
#   decode  the decoded fields the emulators index with are in range
# Installs the tools if missing. CPPFLAGS_PROVE: the build's -D/-I flags
# (mk/prove.mk passes them). Arguments: the files to prove (default: all
# four).
#
# A result is cached in $BUILD/proofs/cache under a key that hashes every
# input of the proof: the C file and every header it includes (gcc -M with
# the same flags), this script, the options, and the versions of Frama-C,
# Why3, Z3 and CVC4; a cached PASS is printed with "(cached)" after the
# figures. PROOFS_NO_CACHE=1 proves everything afresh.
build=${BUILD:-}
. "$(dirname "$0")/../lib.sh"
# lib.sh expects scripts directly in tests/; this one is one level deeper.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${build:-$ROOT/build}
cd "$ROOT" || exit 1
CPPFLAGS_PROVE=${CPPFLAGS_PROVE:--DCORDON_LINK_BASE=0x80100000UL -DCORDON_SIZE=0x100000UL -Isrc/include -Isrc/lib/include}
dir=$BUILD/proofs
mkdir -p "$dir/home"

# The functions analysed, per file (each with -wp-rte); docs/testing.md says
# which are left out and why.
declare -A FUNCS=(
	[vpmp]=vpmp_view_byte,vpmp_fixed_byte,set_byte,compose_view,entry_locked,vpmp_write_cfg,vpmp_write_addr
	[vcsr]=set_reg,get_reg,warl_mepc,warl_mtvec,warl_medeleg,warl_mideleg,warl_mie,warl_mie_part,warl_mie_hidden,warl_mseccfg,warl_mstatus,is_pmpcfg,is_pmpaddr,pmp_csr_exists,is_debug_csr,is_plain_read,vcsr_fast_other,vcsr_mstatus,vcsr_read,vcsr_write,vcsr_exec,vcsr_fast_plain
	[vtrap]=trap_mstatus,trap_pc,vtrap_inject,vtrap_pending_irq,vtrap_firmware_mie,vtrap_mret,vtrap_sret
	[decode]=bits,sext,decode_hlsv,decode_system,decode_mem32,decode_mem16,decode_insn,insn_is_fp,insn_length,insn_is_system
)
# -wp-auto: the bit-level goals need WP's bitwise tactics; the provers
# alone leave them unknown.
AUTO=wp:split,wp:bitwised,wp:bitrange

tools/deps.sh frama-c-base why3 z3 cvc4 >"$dir/deps.log" 2>&1 ||
	{ fail proofs "missing tools: $(tail -n 1 "$dir/deps.log")"; exit 1; }
# Why3 finds the provers once, in a HOME of its own inside the build directory.
export HOME=$dir/home
if [ ! -s "$HOME/.why3.conf" ]; then
	why3 config detect >"$dir/why3-detect.log" 2>&1 ||
		{ fail proofs "why3 config detect failed" "log: $dir/why3-detect.log"; exit 1; }
fi

# key FILE: the hash of every input of FILE's proof (see above).
key() {
	local deps
	deps=$(gcc -M $CPPFLAGS_PROVE "src/core/$1.c" | sed 's/^[^:]*://; s/\\$//' | tr -s ' \n' '\n' | sort -u) ||
		return 1
	{
		for d in $deps; do sha256sum "$d"; done
		sha256sum "$0"
		echo "$1 ${FUNCS[$1]} $AUTO $CPPFLAGS_PROVE"
		frama-c -version
		why3 --version
		z3 --version
		cvc4 --version | head -n 1
	} | sha256sum | cut -c1-16
}

# prove FILE: one result line; 0 when every goal is proved.
prove() {
	local f=$1 name=proofs/$1 log=$dir/$1.log start rc secs goals n m k cached
	k=$(key "$f") || k=
	cached=$dir/cache/$f-$k
	if [ -n "$k" ] && [ -z "${PROOFS_NO_CACHE:-}" ] && [ -s "$cached" ]; then
		read -r n m secs <"$cached"
		pass "$name ($n/$m goals)"
		echo "    Proved goals: $n / $m (${secs} s, cached: $k)"
		return 0
	fi
	start=$(date +%s)
	frama-c -machdep gcc_x86_64 -wp -wp-rte -wp-prover z3,cvc4 -wp-par 2 -wp-timeout 10 \
		-wp-auto "$AUTO" -wp-fct "${FUNCS[$f]}" \
		-cpp-extra-args="$CPPFLAGS_PROVE" "src/core/$f.c" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	goals=$(sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$log" | tail -1)
	read -r n m <<<"$goals"
	if [ $rc = 0 ] && [ -n "$n" ] && [ "$n" = "$m" ] && [ "$m" -gt 0 ]; then
		pass "$name ($n/$m goals)"
		echo "    Proved goals: $n / $m (${secs} s)"
		echo "$secs" >"$dir/$f.seconds"
		[ -n "$k" ] && mkdir -p "$dir/cache" && echo "$n $m $secs" >"$cached"
		return 0
	fi
	if [ -z "$n" ]; then
		fail "$name" "frama-c exit $rc, no goal count" "log: $log" "$(grep -m3 -E 'rror' "$log")"
	else
		fail "$name" "$n/$m goals proved" "Proved goals: $n / $m (${secs} s)" "log: $log" \
			"$(grep -A3 '^\[wp\] \[Failed\]' "$log" | grep -v -- '^--' | head -n 12)"
	fi
	return 1
}

status=0
for f in ${@:-vpmp vcsr vtrap decode}; do
	[ -n "${FUNCS[$f]:-}" ] || { fail "proofs/$f" "no such proof (vpmp, vcsr, vtrap, decode)"; status=1; continue; }
	prove "$f" || status=1
done
exit $status
