#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Differential test runner: boots every test firmware of tests/firmware
# natively on QEMU (-M virt) and under cordon, and checks that both print
# the same console output and exit with the same code.
#
# Usage: tests/difftest.sh [options] [name...]     (default: all tests)
#   -j N              run N tests in parallel (default 2)
#   --cpu CPUSTRING   pass -cpu CPUSTRING to QEMU (e.g. rv64,h=false,sstc=off)
#   --machine M       QEMU machine (default virt; virt,aclint=on, spike,
#                     sifive_u: the test library finds its console and exit
#                     from the device tree; sifive_u runs with -no-reboot)
#   --native-only     only run natively; each test must reach "END <name>"
#                     and exit 0
#   --repeat-check    also run each test natively twice and require identical
#                     output (determinism)
#   --ignore-quirks   drop "quirk: " lines (values where QEMU 7.2 deviates
#                     from the privileged spec) on both sides
#   -O DIR            build directory (default build/tests/firmware)
#   -t SECONDS        per-run timeout (default 20)
#   -v                print the full outputs of failing tests
#
# A test source may hold a marker comment "/* difftest: smp=N */": that test
# then runs on N harts (natively and under cordon; default 1); and
# "/* difftest: debug */": it needs the debug trigger module, so it runs with
# the CPU's debug=true whatever --cpu says (the suites that turn triggers off
# do so for the random tests: QEMU 7.2 aborts on some trigger writes). Lines starting
# "info: " (timing-dependent diagnostics) are never compared, not even by
# --repeat-check.
#
# Output: one line per test, "PASS difftest/<name>" or
# "FAIL difftest/<name>: <reason>" followed by details, then
# "N passed, N failed". Exit status: 0 all passed, 1 some failed,
# 2 usage or build error.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JOBS=2
CPU=""
MACHINE=virt
NATIVE_ONLY=0
REPEAT=0
IGNORE_QUIRKS=0
VERBOSE=0
TIMEOUT=20
BUILDDIR=$ROOT/build/tests/firmware
NAMES=()

usage() {
	sed -n '4,29p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	-j) JOBS=${2:?}; shift 2 ;;
	-j*) JOBS=${1#-j}; shift ;;
	--cpu) CPU=${2:?}; shift 2 ;;
	--cpu=*) CPU=${1#--cpu=}; shift ;;
	--machine) MACHINE=${2:?}; shift 2 ;;
	--native-only) NATIVE_ONLY=1; shift ;;
	--repeat-check) REPEAT=1; shift ;;
	--ignore-quirks) IGNORE_QUIRKS=1; shift ;;
	-O) BUILDDIR=${2:?}; shift 2 ;;
	-t) TIMEOUT=${2:?}; shift 2 ;;
	-v) VERBOSE=1; shift ;;
	-h|--help) usage ;;
	-*) echo "difftest: unknown option $1" >&2; usage ;;
	*) NAMES+=("$1"); shift ;;
	esac
done
case "$JOBS" in ''|*[!0-9]*|0) echo "difftest: bad -j value" >&2; exit 2 ;; esac
mkdir -p "$BUILDDIR" && BUILDDIR=$(cd "$BUILDDIR" && pwd)

if ! make -s -C "$ROOT/tests/firmware" O="$BUILDDIR" >&2; then
	echo "difftest: building the test firmwares failed" >&2
	exit 2
