#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Boot the cordon guest (Linux + initramfs) natively on QEMU -M virt with
# stock OpenSBI fw_jump in real M-mode: the reference for runs under cordon.
# Builds the kernel and initramfs first if needed.
#
# usage: run-native.sh [--machine M] [--smp N] [--cpu STR] [--test] [--timeout S]
#                      [--append ARGS] [--bios FILE] [--kernel F] [--initrd F]
#                      [--log FILE] [-- EXTRA-QEMU-ARGS...]
#   --test     boot with cordon.test=1: run the checks, power off; exit 0
#              only if QEMU exited 0, "CHECKS DONE" appeared and no CHECK
#              line says FAIL
#              (the CHECK lines alone are left in LOG.checks for diffing)
#   --machine  QEMU machine: virt (default), virt,aclint=on, spike (HTIF:
#              console hvc0; -cpu rv64,sstc=off unless --cpu: QEMU 7.2's
#              spike has no time CSR, so no Sstc, yet its tree says sstc),
#              sifive_u (console ttySIF0; -no-reboot, and the guest
#              reboots instead of powering off: the board cannot)
#   --timeout  seconds before the run counts as hung (default 600 with
#              --test, none otherwise); a hang prints the last 20 lines
set -euo pipefail
STAGE=run-native
source "$(dirname "$0")/lib.sh"

smp=1 cpu= test=0 timeout= append= kernel= initrd= log= machine=virt
bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--machine) machine=$2; shift ;;
	--smp) smp=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--test) test=1 ;;
	--timeout) timeout=$2; shift ;;
	--append) append=$2; shift ;;
	--bios) bios=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--log) log=$2; shift ;;
	--) shift; extra=("$@"); break ;;
	-h|--help) sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument: $1 (see --help)" ;;
	esac
	shift
done

need_pkgs qemu-system-misc opensbi
[ -n "$kernel" ] || kernel=$("$GUEST_TOOLS/build-linux.sh")
[ -n "$initrd" ] || initrd=$("$GUEST_TOOLS/build-initramfs.sh")
[ -f "$bios" ] || die "no firmware $bios"

mem=$((smp > 16 ? 1024 : 512))
console=ttyS0 mextra=()
case $machine in
virt|virt,*) ;;
spike) console=hvc0; [ -n "$cpu" ] || cpu=rv64,sstc=off ;;
sifive_u) console=ttySIF0; mextra=(-no-reboot); append="${append:+$append }cordon.reboot=1" ;;
*) die "unknown machine $machine (virt, virt,aclint=on, spike, sifive_u)" ;;
esac
cmdline="console=$console earlycon=sbi"
# cordon.ramend: where the machine's RAM ends (QEMU virt's starts at
# 0x80000000), for the guest's /dev/mem check of the top of RAM
[ $test = 1 ] && cmdline="$cmdline cordon.test=1 cordon.ramend=$(printf '%#x' $((0x80000000 + mem * 1024 * 1024)))"
[ -n "$append" ] && cmdline="$cmdline $append"
qemu=(qemu-system-riscv64 -M "$machine" -m "$mem"M -smp "$smp" -nographic "${mextra[@]}"
	-bios "$bios" -kernel "$kernel" -initrd "$initrd" -append "$cmdline")
[ -n "$cpu" ] && qemu+=(-cpu "$cpu")
qemu+=("${extra[@]}")

if [ $test = 0 ] && [ -z "$timeout" ]; then
	say "${qemu[*]}"
	exec "${qemu[@]}"
fi
timeout=${timeout:-600}
[ -n "$log" ] || log=$(mktemp /tmp/cordon-run-native.XXXXXX.log)
say "${qemu[*]}"
say "log: $log, timeout ${timeout}s"
start=$(date +%s.%N)
rc=0
if [ $test = 1 ]; then
	timeout -k 5 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
else
	timeout --foreground -k 5 "$timeout" "${qemu[@]}" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
fi
wall=$(echo "$(date +%s.%N) - $start" | bc)
if [ $rc = 124 ] || [ $rc = 137 ]; then
	say "HANG: no power-off within ${timeout}s; last 20 lines:"
	tail -n 20 "$log" | sed 's/^/  | /' >&2
	exit 124
fi
[ $rc = 0 ] || { say "QEMU exited $rc; last 20 lines:"; tail -n 20 "$log" | sed 's/^/  | /' >&2; exit "$rc"; }
if [ $test = 1 ]; then
	tr -d '\r' <"$log" >"$log.clean"
	nchk=$(grep -c '^CHECK ' "$log.clean" || true)
	nfail=$(grep -c '^CHECK .*FAIL' "$log.clean" || true)
	grep -E '^CHECKS? ' "$log.clean" >"$log.checks" || true
	if ! grep -q '^CHECKS DONE' "$log.clean"; then
		say "FAILED: no 'CHECKS DONE' (wall ${wall}s); last 20 lines:"
		tail -n 20 "$log.clean" | sed 's/^/  | /' >&2
		exit 1
	fi
	if [ "$nfail" != 0 ]; then
		say "FAILED: $nfail of $nchk CHECK lines failed (wall ${wall}s):"
		grep '^CHECK .*FAIL' "$log.clean" | sed 's/^/  | /' >&2
		exit 1
	fi
	say "PASSED: $nchk CHECK lines, QEMU exited 0, wall ${wall}s (CHECK lines: $log.checks)"
else
	say "QEMU exited 0, wall ${wall}s"
fi
