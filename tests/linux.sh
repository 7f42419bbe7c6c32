#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Linux 6.1 + busybox under cordon, each compared with the same boot natively
# (stock OpenSBI in real M-mode): the userspace checks of tests/guest (harts
# online, timers, SMP stress with TLB shootdowns and futexes, misaligned
# accesses, /dev/mem reads of the firmware's and cordon's memory, CPU
# hotplug) must print identical CHECK lines. Then S-mode U-Boot
# on virtualized OpenSBI (prompt, `sbi`, booting Linux) and the interactive
# shell of `make run`.
. "$(dirname "$0")/lib.sh"
set -u
W=$BUILD/linux-tests
mkdir -p "$W"
export CORDON_CACHE=${CORDON_CACHE:-$HOME/.cache/cordon}
echo "linux: building or finding the guest (first time: about 8 minutes)" >&2
KERNEL=$("$ROOT"/tools/guest/build-linux.sh) || { fail linux/build "kernel build failed"; exit 0; }
INITRD=$("$ROOT"/tools/guest/build-initramfs.sh) || { fail linux/build "initramfs build failed"; exit 0; }
JUMP=$OPENSBI_DIR/fw_jump.elf
# The default image (offload on) and one without the offload policy: the
# OS must see the same either way.
IMG=$W/fw_jump.img
IMG_NOOFF=$W/fw_jump-nooffload.img
IMG_PROTECT=$W/fw_jump-protect.img
cordon_image "$JUMP" "$IMG" OFFLOAD=1 || { fail linux/image "make image failed"; exit 0; }
cordon_image "$JUMP" "$IMG_NOOFF" OFFLOAD=0 || { fail linux/image "make image OFFLOAD=0 failed"; exit 0; }
cordon_image "$JUMP" "$IMG_PROTECT" OFFLOAD=1 PROTECT=1 || { fail linux/image "make image PROTECT=1 failed"; exit 0; }

# linux_compare NAME SMP CPU [IMAGE]
linux_compare() {
	local name=$1 smp=$2 cpu=$3 img=${4:-$IMG} t=${LINUX_TIMEOUT:-$((60 + 20 * $2))} rn rc
	local args=(--test --smp "$smp" --timeout "$t" --kernel "$KERNEL" --initrd "$INITRD"
		--machine "${MACHINE:-virt}")
	local native=(${NATIVE_BIOS:+--bios "$NATIVE_BIOS"})
	[ -n "$cpu" ] && args+=(--cpu "$cpu")
	# The native run is the reference, not what is tested: a host too busy to
	# bring a secondary hart up within Linux's 1 s (TCG time is host time)
	# must not count against cordon, so it gets a second chance.
	for attempt in 1 2; do
		"$ROOT"/tools/guest/run-native.sh "${args[@]}" "${native[@]}" --log "$W/$name.native" >"$W/$name.native.out" 2>&1
		rn=$?
		[ $rn = 0 ] && break
	done
	"$ROOT"/tools/guest/run-native.sh "${args[@]}" --bios "$img" --log "$W/$name.cordon" >"$W/$name.cordon.out" 2>&1; rc=$?
	if [ $rn != 0 ]; then
		fail "linux/$name" "native reference run failed ($rn)" "$(tail -n 5 "$W/$name.native.out")"
	elif [ $rc != 0 ]; then
		# Equal treatment: does the same failure happen natively too?
		"$ROOT"/tools/guest/run-native.sh "${args[@]}" "${native[@]}" --log "$W/$name.native2" >"$W/$name.native2.out" 2>&1
		local rn2=$?
		fail "linux/$name" "under cordon: exit $rc; native re-run now: exit $rn2 ($( [ $rn2 = 0 ] && echo "passes natively: a cordon bug" || echo "fails natively too: host or guest"))" \
			"$(tail -n 12 "$W/$name.cordon.out")" "native re-run:" "$(tail -n 5 "$W/$name.native2.out")"
	elif ! diff -u "$W/$name.native.checks" "$W/$name.cordon.checks" >"$W/$name.diff"; then
		fail "linux/$name" "CHECK lines differ from native" "$(head -n 30 "$W/$name.diff")"
	elif ! grep -q '^DEVMEM ram-top os-ram: ' "$W/$name.native.clean" ||
		! grep -q '^DEVMEM ram-top hidden: ' "$W/$name.cordon.clean"; then
		# devmem-ram-top's line is the same either way; which case it was
		# is not: natively the top MiB of RAM is the OS's (the probe read
		# it), under cordon it is cordon's region (no byte)
		fail "linux/$name" "devmem-ram-top: not the OS's RAM natively and hidden under cordon" \
			"$(grep -h '^DEVMEM' "$W/$name.native.clean" "$W/$name.cordon.clean")"
	else
		pass "linux/$name ($(grep -c '^CHECK ' "$W/$name.cordon.checks") checks identical to native)"
	fi
}