fi
if [ ${#NAMES[@]} -eq 0 ]; then
	read -r -a NAMES <<<"$(make -s -C "$ROOT/tests/firmware" O="$BUILDDIR" list)"
fi
for t in "${NAMES[@]}"; do
	if [ ! -f "$BUILDDIR/$t.bin" ]; then
		echo "difftest: no test firmware named '$t'" >&2
		exit 2
	fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/difftest.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# test_smp NAME: the hart count from the test's "difftest: smp=N" marker.
test_smp() {
	local n
	n=$(sed -n 's|.*/\* difftest: smp=\([0-9][0-9]*\) \*/.*|\1|p' \
		"$ROOT/tests/firmware/$1.c" 2>/dev/null | head -n 1)
	echo "${n:-1}"
}

# test_cpu NAME: the -cpu string for the test (its "difftest: debug" marker).
test_cpu() {
	if grep -q '/\* difftest: debug \*/' "$ROOT/tests/firmware/$1.c" 2>/dev/null; then
		echo "${CPU//debug=false/debug=true}"
	else
		echo "$CPU"
	fi
}

# run_qemu IMAGE PREFIX SMP CPU: boot IMAGE on SMP harts, leave PREFIX.out
# (console, without "info: " lines), PREFIX.info (those) and PREFIX.rc.
run_qemu() {
	local cpu_args=() smp=${3:-1}
	[ -n "${4:-}" ] && cpu_args=(-cpu "$4")
	# sifive_u: hart 0 is the E51 (runs the test), its U54s come after; no -cpu.
	case $MACHINE in sifive_u*) cpu_args=(-no-reboot); [ "$smp" -lt 2 ] && smp=2 ;; esac
	timeout "$TIMEOUT" qemu-system-riscv64 -M "$MACHINE" -m 256M -smp "$smp" -nographic \
		"${cpu_args[@]}" -bios "$1" </dev/null >"$2.raw" 2>"$2.err"
	echo $? >"$2.rc"
	tr -d '\r' <"$2.raw" >"$2.all"
	grep -v '^info: ' "$2.all" >"$2.out" || true
	grep '^info: ' "$2.all" >"$2.info" || true
}

# normalize IN OUT [cordon]: the text that is compared.
normalize() {
	local f=$1
	if [ "${3:-}" = cordon ]; then
		grep -v '^\[cordon\]' "$f" >"$2.tmp" || true
		f=$2.tmp
	fi
	if [ "$IGNORE_QUIRKS" = 1 ]; then
		grep -v '^quirk: ' "$f" >"$2" || true
	else
		cp "$f" "$2"
	fi
}

# describe_timeout PREFIX LABEL: the tail of a run that timed out.
describe_timeout() {
	echo "  $2 timed out after ${TIMEOUT}s; last 20 console lines:"
	tail -n 20 "$1.all" | sed 's/^/    | /'
}

# run_test NAME: writes $WORK/NAME.result (first line = verdict) and details.
run_test() {
	local t=$1 d=$WORK/$1
	local res=$d.result
	local nrc crc smp cpu

	smp=$(test_smp "$t")
	cpu=$(test_cpu "$t")
	run_qemu "$BUILDDIR/$t.bin" "$d.native" "$smp" "$cpu"
	nrc=$(cat "$d.native.rc")
	if [ "$nrc" = 124 ]; then
		{ echo "FAIL difftest/$t: native run timed out"; describe_timeout "$d.native" native; } >"$res"
		return
	fi
	if [ "$(tail -n 1 "$d.native.out")" != "END $t" ] || [ "$nrc" != 0 ]; then
		{
			echo "FAIL difftest/$t: native run did not end with 'END $t' and exit 0 (exit $nrc)"
			tail -n 20 "$d.native.out" | sed 's/^/    | /'
		} >"$res"
		return
	fi
	if [ "$REPEAT" = 1 ]; then
		run_qemu "$BUILDDIR/$t.bin" "$d.native2" "$smp" "$cpu"
		if ! cmp -s "$d.native.out" "$d.native2.out" ||
		   [ "$(cat "$d.native2.rc")" != "$nrc" ]; then
			{
				echo "FAIL difftest/$t: native output is not deterministic"
				diff -u --label native-run1 --label native-run2 \
					"$d.native.out" "$d.native2.out" | head -n 40 | sed 's/^/    /'
			} >"$res"
			return
		fi
	fi
	if [ "$NATIVE_ONLY" = 1 ]; then
		{
			echo "PASS difftest/$t"
			[ "$VERBOSE" = 1 ] && sed 's/^/    | /' "$d.native.info"
		} >"$res"
		return
	fi

	if [ -f "$d.imagefail" ]; then
		{
			echo "FAIL difftest/$t: building the cordon image failed"
			tail -n 10 "$d.imagefail" | sed 's/^/    | /'
		} >"$res"
		return
	fi
	run_qemu "$BUILDDIR/$t.cordon.bin" "$d.cordon" "$smp" "$cpu"
	crc=$(cat "$d.cordon.rc")
	if [ "$crc" = 124 ]; then
		{ echo "FAIL difftest/$t: timed out under cordon"; describe_timeout "$d.cordon" cordon; } >"$res"
		return
	fi
	normalize "$d.native.out" "$d.native.cmp"
	normalize "$d.cordon.out" "$d.cordon.cmp" cordon
	if cmp -s "$d.native.cmp" "$d.cordon.cmp" && [ "$nrc" = "$crc" ]; then
		echo "PASS difftest/$t" >"$res"
		return
	fi
	{
		if ! cmp -s "$d.native.cmp" "$d.cordon.cmp"; then
			echo "FAIL difftest/$t: output differs (exit codes native $nrc, cordon $crc)"
			diff -u --label native --label cordon "$d.native.cmp" "$d.cordon.cmp" |
				head -n 40 | sed 's/^/    /'
		else
			echo "FAIL difftest/$t: exit code differs (native $nrc, cordon $crc)"
		fi
		if [ "$VERBOSE" = 1 ]; then
			echo "    --- full cordon console:"
			sed 's/^/    | /' "$d.cordon.all"
		fi
	} >"$res"
}

# The cordon images are built one at a time: parallel makes of the monitor
# itself would race.
if [ "$NATIVE_ONLY" = 0 ]; then
	for t in "${NAMES[@]}"; do
		if ! make -s -C "$ROOT" image FIRMWARE="$BUILDDIR/$t.elf" \
			IMAGE="$BUILDDIR/$t.cordon.bin" >"$WORK/$t.imagelog" 2>&1; then
			mv "$WORK/$t.imagelog" "$WORK/$t.imagefail"
		fi
	done
fi

for t in "${NAMES[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	run_test "$t" &
done
wait

pass=0
fail=0
for t in "${NAMES[@]}"; do
	if [ ! -f "$WORK/$t.result" ]; then
		echo "FAIL difftest/$t: runner error (no result)" >"$WORK/$t.result"
	fi
	cat "$WORK/$t.result"
	if head -n 1 "$WORK/$t.result" | grep -q '^PASS '; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
