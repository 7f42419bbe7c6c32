#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Boot the Debian trixie system of tools/guest/build-debian.sh (built first
# if needed) in QEMU: Debian's 6.12 kernel, the small module-loading
# initramfs, the root filesystem on a virtio disk, systemd to a login prompt
# on the serial console (root, empty password). The disk is used with
# snapshot=on: the cached image never changes, every boot starts from it.
# `make run OS=debian` and tests/distro.sh both boot through here.
#
# usage: run-debian.sh (--native | --bios IMAGE) [--smp N] [--mem SIZE]
#                      [--cpu STR] [--dir DIR] [-- EXTRA-QEMU-ARGS...]
#   --native   stock OpenSBI 1.6 (trixie's fw_dynamic.bin) in real M-mode
#   --bios     a cordon image (make image FIRMWARE=<dir>/firmware.bin), or
#              any other M-mode firmware
#   --dir      the build to boot (default: $DEBIAN_DIR, else build-debian.sh's,
#              built if needed)
#   --print-firmware  print the OpenSBI 1.6 firmware the image is for, exit
set -euo pipefail
STAGE=run-debian
source "$(dirname "$0")/lib.sh"

bios= smp=2 mem=1G cpu= d=${DEBIAN_DIR:-} extra=()
while [ $# -gt 0 ]; do
	case "$1" in
	--native) bios=native ;;
	--bios) bios=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--dir) d=$2; shift ;;
	--print-firmware) echo "${d:-$("$GUEST_TOOLS/build-debian.sh")}/firmware.bin"; exit 0 ;;
	--) shift; extra=("$@"); break ;;
	-h|--help) sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument: $1 (see --help)" ;;
	esac
	shift
done
[ -n "$bios" ] || die "say --native or --bios IMAGE (see --help)"

need_pkgs qemu-system-misc
[ -n "$d" ] || d=$("$GUEST_TOOLS/build-debian.sh")
[ -f "$d/.cordon-complete" ] || die "$d is not a complete build of tools/guest/build-debian.sh"
[ "$bios" = native ] && bios=$d/firmware.bin
[ -f "$bios" ] || die "no firmware $bios"
qemu=(qemu-system-riscv64 -M virt -m "$mem" -smp "$smp" -nographic
	-bios "$bios" -kernel "$d/kernel" -initrd "$d/initrd.cpio" -append "console=ttyS0 earlycon=sbi"
	-drive file="$d/rootfs.img",if=none,format=raw,id=hd0,snapshot=on -device virtio-blk-device,drive=hd0)
[ -n "$cpu" ] && qemu+=(-cpu "$cpu")
qemu+=("${extra[@]}")
say "Debian trixie (systemd) on $smp harts, $mem: log in as root (no password); poweroff to leave"
exec "${qemu[@]}"
