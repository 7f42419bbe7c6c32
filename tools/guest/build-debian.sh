#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Build a Debian trixie riscv64 system with systemd for `make run OS=debian`
# and tests/distro.sh, from Debian's packages with Debian's own tools:
#   1. debootstrap --foreign on the host: downloads and unpacks the packages
#      (minbase + systemd-sysv, udev, kmod, dbus); no maintainer script runs,
#      they are riscv64 programs and this host has no qemu-user binfmt;
#   2. trixie's kernel modules copied in, an ext4 image made from the tree
#      without mounting anything (mkfs.ext4 -d), raw;
#   3. QEMU boots Debian's kernel on it natively (OpenSBI 1.6, no cordon):
#      debootstrap --second-stage configures every package inside the guest,
#      then tools/guest/debian/setup.sh (hostname, root login, machine id,
#      module index).
# The boot uses a small initramfs of the project's busybox and the kernel's
# own virtio-mmio, virtio-blk and ext4 modules (tools/guest/debian/init):
# loading three modules and mounting one disk needs no more, it is built on
# the host in a second, and it does not depend on initramfs-tools and
# update-initramfs running (slowly) inside the emulated guest.
#
# Everything lands in $CORDON_CACHE/debian-<key>/ (key: this recipe, the
# package versions of the kernel, OpenSBI and busybox): kernel, firmware.bin
# (OpenSBI 1.6 fw_dynamic), initrd.cpio, rootfs.img, and last the stamp
# .cordon-complete (sizes and SHA-256 of those files). Prints that directory.
#
# usage: build-debian.sh [--print] [--verify]
#   --print   only print the directory (nothing is built)
#   --verify  also check the SHA-256 of every file against the stamp
set -euo pipefail
STAGE=debian
source "$(dirname "$0")/lib.sh"

DEBIAN_BUILD_VERSION=1
SUITE=trixie
PACKAGES=systemd-sysv,udev,kmod,dbus
IMAGE_SIZE=2G
SETUP_TIMEOUT=${SETUP_TIMEOUT:-3600}
FILES=("$GUEST_TOOLS/build-debian.sh" "$GUEST_TOOLS/debian/init" "$GUEST_TOOLS/debian/setup.sh")
# the modules /dev/vda and its ext4 need, with their dependencies (.modinfo
# "depends=") loaded first; crc32c for ext4's metadata checksums, which the
# kernel would otherwise ask modprobe for
ROOT_MODULES=(virtio_mmio virtio_blk crc32c_generic ext4)
STAMP_FILES=(kernel firmware.bin initrd.cpio rootfs.img)

print=0 verify=0
for a in "$@"; do
	case "$a" in
	--print) print=1 ;;
	--verify) verify=1 ;;
	*) die "usage: build-debian.sh [--print] [--verify]" ;;
	esac
done

