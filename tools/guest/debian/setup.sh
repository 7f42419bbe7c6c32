#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs once inside the new Debian root filesystem (chroot, riscv64, in QEMU)
# after debootstrap's second stage: the settings a user of `make run
# OS=debian` expects. Copied to /cordon-setup.sh by tools/guest/build-debian.sh,
# removed at the end.
set -eu
echo "[setup] hostname, fstab, root without password, machine id, module index"
echo debian >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n::1\tlocalhost ip6-localhost ip6-loopback\n' >/etc/hosts
# the initramfs mounts / read-write: no fsck pass (systemd-fsck-root would skip it anyway)
printf '# <file system> <mount point> <type> <options> <dump> <pass>\n/dev/vda / ext4 rw,relatime,errors=remount-ro 0 0\n' >/etc/fstab
# root logs in on the serial console with an empty password (Debian's
# common-auth has pam_unix "nullok"): a throw-away test machine
passwd -d root
# a machine id now, so that no boot is a "first boot" (systemd-firstboot
# would ask questions on the console)
rm -f /etc/machine-id
systemd-machine-id-setup
# the kernel's modules were copied without their index (the package's
# postinst would run depmod)
for k in /usr/lib/modules/*; do
	depmod -a "${k##*/}"
done
apt-get clean
rm -f /cordon-setup.sh
echo "[setup] done"
