#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# The protect-os attack suite (docs/security.md, I11): every malicious
# firmware of tests/protect/attack.c, natively and under cordon with
# PROTECT=1. Natively each attempt must succeed ("ESCAPE": the attack is
# real); under cordon it must be denied with the fault M-mode gets for an
# access its PMP refuses, the OS's secret must be intact, the firmware's
# own memory must still work, and cordon must have said what it closed.
# One line per attack: "PASS attack/<name>" or "FAIL attack/<name>: why".
. "$(dirname "$0")/lib.sh"
set -u
W=$BUILD/protect-tests
mkdir -p "$W"
LIB=$ROOT/tests/firmware/lib
CFLAGS=(-march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib -nostartfiles -static
	-O2 -std=c11 -g -Wall -Wextra -Werror -I"$LIB" -Wl,--no-relax -Wl,--no-warn-rwx-segments
	-Wl,--no-warn-mismatch -T "$ROOT/tests/protect/link.ld")

# The tree the claim-kernel firmware hands over.
dtc -q -I dts -O dtb -p 512 -o "$W/claim.dtb" "$ROOT/tests/protect/claim.dts" ||
	fail "attack/claim-dtb" "dtc failed"
# Attacks whose containment is a clean stop (exit 99 before the OS runs):
# the firmware keeps a hart out of cordon's reach (denial of service).
STOPS="no-ack"

# trigger-m-cordon: where cordon's trap vector and its harts[] lie once it
# moved itself to the top 1 MiB of the 256 MiB given to QEMU below.
make -s -C "$ROOT" all >"$W/cordon.build" 2>&1 || fail "attack/cordon-build" "make failed"
sym() { riscv64-unknown-elf-nm "$BUILD/cordon.elf" | awk -v s="$1" '$3 == s { print $1 }'; }
at_top() { printf '0x%x' $((0x8ff00000 + 0x$(sym "$1") - 0x$(sym _cordon_start))); }
CORDON_AT=(-DCORDON_TRAP="$(at_top trap_vector)UL" -DCORDON_HARTS="$(at_top harts)UL")

names=$(sed -n 's/^\t\[A_[A-Z0-9_]*\] = "\([a-z0-9-]*\)",$/\1/p' "$ROOT/tests/protect/attack.c")
n=0
for name in $names; do
	n=$((n + 1))
	# ATTACKS="a b": only those (a quick run while working on one).
	[ -n "${ATTACKS:-}" ] && [[ " $ATTACKS " != *" $name "* ]] && continue
	elf=$W/$name.elf img=$W/$name.img extra=() machine=()
	[ "$name" = claim-kernel ] && extra=(-DDTB="\"$W/claim.dtb\"")
	[ "$name" = trigger-m-cordon ] && extra=("${CORDON_AT[@]}")
	# A device whose 64-bit BAR the firmware places above RAM.
	[ "$name" = dma-pci-high ] && machine=(-device nvme,serial=cordon)
	if ! riscv64-unknown-elf-gcc "${CFLAGS[@]}" -DATTACK=$n "${extra[@]}" -o "$elf" "$ROOT/tests/protect/attack.c" \
		"$LIB/start.S" "$LIB/trap.S" "$LIB/test.c" >"$W/$name.build" 2>&1 ||
		! cordon_image "$elf" "$img" PROTECT=1 OFFLOAD=1 >>"$W/$name.build" 2>&1; then
		fail "attack/$name" "build failed" "$(grep -v 'type changed to PROGBITS' "$W/$name.build" | tail -n 5)"
		continue
	fi
	run_qemu 30 "$W/$name.native" -m 256M -smp 2 "${machine[@]}" -bios "$elf"; rn=$?
	run_qemu 30 "$W/$name.cordon" -m 256M -smp 2 "${machine[@]}" -bios "$img"; rc=$?
	out=$(tr -d '\r' <"$W/$name.cordon")
	if [ $rn != 0 ] || ! grep -q "^attack $name: ESCAPE" "$W/$name.native"; then
		fail "attack/$name" "natively the attack does not work (exit $rn): the test proves nothing" \
			"$(tr -d '\r' <"$W/$name.native" | tail -n 4)"
	elif [[ " $STOPS " == *" $name "* ]]; then
		if [ $rc = 99 ] && echo "$out" | grep -q 'ERROR: protect-os: a hart did not close' &&
			! echo "$out" | grep -q "^attack $name"; then
			pass "attack/$name (stopped, exit 99, before the OS ran: $(echo "$out" | sed -n 's/^\[cordon\] ERROR: protect-os: //p'))"
		else
			fail "attack/$name" "under cordon: exit $rc, not the expected stop" "$(echo "$out" | tail -n 6)"
		fi
	elif [ $rc = 0 ] && echo "$out" | grep -q "^attack $name: denied" &&
		! echo "$out" | grep -q ESCAPE &&
		echo "$out" | grep -q "^firmware's own memory: yes" &&
		echo "$out" | grep -q "^OS secret intact: yes" &&
		echo "$out" | grep -q "^OS registers intact: yes" &&
		{ [ "$name" != resume-forge ] && [ "$name" != sret-forge ] && [ "$name" != resume-mpv ] || echo "$out" | grep -q "the firmware entered the OS at .*: refused"; } &&
		{ [ "$name" != csr-forge ] && [ "$name" != vs-forge ] || echo "$out" | grep -q "after its illegal instruction at .*: refused"; } &&
		{ [ "$name" != handover-vs ] || echo "$out" | grep -q "as a guest (V=1) at the hand-over: refused"; } &&
		{ [ "$name" != start-forge ] || echo "$out" | grep -q "hart 1: the firmware entered the OS at .*which the OS did not start there: refused"; } &&
		echo "$out" | grep -q '^\[cordon\] protect-os    : OS memory .* closed to the firmware' &&
		{ [ "$name" != claim-kernel ] || echo "$out" | grep -q "refused the firmware's claim 80200000-80400000"; }; then
		pass "attack/$name ($(echo "$out" | sed -n "s/^attack $name: denied (\(.*\))$/\1/p"))"
	else
		fail "attack/$name" "under cordon: exit $rc" "$(echo "$out" | grep -v '^\[cordon\] [a-z]' | tail -n 6)"
	fi
done
