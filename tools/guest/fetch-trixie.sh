#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Fetch one package of Debian trixie's riscv64 archive (e.g. opensbi 1.6,
# u-boot-qemu) with a private apt configuration that leaves the system's
# alone; the mirror is the one of the system's apt configuration. The .deb
# is unpacked in $CORDON_CACHE/trixie/PACKAGE_VERSION, kept from then on;
# prints that directory.
#
# usage: fetch-trixie.sh PACKAGE
set -euo pipefail
STAGE=trixie
source "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: fetch-trixie.sh PACKAGE"
pkg=$1
for d in "$CORDON_CACHE"/trixie/"${pkg}"_*; do
	if [ -f "$d/.cordon-extracted" ]; then say "cached: $d"; echo "$d"; exit 0; fi
done
need_pkgs debian-archive-keyring dpkg
mirror=$(debian_mirror) || exit 1
apt=$CORDON_CACHE/apt-trixie
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$CORDON_CACHE/trixie"
exec 9>"$apt/.lock"
flock 9
cat >"$apt/sources.list.d/cordon-trixie.sources" <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Architectures: riscv64
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
APTO=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources.list.d"
	-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::State::Status=/dev/null
	-o APT::Architecture=riscv64 -o APT::Architectures::=riscv64 -o APT::Sandbox::User=root)
log=$apt/fetch.log
say "reading trixie riscv64's package list from $mirror"
run "$log" apt-get "${APTO[@]}" update
ver=$(apt-cache "${APTO[@]}" show --no-all-versions "$pkg" 2>>"$log" | sed -n 's/^Version: //p' | head -n1)
[ -n "$ver" ] || die "no package $pkg in trixie riscv64 (see $log)"
dl=$(mktemp -d "$CORDON_CACHE/trixie/.dl.XXXXXX")
say "downloading $pkg $ver"
(cd "$dl" && run "$log" apt-get "${APTO[@]}" download "$pkg=$ver")
deb=$(ls "$dl"/*.deb | head -n1)
out=$CORDON_CACHE/trixie/${pkg}_${ver//:/%}
rm -rf "$out"
run "$log" dpkg-deb -x "$deb" "$out"
cp "$deb" "$out/"
rm -rf "$dl"
touch "$out/.cordon-extracted"
say "unpacked: $out"
echo "$out"
