#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Build busybox for the cordon guest: Debian's busybox source package
# (fetched with a private apt configuration that leaves the system's alone),
# defconfig + the changes below, static, riscv64-linux-gnu-. Cached in
# $CORDON_CACHE/busybox-<key>/{busybox,busybox.links}.
#
# usage: build-busybox.sh [--print]   (--print: only print the binary path)
set -euo pipefail
STAGE=busybox
source "$(dirname "$0")/lib.sh"

BUSYBOX_BUILD_VERSION=1
BUSYBOX_DEB_VERSION=1:1.35.0-4+deb12u1   # bookworm; falls back to the newest
JOBS=${JOBS:-$(nproc)}
# name=value applied to .config after defconfig ("n" = "is not set")
CONFIG_CHANGES=(
	CONFIG_STATIC=y
	'CONFIG_CROSS_COMPILER_PREFIX="riscv64-linux-gnu-"'
)
# (defconfig builds as it is with bookworm's cross headers, tc included)

key=$(hash12 "-v$BUSYBOX_BUILD_VERSION" "-$BUSYBOX_DEB_VERSION" "-${CONFIG_CHANGES[*]}")
out=$CORDON_CACHE/busybox-$key
bin=$out/busybox

if [ "${1:-}" = --print ]; then echo "$bin"; exit 0; fi
if [ -f "$bin" ]; then say "cached: $bin"; echo "$bin"; exit 0; fi

need_pkgs dpkg-dev gcc-riscv64-linux-gnu libc6-dev-riscv64-cross make gcc libc6-dev \
	debian-archive-keyring xz-utils
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ -f "$bin" ]; then say "cached: $bin"; echo "$bin"; exit 0; fi
log=$out/build.log
: >"$log"

# --- source: private apt config with a deb-src entry for bookworm main ----
mirror=$(debian_mirror) || exit 1
apt=$CORDON_CACHE/apt
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial"
cat >"$apt/sources.list.d/cordon-deb-src.sources" <<SRC
Types: deb-src
URIs: $mirror
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
APTO=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources.list.d"
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
	-o APT::Sandbox::User=root)

upstream=${BUSYBOX_DEB_VERSION#*:}; upstream=${upstream%-*}
srcroot=$CORDON_CACHE/src/busybox-${BUSYBOX_DEB_VERSION#*:}
if [ ! -f "$srcroot/.cordon-extracted" ]; then
	say "fetching Debian source busybox=$BUSYBOX_DEB_VERSION from $mirror"
	run "$log" apt-get "${APTO[@]}" update
	mkdir -p "$CORDON_CACHE/src"
	dl=$(mktemp -d "$CORDON_CACHE/src/.busybox.XXXXXX")
	if ! (cd "$dl" && apt-get "${APTO[@]}" source --download-only "busybox=$BUSYBOX_DEB_VERSION") >>"$log" 2>&1; then
		say "WARNING: busybox=$BUSYBOX_DEB_VERSION not on the mirror; using the newest bookworm version"
		(cd "$dl" && run "$log" apt-get "${APTO[@]}" source --download-only busybox)
	fi
	dsc=$(ls "$dl"/busybox_*.dsc | head -n1)
	[ -n "$dsc" ] || die "no .dsc downloaded"
	say "unpacking $(basename "$dsc") (with Debian's patches)"
	run "$log" dpkg-source --no-check -x "$dsc" "$dl/tree"
	rm -rf "$srcroot"
	mv "$dl/tree" "$srcroot"
	rm -rf "$dl"
	touch "$srcroot/.cordon-extracted"
fi

# --- configure and build out of tree ---------------------------------------
bld=$out/build
mkdir -p "$bld"
B=(make -C "$srcroot" O="$bld" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$JOBS")
say "config: defconfig + ${CONFIG_CHANGES[*]} (key $key, log $log)"
run "$log" "${B[@]}" defconfig
for c in "${CONFIG_CHANGES[@]}"; do
	name=${c%%=*}; val=${c#*=}
	sed -i -e "/^$name=/d" -e "/^# $name is not set/d" "$bld/.config"
	if [ "$val" = n ]; then echo "# $name is not set" >>"$bld/.config"
	else echo "$name=$val" >>"$bld/.config"; fi
done
run "$log" bash -c "yes '' | ${B[*]@Q} oldconfig"
say "compiling (about a minute; CORDON_VERBOSE=1 shows make output)"
start=$(date +%s)
run "$log" "${B[@]}"
say "compiled in $(( $(date +%s) - start )) s"
file -b "$bld/busybox" 2>/dev/null | grep -q 'statically linked' ||
	[ ! -x /usr/bin/file ] || die "busybox is not static: $(file -b "$bld/busybox")"
run "$log" "${B[@]}" busybox.links
cp "$bld/busybox.links" "$out/busybox.links"
cp "$bld/.config" "$out/config"
cp "$bld/busybox" "$bin.tmp" && mv "$bin.tmp" "$bin"
say "done: $bin ($(stat -c %s "$bin") bytes, $(wc -l <"$out/busybox.links") applets)"
echo "$bin"
