#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Random differential testing (issue 13 section 1): tools/difftest-gen.py
# writes test firmwares of random privileged operations from (seed, case);
# each runs natively on QEMU and under cordon, and the outputs (traps and
# the CSR dump after every step) must be identical, "quirk: " lines (QEMU
# 7.2 deviating from the spec, docs/testing.md) dropped on both sides.
#
# Usage: tests/difftest-random.sh [options]
#   -n N             number of cases (default 200)
#   -s SEED          seed (default 1)
#   -f FIRST         first case index (default 0)
#   -j N             parallel jobs (default 2)
#   -t SECONDS       per-run timeout (default 10)
#   --cpu STRING     QEMU -cpu (default rv64,debug=false)
#   --shrink         shrink each divergence to a minimal reproducer and
#                    write it to tests/firmware/rand_<seed>_<case>.c
#   -O DIR           work directory (default build/difftest-random)
#   -k               keep the files of passing cases
#   --check FILE.c   (used by the shrinker) build and run one generated
#                    source: exit 0 identical, 1 divergent, 2 native failed
#
# Output: "PASS difftest-random/<seed>/<case>" or "FAIL ...: reason" with
# the first differing lines, then "difftest-random: cases C, steps S,
# divergences D" and "N passed, N failed". Exit 0 when all passed.
set -u
. "$(dirname "$0")/lib.sh"

N=200
SEED=1
FIRST=0
JOBS=2
TIMEOUT=10
CPU=rv64,debug=false
SHRINK=0
KEEP=0
CHECK=
OUT=$BUILD/difftest-random
BATCH=40

usage() {
	sed -n '9,27p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=${2:?}; shift 2 ;;
	-s) SEED=${2:?}; shift 2 ;;
	-f) FIRST=${2:?}; shift 2 ;;
	-j) JOBS=${2:?}; shift 2 ;;
	-t) TIMEOUT=${2:?}; shift 2 ;;
	--cpu) CPU=${2:?}; shift 2 ;;
	--shrink) SHRINK=1; shift ;;
	-O) OUT=${2:?}; shift 2 ;;
	-k) KEEP=1; shift ;;
	--check) CHECK=${2:?}; shift 2 ;;
	-h|--help) usage ;;
	*) echo "difftest-random: unknown option $1" >&2; usage ;;
	esac
done
for v in "$N" "$SEED" "$FIRST" "$JOBS"; do
	case "$v" in ''|*[!0-9]*) echo "difftest-random: bad number '$v'" >&2; exit 2 ;; esac
done
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd)
GEN="python3 $ROOT/tools/difftest-gen.py"

# build DIR NAMES...: DIR/NAME.bin and DIR/NAME.cordon.bin from DIR/src/NAME.c.
build() {
	local dir=$1 t targets=()
	shift
	for t in "$@"; do
		targets+=("$dir/$t.bin")
	done
	make -s -j "$JOBS" -C "$ROOT/tests/firmware" O="$dir" EXTRA="$dir/src" \
		"${targets[@]}" >"$dir/build.log" 2>&1 || true
	printf '%s\n' "$@" | xargs -P "$JOBS" -I{} sh -c \
		'[ -f "$1/$2.bin" ] && make -s -C "$3" image FIRMWARE="$1/$2.elf" IMAGE="$1/$2.cordon.bin" >/dev/null 2>&1' \
		_ "$dir" {} "$ROOT" || true
}