# LINUX_WIDE=1 (make linux-wide): only the wide machines, 16 and 64 harts
# (too slow for make test on 2 cores: minutes each).
if [ "${LINUX_WIDE:-0}" = 1 ]; then
	linux_compare smp16 16 ""
	linux_compare smp64 64 ""
	exit 0
fi

linux_compare smp1 1 ""
linux_compare smp2 2 ""
linux_compare smp4 4 ""
linux_compare smp8 8 ""
linux_compare smp1-nosstc 1 rv64,sstc=off
linux_compare smp4-nosstc 4 rv64,sstc=off
linux_compare smp4-noh 4 rv64,h=false
linux_compare smp1-nooffload 1 "" "$IMG_NOOFF"
linux_compare smp4-nooffload 4 "" "$IMG_NOOFF"
linux_compare smp4-nosstc-nooffload 4 rv64,sstc=off "$IMG_NOOFF"
# protect-os (docs/security.md, I11): the firmware loses the OS's memory at
# the hand-over, on every hart; Linux must not notice.
linux_compare protect-smp2 2 "" "$IMG_PROTECT"
linux_compare protect-smp8 8 "" "$IMG_PROTECT"
linux_compare protect-smp4-nosstc 4 rv64,sstc=off "$IMG_PROTECT"

# Other machines, the same image (issue 12; docs/porting.md): QEMU virt
# with ACLINT devices instead of the CLINT, and QEMU spike (HTIF console and
# stop, no interrupt controller) with trixie's OpenSBI 1.6 (Debian's 1.1
# cannot stop spike: its HTIF stop ignores the tree's address, natively too).
MACHINE=virt,aclint=on linux_compare aclint-smp2 2 ""
MACHINE=virt,aclint=on linux_compare aclint-protect-smp4 4 "" "$IMG_PROTECT"
if d16=$("$ROOT"/tools/guest/fetch-trixie.sh opensbi 2>"$W/spike.fetch"); then
	jump16=$d16/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
	cordon_image "$jump16" "$W/spike16.img" OFFLOAD=1 PROTECT=1 >"$W/spike.mk" 2>&1 ||
		fail linux/spike-image "make image failed" "$(tail -n 5 "$W/spike.mk")"
	LINUX_TIMEOUT=300 MACHINE=spike NATIVE_BIOS=$jump16 linux_compare spike-protect-smp2 2 "" "$W/spike16.img"
else
	fail linux/spike "fetching trixie's opensbi failed" "$(tail -n 3 "$W/spike.fetch")"
fi
# sifive_u: hart 0 is an E51 (no S-mode, FPU or MMU; OpenSBI keeps it), the
# U54s run Linux; no time CSR (offload answers the OS's reads from mtime).
LINUX_TIMEOUT=400 MACHINE=sifive_u linux_compare sifive-u-protect-smp3 3 "" "$IMG_PROTECT"

# Debian trixie's own kernel (linux-image-riscv64: 6.12, issue 11) with the
# project's initramfs checks, natively and under cordon. Its
# CONFIG_STRICT_DEVMEM refuses /dev/mem over RAM before the PMP is reached:
# devmem-firmware says "skipped" on both sides; devmem-ram-top natively
# cannot read the OS's RAM (DEVMEM line: refused by the kernel), under
# cordon the top MiB is no RAM to the kernel and the PMP denies it.
name=debian-kernel
if meta=$("$ROOT"/tools/guest/fetch-trixie.sh linux-image-riscv64 2>"$W/$name.fetch") &&
	pkg=$(dpkg-deb -f "$(ls "$meta"/*.deb | head -n 1)" Depends | sed 's/ .*//') &&
	d=$("$ROOT"/tools/guest/fetch-trixie.sh "$pkg" 2>>"$W/$name.fetch") &&
	DEB_KERNEL=$(ls "$d"/boot/vmlinux-* 2>/dev/null | head -n 1) && [ -n "$DEB_KERNEL" ]; then
	ver=$(echo "$pkg" | sed -n 's/^linux-image-\([0-9]*\.[0-9]*\).*/\1/p')
	for smp in 1 2 4 8; do
		KERNEL=$DEB_KERNEL linux_compare "debian-$ver-smp$smp" "$smp" ""
	done
	KERNEL=$DEB_KERNEL linux_compare "debian-$ver-protect-smp2" 2 "" "$IMG_PROTECT"
