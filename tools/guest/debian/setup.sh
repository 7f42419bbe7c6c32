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
# Emulated on a loaded 2-core host, udev's coldplug can take longer than
# systemd's default 90 s wait for a device: serial-getty@ttyS0 would then
# fail on dev-ttyS0.device (seen natively at a load of 9), and with it the
# login prompt.
mkdir -p /etc/systemd/system.conf.d
printf '# tools/guest/debian/setup.sh: slow emulated machines\n[Manager]\nDefaultDeviceTimeoutSec=600s\n' \
	>/etc/systemd/system.conf.d/cordon-device-timeout.conf
# what the ConditionNeedsUpdate units (ldconfig.service, the journal
# catalog, systemd-update-done) would do at the first boot, done once here:
# every boot starts from this image (snapshot=on), they would run each time
ldconfig
journalctl --update-catalog
/usr/lib/systemd/systemd-update-done
apt-get clean
# the build trimmed the package lists to what debootstrap installed: gone,
# as in Debian's container images (apt update fetches them)
find /var/lib/apt/lists -maxdepth 1 -type f -delete
rm -f /etc/dpkg/dpkg.cfg.d/cordon-build-unsafe-io
rm -f /cordon-setup.sh
echo "[setup] done"
