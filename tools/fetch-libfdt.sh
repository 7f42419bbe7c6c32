#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Extract libfdt from Debian's linux-source-6.1 into the build cache (never
# into the checkout) and apply cordon's fixes to it, in order.
# Usage: fetch-libfdt.sh DESTDIR [PATCH...]
#   The Makefile names DESTDIR after the number of patches, so that a cache
#   made with fewer of them is not used.
set -eu
dest=$1
shift
[ -f "$dest/libfdt.h" ] && exit 0
tarball=/usr/src/linux-source-6.1.tar.xz
if [ ! -f "$tarball" ]; then
	echo "libfdt: installing linux-source-6.1 (Debian) for its scripts/dtc/libfdt"
	apt-get install -y --no-install-recommends linux-source-6.1 >/dev/null 2>&1 ||
		{ apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends linux-source-6.1 >/dev/null; } ||
		{ echo "libfdt: please install the Debian package linux-source-6.1" >&2; exit 1; }
fi
echo "libfdt: extracting from $tarball"
tmp=$(mktemp -d "${dest%/*}/libfdt.XXXXXX")
tar -xJf "$tarball" -C "$tmp" linux-source-6.1/scripts/dtc/libfdt
for p in "$@"; do
	echo "libfdt: applying $p"
	patch -s -p1 -d "$tmp/linux-source-6.1/scripts/dtc/libfdt" <"$p"
done
mkdir -p "$dest"
cp "$tmp"/linux-source-6.1/scripts/dtc/libfdt/* "$dest"/
rm -rf "$tmp"