else
	fail "linux/$name" "fetching trixie's linux-image-riscv64 failed" "$(tail -n 3 "$W/$name.fetch")"
fi

# Measured boot: the allowlist admits this firmware and this kernel (digests
# from tools/measure.py); the guest reads in /proc/device-tree/cordon what
# cordon measured. Then an allowlist that does not admit the kernel: the
# machine stops at the hand-over, before Linux's first instruction.
name=measured-boot
python3 "$ROOT"/tools/measure.py --firmware "$JUMP" --os "$KERNEL" >"$W/allow.txt"
fwd=$(sed -n 's/ firmware$//p' "$W/allow.txt") osd=$(sed -n 's/ os$//p' "$W/allow.txt")
cordon_image "$JUMP" "$W/measured.img" ALLOW="$W/allow.txt" >"$W/$name.mk" 2>&1 ||
	fail "linux/$name" "make image failed" "$(cat "$W/$name.mk")"
"$ROOT"/tools/guest/run-native.sh --test --smp 2 --timeout 120 --kernel "$KERNEL" --initrd "$INITRD" \
	--bios "$W/measured.img" --log "$W/$name.log" >"$W/$name.out" 2>&1
rc=$?
tr -d '\r' <"$W/$name.log" >"$W/$name.clean"
dtd=$(sed -n 's/^\[cordon\] sha256 dtb *: \([0-9a-f]*\) .*/\1/p' "$W/$name.clean" | tail -n 1)
if [ $rc = 0 ] && grep -q "^CHECK result ok" "$W/$name.clean" &&
	grep -q "^\[cordon\] sha256 os *: $osd .*admitted" "$W/$name.clean" &&
	grep -qx "MEASURED firmware $fwd" "$W/$name.clean" && grep -qx "MEASURED os $osd" "$W/$name.clean" &&
	[ -n "$dtd" ] && grep -qx "MEASURED dtb $dtd" "$W/$name.clean"; then
	pass "linux/$name (firmware and kernel admitted; /proc/device-tree/cordon holds the three digests)"
else
	fail "linux/$name" "exit $rc" "$(grep -E '^\[cordon\] (sha256|measured)|^MEASURED|^CHECK result' "$W/$name.clean")"
fi
name=measured-boot-mismatch
printf '%s firmware\n%s os\n' "$fwd" "$(echo "$osd" | tr 0-9a-f 1-9a-f0)" >"$W/allow-bad-os.txt"
cordon_image "$JUMP" "$W/measured-bad.img" ALLOW="$W/allow-bad-os.txt" >"$W/$name.mk" 2>&1
"$ROOT"/tools/guest/run-native.sh --smp 2 --timeout 60 --kernel "$KERNEL" --initrd "$INITRD" \
	--bios "$W/measured-bad.img" --log "$W/$name.log" >"$W/$name.out" 2>&1
rc=$?
tr -d '\r' <"$W/$name.log" >"$W/$name.clean"
if [ $rc = 99 ] && grep -q "measured boot: the os is not the one the allowlist admits" "$W/$name.clean" &&
	grep -q "measured  $osd" "$W/$name.clean" && ! grep -q "Linux version" "$W/$name.clean"; then
	pass "linux/$name (exit 99 at the hand-over, before Linux ran)"
else
	fail "linux/$name" "exit $rc" "$(tail -n 8 "$W/$name.clean")"
fi

# S-mode U-Boot on virtualized OpenSBI: prompt, `sbi`, then it boots Linux.
name=uboot-smode
isz=$(stat -c %s "$INITRD")
"$ROOT"/tools/qemu-expect.py --timeout 120 --log "$W/$name.log" \
	--expect 'autoboot' --send '' --expect '=> ' --send 'sbi' \
	--expect '=> ' --send 'setenv bootargs console=ttyS0 earlycon=sbi cordon.test=1' \
	--expect '=> ' --send "booti 0x84000000 0x88000000:$isz \$fdtcontroladdr" \
	--expect 'CHECKS DONE' -- \
	"$QEMU" -M virt -m 512M -smp 2 -nographic -bios "$IMG" \
	-kernel /usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin \
	-device loader,file="$KERNEL",addr=0x84000000,force-raw=on \
	-device loader,file="$INITRD",addr=0x88000000,force-raw=on >"$W/$name.out" 2>&1
