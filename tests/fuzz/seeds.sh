#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Seed inputs of a libFuzzer harness, made from the real parts (not kept in
# the checkout). Usage: seeds.sh NAME DIR
#   platform: the device trees QEMU virt hands its firmware (1 to 8 harts,
#   CLINT and ACLINT, AIA, NUMA, PCIe devices), each prefixed with the
#   harness's mode byte (0: boot scan, 1: protect-os's device listing too).
set -eu
name=$1 dir=$2
mkdir -p "$dir"
case $name in
platform)
	n=0
	for m in "virt -smp 1" "virt -smp 4" "virt,aclint=on -smp 2" "virt,aia=aplic-imsic -smp 2" \
		"virt -smp 8 -m 1G" "virt -smp 2 -device nvme,serial=s -device virtio-rng-pci" \
		"virt -smp 2 -object memory-backend-ram,id=m0,size=256M -object memory-backend-ram,id=m1,size=256M -numa node,memdev=m0,cpus=0 -numa node,memdev=m1,cpus=1 -m 512M"; do
		n=$((n + 1))
		t=$(mktemp)
		# shellcheck disable=SC2086 # the machine's options are words
		timeout 30 qemu-system-riscv64 -M ${m%% *},dumpdtb="$t" ${m#* } -nographic >/dev/null 2>&1 || true
		if [ -s "$t" ]; then
			# QEMU pads the file to 1 MiB: keep the tree's totalsize bytes.
			size=$(od -An -tu4 --endian=big -j4 -N4 "$t" | tr -d ' ')
			{ printf '\0'; head -c "$size" "$t"; } >"$dir/virt-$n-boot"
			{ printf '\1'; head -c "$size" "$t"; } >"$dir/virt-$n-protect"
		fi
		rm -f "$t"
	done
	[ -n "$(ls "$dir")" ] || { echo "seeds.sh: QEMU gave no device tree" >&2; exit 1; }
	;;
*)
	echo "seeds.sh: no seeds for $name" >&2
	exit 1
	;;
esac