# run_case DIR NAME: DIR/NAME.result, first line PASS/FAIL.
run_case() {
	local d=$1/$2 t=$2 nrc crc
	local res=$d.result
	if [ ! -f "$d.bin" ] || [ ! -f "$d.cordon.bin" ]; then
		{ echo "FAIL difftest-random/$t: build failed"; tail -n 5 "$1/build.log" | sed 's/^/    /'; } >"$res"
		return
	fi
	run_qemu "$TIMEOUT" "$d.native.raw" -m 256M -cpu "$CPU" -bios "$d.bin" >"$d.native.msg"
	nrc=$?
	tr -d '\r' <"$d.native.raw" | grep -v '^quirk: ' >"$d.native"
	if [ "$nrc" != 0 ] || [ "$(tail -n 1 "$d.native")" != "END $t" ]; then
		{
			echo "FAIL difftest-random/$t: native run did not end with 'END $t' and exit 0 (exit $nrc): generator bug"
			cat "$d.native.msg"
			tail -n 5 "$d.native" | cut -c1-200 | sed 's/^/    | /'
		} >"$res"
		return
	fi
	run_qemu "$TIMEOUT" "$d.cordon.raw" -m 256M -cpu "$CPU" -bios "$d.cordon.bin" >"$d.cordon.msg"
	crc=$?
	strip_cordon "$d.cordon.raw" | grep -v '^quirk: ' >"$d.cordon"
	if [ "$crc" = 0 ] && cmp -s "$d.native" "$d.cordon"; then
		echo "PASS difftest-random/$t" >"$res"
		return
	fi
	{
		echo "FAIL difftest-random/$t: divergence (exit codes native $nrc, cordon $crc)"
		cat "$d.cordon.msg"
		diff -u --label native --label cordon "$d.native" "$d.cordon" | sed -n '3,12p' |
			cut -c1-400 | sed 's/^/    /'
	} >"$res"
}

if [ -n "$CHECK" ]; then
	name=$(basename "$CHECK" .c)
	dir=$(mktemp -d "$OUT/check.XXXXXX")
	mkdir -p "$dir/src"
	cp "$CHECK" "$dir/src/"
	build "$dir" "$name"
	run_case "$dir" "$name"
	r=$(head -n 1 "$dir/$name.result")
	rm -rf "$dir"
	case "$r" in
	PASS*) exit 0 ;;
	*divergence*) exit 1 ;;
	*) exit 2 ;;
	esac
fi

make -s -C "$ROOT" all >/dev/null || { echo "difftest-random: building cordon failed" >&2; exit 2; }
WORK=$OUT/$SEED
mkdir -p "$WORK"
pass=0
fail=0
steps=0
div=0
c=$FIRST
end=$((FIRST + N))
while [ "$c" -lt "$end" ]; do
	n=$((end - c))
	[ "$n" -gt "$BATCH" ] && n=$BATCH
	rm -rf "$WORK/src"
	$GEN gen --seed "$SEED" --first "$c" --count "$n" --out "$WORK/src" || exit 2
	names=()
	for i in $(seq "$c" $((c + n - 1))); do
		names+=("rand_${SEED}_$i")
	done
	build "$WORK" "${names[@]}"
	for t in "${names[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
			wait -n
		done
		run_case "$WORK" "$t" &
	done
	wait
	for t in "${names[@]}"; do
		k=$(sed -n 's|^/\* steps: \([0-9]*\) \*/$|\1|p' "$WORK/src/$t.c")
		steps=$((steps + ${k:-0}))
		[ -f "$WORK/$t.result" ] || echo "FAIL difftest-random/$t: runner error (no result)" >"$WORK/$t.result"
		cat "$WORK/$t.result"
		if head -n 1 "$WORK/$t.result" | grep -q '^PASS '; then
			pass=$((pass + 1))
			[ "$KEEP" = 1 ] || rm -f "$WORK/$t".*
		else
			fail=$((fail + 1))
			if head -n 1 "$WORK/$t.result" | grep -q 'divergence'; then
				div=$((div + 1))
				cp "$WORK/src/$t.c" "$WORK/$t.c"
				if [ "$SHRINK" = 1 ]; then
					case=${t##*_}
					$GEN shrink --seed "$SEED" --case "$case" \
						--check "$0 -O $OUT -t $TIMEOUT --cpu $CPU -j 1 --check" \
						-o "$ROOT/tests/firmware/$t.c" 2>&1 | sed 's/^/    /'
				fi
			fi
		fi
	done
	c=$((c + n))
done
echo "difftest-random: seed $SEED, cases $((pass + fail)), steps $steps, divergences $div"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