rc=$?
tr -d '\r' <"$W/$name.log" >"$W/$name.clean"
if [ $rc = 0 ] && grep -q '^OpenSBI 1.1$' "$W/$name.clean" && grep -q '^CHECK result ok' "$W/$name.clean"; then
	pass "linux/$name (sbi: OpenSBI 1.1, booti: checks ok)"
else
	fail "linux/$name" "exit $rc" "$(cat "$W/$name.out")" "$(tail -n 8 "$W/$name.clean")"
fi

# Debian trixie's S-mode U-Boot 2025.01 on trixie's OpenSBI 1.6 (issue 11),
# natively and under cordon: U-Boot's `sbi` (the SBI 2.0 extensions OpenSBI
# 1.6 advertises: DBCN, SSE, FWFT...) must list the same, and the kernel it
# boots must pass the checks.
name=uboot25-smode
if d16=$("$ROOT"/tools/guest/fetch-trixie.sh opensbi 2>"$W/$name.fetch") &&
	du=$("$ROOT"/tools/guest/fetch-trixie.sh u-boot-qemu 2>>"$W/$name.fetch"); then
	jump16=$d16/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
	cordon_image "$jump16" "$W/$name.img" OFFLOAD=1 >"$W/$name.mk" 2>&1
	ok=1
	for side in native cordon; do
		bios=$W/$name.img
		[ $side = native ] && bios=$jump16
		"$ROOT"/tools/qemu-expect.py --timeout 120 --log "$W/$name.$side.log" \
			--expect 'autoboot' --send '' --expect '=> ' --send 'sbi' \
			--expect '=> ' --send 'setenv bootargs console=ttyS0 earlycon=sbi cordon.test=1' \
			--expect '=> ' --send "booti 0x84000000 0x88000000:$isz \$fdtcontroladdr" \
			--expect 'CHECKS DONE' -- \
			"$QEMU" -M virt -m 512M -smp 2 -cpu rv64 -nographic -bios "$bios" \
			-kernel "$du"/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin \
			-device loader,file="$KERNEL",addr=0x84000000,force-raw=on \
			-device loader,file="$INITRD",addr=0x88000000,force-raw=on >"$W/$name.$side.out" 2>&1 || ok=0
		tr -d '\r' <"$W/$name.$side.log" | sed -n '/^=> sbi$/,/^=> /p' >"$W/$name.$side.sbi"
		tr -d '\r' <"$W/$name.$side.log" | grep -q '^CHECK result ok' || ok=0
		grep -q '^OpenSBI 1.6$' "$W/$name.$side.sbi" || ok=0
	done
	if [ $ok = 1 ] && diff -u "$W/$name.native.sbi" "$W/$name.cordon.sbi" >"$W/$name.diff"; then
		pass "linux/$name (sbi: OpenSBI 1.6, $(grep -c '^  ' "$W/$name.cordon.sbi") lines identical to native; booti: checks ok)"
	else
		fail "linux/$name" "native or cordon run failed, or sbi differs" "$(head -n 20 "$W/$name.diff")" \
			"$(tail -n 6 "$W/$name.cordon.log" | tr -d '\r')"
	fi
else
	fail "linux/$name" "fetching trixie's opensbi or u-boot-qemu failed" "$(tail -n 3 "$W/$name.fetch")"
fi

# The interactive shell of `make run`: a prompt, then `poweroff` exits 0.
name=make-run-shell
"$ROOT"/tools/qemu-expect.py --timeout 120 --log "$W/$name.log" \
	--expect 'Please press Enter|# $|# ' --send '' --expect '# ' --send 'cat /proc/cpuinfo | grep -c ^processor' \
	--expect '# ' --send 'poweroff' -- \
	make -s -C "$ROOT" run IMAGE="$IMG" FIRMWARE="$JUMP" >"$W/$name.out" 2>&1
rc=$?
if [ $rc = 0 ] && tr -d '\r' <"$W/$name.log" | grep -q '^4$'; then
	pass "linux/$name (4 harts, poweroff exits 0)"
else
	fail "linux/$name" "exit $rc" "$(cat "$W/$name.out")" "$(tr -d '\r' <"$W/$name.log" | tail -n 8)"
fi