# the kernel (linux-image-riscv64 names the real package) and OpenSBI 1.6
meta=$("$GUEST_TOOLS/fetch-trixie.sh" linux-image-riscv64)
kpkg=$(dpkg-deb -f "$(ls "$meta"/*.deb | head -n 1)" Depends | sed 's/[ ,].*//')
[ -n "$kpkg" ] || die "linux-image-riscv64 names no kernel package"
kdir=$("$GUEST_TOOLS/fetch-trixie.sh" "$kpkg")
sbi=$("$GUEST_TOOLS/fetch-trixie.sh" opensbi)
kernel=$(ls "$kdir"/boot/vmlinux-* 2>/dev/null | head -n 1)
[ -f "$kernel" ] || die "no /boot/vmlinux-* in $kdir"
kver=${kernel##*/vmlinux-}
moddir=$kdir/usr/lib/modules/$kver
[ -d "$moddir" ] || die "no modules $moddir"
firmware=$sbi/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
[ -f "$firmware" ] || die "no $firmware"
bb=$("$GUEST_TOOLS/build-busybox.sh" --print)

key=$(hash12 "${FILES[@]}" "-v$DEBIAN_BUILD_VERSION" "-$SUITE" "-$PACKAGES" "-$IMAGE_SIZE" \
	"-${ROOT_MODULES[*]}" "-${kdir##*/}" "-${sbi##*/}" "-$bb")
out=$CORDON_CACHE/debian-$key
stamp=$out/.cordon-complete

# check_stamp: the stamp matches the files (sizes; SHA-256 with --verify)
check_stamp() {
	local name size sum
	while read -r name size sum; do
		[ -f "$out/$name" ] || die "cache corrupt: $out/$name is missing (remove $out to rebuild)"
		[ "$(stat -c %s "$out/$name")" = "$size" ] ||
			die "cache corrupt: $out/$name has $(stat -c %s "$out/$name") bytes, the build wrote $size (remove $out to rebuild)"
		if [ $verify = 1 ]; then
			[ "$(sha256sum <"$out/$name" | cut -c1-64)" = "$sum" ] ||
				die "cache corrupt: $out/$name differs from the build's SHA-256 (remove $out to rebuild)"
		fi
	done <"$stamp"
	[ "$(wc -l <"$stamp")" = ${#STAMP_FILES[@]} ] || die "cache corrupt: $stamp is incomplete (remove $out to rebuild)"
}

if [ $print = 1 ]; then echo "$out"; exit 0; fi
if [ -f "$stamp" ]; then check_stamp; say "cached: $out"; echo "$out"; exit 0; fi

need_pkgs debootstrap debian-archive-keyring e2fsprogs cpio xz-utils qemu-system-misc
[ "$(id -u)" = 0 ] || die "debootstrap needs root (file owners and device nodes of the new system)"
bb=$("$GUEST_TOOLS/build-busybox.sh")
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ -f "$stamp" ]; then check_stamp; say "cached: $out"; echo "$out"; exit 0; fi
mirror=$(debian_mirror) || exit 1
log=$out/build.log
: >"$log"
t0=$(date +%s)
elapsed() { echo "$(($(date +%s) - t0)) s"; }
rm -rf "$out/root" "$out/initramfs" "${STAMP_FILES[@]/#/$out/}"

# --- 1. first stage on the host --------------------------------------------
say "[1/4] debootstrap --foreign: $SUITE riscv64, minbase + $PACKAGES (download and unpack)"
run "$log" debootstrap --foreign --arch=riscv64 --variant=minbase --include="$PACKAGES" \
	--keyring=/usr/share/keyrings/debian-archive-keyring.gpg "$SUITE" "$out/root" "$mirror"
say "      $(wc -w <"$out/root/debootstrap/required") required + $(wc -w <"$out/root/debootstrap/base") more packages unpacked ($(elapsed))"
# The second stage reads the archive's whole Packages file (54 MB for trixie
# riscv64) with perl several times: minutes in the emulated guest. It needs
# only the stanzas of the packages it installs (setup.sh removes the lists).
want=" $(cat "$out/root/debootstrap/required" "$out/root/debootstrap/base" | tr '\n' ' ') "
for f in "$out"/root/var/lib/apt/lists/*_Packages; do
	awk -v want="$want" 'BEGIN { RS = ""; ORS = "\n\n" }
		match($0, /^Package: [^\n]+/) { if (index(want, " " substr($0, 10, RLENGTH - 9) " ")) print }' \
		"$f" >"$f.tmp"
	[ "$(grep -c '^Package:' "$f.tmp")" -ge "$(echo $want | wc -w)" ] || die "trimming $f lost packages"
	mv "$f.tmp" "$f"
done
mkdir -p "$out/root/usr/lib/modules"
cp -a "$moddir" "$out/root/usr/lib/modules/"
install -m 0755 "$GUEST_TOOLS/debian/setup.sh" "$out/root/cordon-setup.sh"
# Time inside the emulated guest is what the build costs: no documentation
# or translations (dpkg path-exclude, kept in the image as in Debian's slim
# container images; the host's first stage already unpacked them: removed),
# and no fsync per file during the build (dpkg's force-unsafe-io, removed by
# setup.sh; the image is checked with e2fsck after a clean unmount).
cat >"$out/root/etc/dpkg/dpkg.cfg.d/cordon-excludes" <<'CFG'
# tools/guest/build-debian.sh: no documentation or translations in this test system
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
CFG
echo force-unsafe-io >"$out/root/etc/dpkg/dpkg.cfg.d/cordon-build-unsafe-io"
find "$out/root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
rm -rf "$out/root/usr/share/man" "$out/root/usr/share/info"
find "$out/root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +

# --- 2. the initramfs and the disk image ------------------------------------
say "[2/4] initramfs (busybox + ${ROOT_MODULES[*]}) and ext4 image ($IMAGE_SIZE, mkfs.ext4 -d)"
# module_path NAME: the module's file in the kernel package
module_path() {
	local p
	p=$(find "$moddir/kernel" \( -name "$1.ko.xz" -o -name "${1//_/-}.ko.xz" -o -name "$1.ko" \) | head -n 1)
	[ -n "$p" ] || die "module $1 not in $moddir"
	echo "$p"
}
# add_module NAME: its dependencies first, then NAME, once each
loaded=" "
add_module() {
	local m=$1 p deps d
	case "$loaded" in *" $m "*) return 0 ;; esac
	p=$(module_path "$m")
	deps=$(xz -dcf "$p" | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' ')
	for d in $deps; do add_module "$d"; done
	xz -dcf "$p" >"$out/initramfs/lib/modules/$m.ko"
	echo "$m" >>"$out/initramfs/lib/modules/load-order"
	loaded="$loaded$m "
}
mkdir -p "$out/initramfs"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,newroot,lib/modules}
for m in "${ROOT_MODULES[@]}"; do add_module "$m"; done
cp "$bb" "$out/initramfs/bin/busybox"
while IFS= read -r a; do
	case "$a" in /bin/*|/sbin/*|/usr/bin/*|/usr/sbin/*) ;; *) continue ;; esac
	[ -e "$out/initramfs$a" ] || ln -s /bin/busybox "$out/initramfs$a"
done <"$(dirname "$bb")/busybox.links"
install -m 0755 "$GUEST_TOOLS/debian/init" "$out/initramfs/init"
mknod -m 0600 "$out/initramfs/dev/console" c 5 1
(cd "$out/initramfs" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) >"$out/initrd.cpio.tmp"
mv "$out/initrd.cpio.tmp" "$out/initrd.cpio"
truncate -s "$IMAGE_SIZE" "$out/rootfs.img.tmp"
run "$log" mkfs.ext4 -q -F -L debian-root -d "$out/root" "$out/rootfs.img.tmp"
cp "$kernel" "$out/kernel.tmp" && mv "$out/kernel.tmp" "$out/kernel"
cp "$firmware" "$out/firmware.bin.tmp" && mv "$out/firmware.bin.tmp" "$out/firmware.bin"
say "      load order: $(tr '\n' ' ' <"$out/initramfs/lib/modules/load-order")($(elapsed))"

# --- 3. second stage inside the guest ---------------------------------------
say "[3/4] second stage in QEMU (natively, OpenSBI 1.6, 2 harts): dpkg configures every package"
say "      (the longest part; console in $out/setup.log, limit ${SETUP_TIMEOUT}s)"
set +e
timeout -k 5 "$SETUP_TIMEOUT" qemu-system-riscv64 -M virt -m 1G -smp 2 -nographic -monitor none -serial stdio \
	-bios "$out/firmware.bin" -kernel "$out/kernel" -initrd "$out/initrd.cpio" \
	-append "console=ttyS0 cordon.debian=setup" \
	-drive file="$out/rootfs.img.tmp",if=none,format=raw,id=hd0,cache=unsafe -device virtio-blk-device,drive=hd0 \
	</dev/null 2>&1 | tee "$out/setup.log" |
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		"I: Installing core packages..."|"I: Unpacking required packages..."|"I: Configuring required packages..."|\
		"I: Unpacking the base system..."|"I: Configuring the base system..."|"I: Base system installed successfully."|\
		"[setup]"*|cordon-initramfs:*|CORDON-SETUP-*)
			say "      $line ($(elapsed))" ;;
		"I: Unpacking "*|"I: Configuring "*)
			steps=$((${steps:-0} + 1))
			[ $((steps % 25)) != 0 ] || say "      ... $steps package steps (${line#I: }) ($(elapsed))" ;;
		esac
	done
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" != 0 ] || ! tr -d '\r' <"$out/setup.log" | grep -q '^CORDON-SETUP-OK'; then
	say "second stage failed (exit $rc$([ "$rc" = 124 ] && echo ": timeout after ${SETUP_TIMEOUT}s")); last 30 console lines:"
	tr -d '\r' <"$out/setup.log" | tail -n 30 | sed 's/^/  | /' >&2
	exit 1
fi

# --- 4. check and seal -------------------------------------------------------
say "[4/4] e2fsck and the stamp"
run "$log" e2fsck -fn "$out/rootfs.img.tmp"
mv "$out/rootfs.img.tmp" "$out/rootfs.img"
rm -rf "$out/root" "$out/initramfs"
for f in "${STAMP_FILES[@]}"; do
	printf '%s %s %s\n' "$f" "$(stat -c %s "$out/$f")" "$(sha256sum <"$out/$f" | cut -c1-64)"
done >"$stamp.tmp"
mv "$stamp.tmp" "$stamp"
say "done in $(elapsed): $out ($(du -sh --apparent-size "$out/rootfs.img" | cut -f1) image, $(du -sh "$out/rootfs.img" | cut -f1) used)"
echo "$out"
