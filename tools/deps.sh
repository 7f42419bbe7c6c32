#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Install the Debian packages cordon needs, if missing (we may run as root);
# otherwise say exactly what to install. Usage: deps.sh [package...]
set -eu
missing=""
for p in "$@"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root; please run: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 $missing >/dev/null 2>&1 ||
	{ apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 $missing >/dev/null; } ||
	{ echo "deps: apt-get failed; please install:$missing" >&2; exit 1; }
