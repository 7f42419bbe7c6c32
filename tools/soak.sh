#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make soak: Linux under cordon on SMP harts runs the guest's checks and
# then tests/guest/stress (remote fences, IPIs, futex wake-ups, atomics on
# every hart; stale translations detected) for SECONDS in all, shared
# equally by the configurations: cordon's offload on and off, crossed with
# QEMU's Sstc on and off (the OS's timer in stimecmp, or through cordon).
#
# usage: tools/soak.sh [--seconds S] [--smp N] [--cpu STR] [--configs "C..."]
#                      [--out DIR]
# A configuration is offload|nooffload,sstc|nosstc; default: all four.
# Prints each configuration's stress line and result, then
# "soak: C configurations, F failed"; exits 1 if any failed. Each
# configuration's whole console log is kept in DIR (build/soak).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
seconds=600 smp=8 cpu=rv64 out=$ROOT/build/soak
configs="offload,sstc offload,nosstc nooffload,sstc nooffload,nosstc"
while [ $# -gt 0 ]; do
	case "$1" in
	--seconds) seconds=$2; shift ;;
	--smp) smp=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--configs) configs=$2; shift ;;
	--out) out=$2; shift ;;
	-h|--help) sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "soak: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
mkdir -p "$out"
nconf=$(echo $configs | wc -w)
each=$((seconds / nconf))
[ "$each" -ge 1 ] || { echo "soak: $seconds s is too short for $nconf configurations" >&2; exit 2; }
export CORDON_CACHE=${CORDON_CACHE:-$HOME/.cache/cordon}
kernel=$("$ROOT"/tools/guest/build-linux.sh) || { echo "soak: kernel build failed" >&2; exit 2; }
initrd=$("$ROOT"/tools/guest/build-initramfs.sh) || { echo "soak: initramfs build failed" >&2; exit 2; }

n=0 failed=0
for c in $configs; do
	case "$c" in
	offload,*) offload=1 ;; nooffload,*) offload=0 ;;
	*) echo "soak: bad configuration $c" >&2; exit 2 ;;
	esac
	case "$c" in
	*,sstc) qcpu=$cpu ;; *,nosstc) qcpu=$cpu,sstc=false ;;
	*) echo "soak: bad configuration $c" >&2; exit 2 ;;
	esac
	image=$out/cordon-$offload.img log=$out/$c.log
	make -s -C "$ROOT" image OFFLOAD=$offload IMAGE="$image" \
		FIRMWARE=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf ||
		{ echo "soak: make image failed" >&2; exit 2; }
	n=$((n + 1))
	echo "soak $n ($c): $each s of stress on $smp harts under cordon"
	start=$(date +%s)
	"$ROOT"/tools/qemu-expect.py --timeout $((each + 300 + 30 * smp)) --log "$log" \
		--expect 'CHECKS DONE' -- qemu-system-riscv64 -M virt -m 1G -smp "$smp" -cpu "$qcpu" \
		-nographic -bios "$image" -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 cordon.test=1 cordon.ramend=0xc0000000 cordon.soak=$each" >/dev/null
	rc=$?
	tr -d '\r' <"$log" | grep -E '^CHECK (stress-soak|result)|FAIL' | sed 's/^/  /'
	if [ "$rc" = 0 ] && tr -d '\r' <"$log" | grep -q '^CHECK result ok'; then
		echo "  ok ($(($(date +%s) - start)) s)"
	else
		echo "  FAIL (exit $rc); log: $log"
		failed=$((failed + 1))
	fi
done
echo "soak: $n configurations, $failed failed ($each s of stress each, $seconds s in all, $smp harts)"
[ "$failed" = 0 ]
