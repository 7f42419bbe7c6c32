#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# cordon-checks: the automated guest checks, run by /init with cordon.test=1.
# Every result line starts with "CHECK " and the output is deterministic for
# a given machine (no timings, no addresses), so a native run and a run
# under cordon can be compared line by line. Ends with "CHECKS DONE".
# Extra: "cordon.soak=N" on the command line adds an N-second stress soak.
fails=0
check() { "$@" || fails=$((fails + 1)); }
ok_or_fail() {  # NAME CONDITION-RESULT(0/1) [DETAIL]
	if [ "$2" = 0 ]; then echo "CHECK $1 ok"; else echo "CHECK $1 FAIL $3"; fails=$((fails + 1)); fi
}
cpudir=/sys/devices/system/cpu

# 1. every hart the DT describes is online
ncpu=$(nproc)
echo "CHECK nproc $ncpu"
echo "CHECK cpu-online $(cat $cpudir/online)"
[ "$(cat $cpudir/online)" = "$(cat $cpudir/present)" ]
ok_or_fail all-harts-online $? "present=$(cat $cpudir/present)"

# 2. timer interrupts: 2000 sleeps of 100 us
check timerloop --label timer-loop 2000 100

# 3. SMP: TLB shootdowns, cross-hart futex wake-ups, atomics; 100 rounds up
# to 8 harts, fewer on wide machines (each round is a barrier of every hart:
# 12 on 64 harts, which take minutes of TCG on 2 cores)
rounds=$((800 / $(nproc)))
[ $rounds -gt 100 ] && rounds=100
[ $rounds -lt 10 ] && rounds=10
check stress --label stress $rounds

# 4. misaligned loads and stores (emulated by the firmware)
check misaligned --label misaligned

# 5. /dev/mem: memory the OS must not get gives no byte, to user-mode loads
# and stores through an mmap (the PMP decides) nor to pread: the firmware's
# memory (its /reserved-memory: OpenSBI's PMP entry, natively and in the
# OS's view under cordon) and the top of RAM (cordon.ramend=, from
# run-native.sh): cordon's region under cordon, the OS's own RAM natively
# (there the same loads must read it: docs/testing.md)
check devmem firmware
check devmem ram-top

# 6. CPU hotplug (SBI HSM hart stop/start) of every non-boot CPU
if [ "$ncpu" -gt 1 ]; then
	for d in $cpudir/cpu[0-9]*; do
		n=${d##*/cpu}
		[ "$n" = 0 ] && continue
		if [ ! -f "$d/online" ]; then
			ok_or_fail "hotplug-cpu$n" 1 "no online file"
			continue
		fi
		r=0
		echo 0 >"$d/online" || r=1
		[ "$(cat "$d/online")" = 0 ] && [ "$(nproc)" = $((ncpu - 1)) ] || r=1
		ok_or_fail "hotplug-cpu$n-offline" $r "online=$(cat $cpudir/online)"
		r=0
		echo 1 >"$d/online" || r=1
		[ "$(cat "$d/online")" = 1 ] && [ "$(nproc)" = "$ncpu" ] || r=1
		ok_or_fail "hotplug-cpu$n-online" $r "online=$(cat $cpudir/online)"
	done
	# all non-boot CPUs down at once, work on the boot CPU, all back up
	r=0
	for d in $cpudir/cpu[0-9]*; do
		[ "${d##*/cpu}" = 0 ] || echo 0 >"$d/online" || r=1
	done
	[ "$(nproc)" = 1 ] || r=1
	ok_or_fail hotplug-all-offline $r "online=$(cat $cpudir/online)"
	check timerloop --label timer-loop-one-cpu 100 100
	r=0
	for d in $cpudir/cpu[0-9]*; do
		[ "${d##*/cpu}" = 0 ] || echo 1 >"$d/online" || r=1
	done
	[ "$(nproc)" = "$ncpu" ] || r=1
	ok_or_fail hotplug-all-online $r "online=$(cat $cpudir/online)"
fi
echo "CHECK nproc-after-hotplug $(nproc)"
echo "CHECK cpu-online-after-hotplug $(cat $cpudir/online)"
check stress --label stress-after-hotplug 20
check timerloop --label timer-loop-after-hotplug 200 100

# optional soak
soak=$(sed -n 's/.*cordon\.soak=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$soak" ] && check stress --label stress-soak --seconds "$soak"

# the kernel must not have complained (stalls, lockups, oopses, warnings)
bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Unable to handle|stall|lockup|hung_task|Kernel panic|Call Trace')
[ -z "$bad" ]
ok_or_fail kernel-log $?
[ -n "$bad" ] && echo "$bad" | head -n 20 | sed 's/^/CHECK kernel-log: /'

if [ $fails = 0 ]; then echo "CHECK result ok"; else echo "CHECK result FAIL ($fails failed)"; fi
# on failure, the kernel's last words help (not CHECK lines: the comparison ignores them)
[ $fails = 0 ] || dmesg | tail -n 40 | sed 's/^/DIAG /'
# Measured boot: the digests cordon wrote into the device tree at the
# hand-over (not CHECK lines: a native boot has none; tests/linux.sh compares
# them with the host's).
if [ -d /proc/device-tree/cordon ]; then
	for n in firmware dtb os; do
		echo "MEASURED $n $(hexdump -v -e '/1 "%02x"' /proc/device-tree/cordon/$n-sha256)"
	done
fi
echo "CHECKS DONE"
