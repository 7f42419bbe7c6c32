#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Build the cordon guest kernel: Linux 6.1 from Debian's linux-source-6.1,
# tinyconfig + tools/guest/linux.config, ARCH=riscv Image. The result is
# cached in $CORDON_CACHE/linux-<key>/Image, where <key> hashes the config
# fragment, this script's version and the source version.
#
# usage: build-linux.sh [--print]   (--print: only print the Image path)
set -euo pipefail
STAGE=linux
source "$(dirname "$0")/lib.sh"

LINUX_BUILD_VERSION=1          # bump to force a rebuild after script changes
JOBS=${JOBS:-$(nproc)}
FRAGMENT=$GUEST_TOOLS/linux.config

key=$(hash12 "$FRAGMENT" "-v$LINUX_BUILD_VERSION" "-src$(linux_src_version)")
out=$CORDON_CACHE/linux-$key
image=$out/Image

if [ "${1:-}" = --print ]; then
	echo "$image"; exit 0
fi

if [ -f "$image" ]; then
	say "cached: $image"
	echo "$image"; exit 0
fi

need_pkgs linux-source-6.1 xz-utils gcc-riscv64-linux-gnu gcc make bc bison flex libc6-dev
src=$(linux_src)
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ -f "$image" ]; then   # built by someone else while we waited
	say "cached: $image"; echo "$image"; exit 0
fi

bld=$out/build
log=$out/build.log
: >"$log"
K=(make -C "$src" O="$bld" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$JOBS")

say "config: tinyconfig + $(basename "$FRAGMENT") (key $key, log $log)"
run "$log" "${K[@]}" tinyconfig
run "$log" env ARCH=riscv "$src/scripts/kconfig/merge_config.sh" -m -O "$bld" \
	"$bld/.config" "$FRAGMENT"
run "$log" "${K[@]}" olddefconfig

# Every option of the fragment must have survived olddefconfig.
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)                  # must be there exactly
		name=${line%%=*}
		grep -qx -- "$line" "$bld/.config" && continue ;;
	"# CONFIG_"*" is not set")   # must not be set
		name=${line#\# }; name=${name%% *}
		grep -q "^$name=" "$bld/.config" || continue ;;
	*) continue ;;
	esac
	say "fragment option lost: $line (final: $(grep -E "^(# )?$name[= ]" "$bld/.config" || echo absent))"
	bad=1
done <"$FRAGMENT"
[ $bad -eq 0 ] || die "config fragment not applied; fix $FRAGMENT"

say "compiling Image with $JOBS jobs (a few minutes; CORDON_VERBOSE=1 shows make output)"
start=$(date +%s)
run "$log" "${K[@]}" Image
say "compiled in $(( $(date +%s) - start )) s"

cp "$bld/.config" "$out/config"
cp "$bld/arch/riscv/boot/Image" "$image.tmp" && mv "$image.tmp" "$image"
say "done: $image ($(stat -c %s "$image") bytes)"
echo "$image"
