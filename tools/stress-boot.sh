#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make stress-boot: boot Linux RUNS times on SMP harts, under cordon (or
# natively with --native), while a second QEMU loads the host, and check
# that every hart came online each time. Runs alternate QEMU's multi- and
# single-threaded TCG, which changes which hart wins OpenSBI's boot
# lottery; the winners are counted. A failure keeps its whole console log
# and, for a hart Linux gave up on, where each hart was (run-N.harts).
#
# usage: tools/stress-boot.sh [--runs N] [--smp N] [--native] [--cpu STR]
#                             [--image FILE] [--protect] [--no-load] [--timeout S]
#                             [--out DIR] [--firmware FILE|opensbi-1.6]
#                             [--accel multi|single|both]
# --protect: the cordon image is built with the protect-os policy
# (PROTECT=1, docs/security.md I11); --image: a ready image instead.
# The firmware: stock OpenSBI 1.1 fw_jump by default; opensbi-1.6 is
# trixie's (tools/guest/fetch-trixie.sh), which has 1.1's hart_start race
# fixed (docs/testing.md). --accel: QEMU's TCG threading, by default both
# in turn (native runs of OpenSBI 1.1 on 8 harts need minutes in the
# single-threaded one: docs/testing.md).
# Prints one line per run, then "stress-boot: R runs, F failures (...)";
# exits 1 if any run failed.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
runs=50 smp=8 native=0 cpu=rv64 image= protect=0 load=1 timeout= out=$ROOT/build/stress-boot firmware= accel_mode=both
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=$2; shift ;;
	--smp) smp=$2; shift ;;
	--native) native=1 ;;
	--cpu) cpu=$2; shift ;;
	--image) image=$2; shift ;;
	--protect) protect=1 ;;
	--no-load) load=0 ;;
	--timeout) timeout=$2; shift ;;
	--out) out=$2; shift ;;
	--firmware) firmware=$2; shift ;;
	--accel) accel_mode=$2; shift ;;
	-h|--help) sed -n '3,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "stress-boot: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
timeout=${timeout:-$((60 + 10 * smp))}
mkdir -p "$out"
export CORDON_CACHE=${CORDON_CACHE:-$HOME/.cache/cordon}
kernel=$("$ROOT"/tools/guest/build-linux.sh) || { echo "stress-boot: kernel build failed" >&2; exit 2; }
initrd=$("$ROOT"/tools/guest/build-initramfs.sh) || { echo "stress-boot: initramfs build failed" >&2; exit 2; }
stock=/usr/lib/riscv64-linux-gnu/opensbi/generic
case "$firmware" in
"") native_fw=$stock/fw_jump.bin image_fw=$stock/fw_jump.elf fwname="OpenSBI 1.1" ;;
opensbi-1.6)
	d=$("$ROOT"/tools/guest/fetch-trixie.sh opensbi) || { echo "stress-boot: fetching trixie's opensbi failed" >&2; exit 2; }
	native_fw=$d$stock/fw_jump.bin image_fw=$native_fw fwname="OpenSBI 1.6" ;;
*) native_fw=$firmware image_fw=$firmware fwname=$(basename "$firmware") ;;
esac
[ -f "$native_fw" ] || { echo "stress-boot: no firmware $native_fw" >&2; exit 2; }
if [ "$native" = 1 ]; then
	bios=$native_fw
	what=native
else
	if [ -z "$image" ]; then
		image=$out/cordon.img
		flags=()
		[ "$protect" = 1 ] && flags=(OFFLOAD=1 PROTECT=1)
		make -s -C "$ROOT" image FIRMWARE="$image_fw" "${flags[@]}" \
			IMAGE="$image" || { echo "stress-boot: make image failed" >&2; exit 2; }
	fi
	bios=$image
	what=cordon
	[ "$protect" = 1 ] && what="cordon protect-os"
fi
mem=$((smp > 16 ? 2048 : 1024))M

# The load: a 2-hart QEMU whose firmware traps for ever on an empty payload.
load_pid=
if [ "$load" = 1 ]; then
	timeout $((runs * (timeout + 5))) qemu-system-riscv64 -M virt -smp 2 -m 256M -nographic \
		-monitor none -serial null -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin \
		</dev/null >/dev/null 2>&1 &
	load_pid=$!
fi
cleanup() { [ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null; }
trap cleanup EXIT

want="0-$((smp - 1))"
[ "$smp" = 1 ] && want=0
fails=0 late=0
declare -A winners
start=$(date +%s)
for i in $(seq 1 "$runs"); do
	case "$accel_mode" in
	multi | single) accel=$accel_mode ;;
	*) accel=multi; [ $((i % 2)) = 0 ] && accel=single ;;
	esac
	log=$out/run-$i.log
	sock=$out/run-$i.sock harts=$out/run-$i.harts
	rm -f "$sock" "$harts"
	timeout -k 5 "$timeout" qemu-system-riscv64 -M virt -m "$mem" -smp "$smp" \
		-cpu "$cpu" -accel tcg,thread=$accel -nographic -serial stdio \
		-monitor unix:"$sock",server,nowait \
		-bios "$bios" -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 earlycon=sbi cordon.boot=1" </dev/null >"$log" 2>&1 &
	qpid=$!
	# A hart Linux gave up on: ask QEMU where every hart is, while the
	# guest waits its 10 s (tools/qemu-harts.py).
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 0.5
		if [ ! -e "$harts" ] && grep -q 'failed to come online' "$log"; then
			"$ROOT"/tools/qemu-harts.py --raw "$sock" >"$harts" 2>&1
		fi
	done
	wait "$qpid"
	rc=$?
	rm -f "$sock"
	tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
	winner=$(sed -n 's/^Boot HART ID *: *//p' "$log" | head -n 1)
	winners[${winner:-?}]=$((${winners[${winner:-?}]:-0} + 1))
	online=$(sed -n 's/^BOOT online=\([^ ]*\).*/\1/p' "$log")
	later=$(sed -n 's/^BOOT .* 10s-later=\([^ ]*\).*/\1/p' "$log")
	if [ $rc = 0 ] && [ "$online" = "$want" ]; then
		echo "run $i/$runs: ok ($what, tcg $accel, boot hart ${winner:-?}, online $online)"
		rm -f "$log" "$harts"
	else
		fails=$((fails + 1))
		if [ -n "$later" ] && [ "$later" = "$want" ]; then
			late=$((late + 1)) # came online after Linux's 1 s wait: host too slow
		fi
		echo "run $i/$runs: FAIL ($what, tcg $accel, boot hart ${winner:-?}, exit $rc, online '${online}'${later:+, 10 s later '$later'}); log: $log"
		tail -n 15 "$log" | sed 's/^/    | /'
		[ -e "$harts" ] && grep '^hart ' "$harts" | head -n 16 | sed 's/^/    where: /'
	fi
done
dist=""
for w in $(printf '%s\n' "${!winners[@]}" | sort -n); do dist="$dist $w:${winners[$w]}"; done
echo "stress-boot: $runs runs, $fails failures, of which $late late harts that came online by themselves ($what, $fwname, $smp harts, $(($(date +%s) - start)) s; boot harts$dist)"
[ "$fails" = 0 ]
