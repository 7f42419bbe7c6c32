# SPDX-License-Identifier: BSD-2-Clause
# Shared helpers for the cordon guest build scripts (sourced, not run):
# messages, Debian package checks, the cache location and logged commands.

CORDON_CACHE=${CORDON_CACHE:-$HOME/.cache/cordon}
GUEST_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GUEST_REPO=$(cd "$GUEST_TOOLS/../.." && pwd)

say()  { printf '[%s] %s\n' "${STAGE:-guest}" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "${STAGE:-guest}" "$*" >&2; exit 1; }

# need_pkgs PKG...: install the Debian packages that are missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing missing Debian packages: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root: apt-get install -y ${missing[*]}"
	# apt's output goes to stderr: stdout of the scripts carries only paths
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2; then
		say "install failed; running apt-get update and retrying"
		apt-get update >&2 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2 ||
			die "could not install: ${missing[*]}"
	fi
	for p in "${missing[@]}"; do
		dpkg -s "$p" >/dev/null 2>&1 || die "package still missing after install: $p"
	done
}

# hash12 FILE|-STRING...: 12 hex digits of sha256 over files and literal strings.
hash12() {
	local a
	for a in "$@"; do
		case "$a" in
		-*) printf '%s\n' "${a#-}" ;;
		*) printf '== %s\n' "$(basename "$a")"; cat "$a" ;;
		esac
	done | sha256sum | cut -c1-12
}

# run LOG CMD...: run CMD with its output appended to LOG (shown live when
# CORDON_VERBOSE=1); on failure print the tail of LOG and exit non-zero.
run() {
	local log=$1 rc=0; shift
	printf '\n$ %s\n' "$*" >>"$log"
	if [ "${CORDON_VERBOSE:-0}" = 1 ]; then
		"$@" 2>&1 | tee -a "$log" >&2; rc=${PIPESTATUS[0]}
	else
		"$@" >>"$log" 2>&1 || rc=$?
	fi
	if [ $rc -ne 0 ]; then
		printf '[%s] FAILED (exit %d): %s\n[%s] last 40 lines of %s:\n' \
			"${STAGE:-guest}" $rc "$*" "${STAGE:-guest}" "$log" >&2
		tail -n 40 "$log" >&2
		exit $rc
	fi
}

# Linux source version (part of every cache key that uses the source tree).
linux_src_version() { dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || echo none; }

# linux_src: print the extracted, pristine Linux source tree (extract once).
linux_src() {
	need_pkgs linux-source-6.1 xz-utils
	local v dir tmp
	v=$(linux_src_version)
	dir=$CORDON_CACHE/src/linux-source-6.1-$v
	if [ ! -f "$dir/.cordon-extracted" ]; then
		say "extracting /usr/src/linux-source-6.1.tar.xz ($v) into $dir"
		mkdir -p "$CORDON_CACHE/src"
		tmp=$(mktemp -d "$CORDON_CACHE/src/.linux.XXXXXX")
		tar -C "$tmp" -xJf /usr/src/linux-source-6.1.tar.xz || { rm -rf "$tmp"; die "extraction failed"; }
		rm -rf "$dir"
		mv "$tmp/linux-source-6.1" "$dir" && rmdir "$tmp"
		touch "$dir/.cordon-extracted"
	fi
	printf '%s\n' "$dir"
}

# debian_mirror: the Debian package mirror of the system's apt configuration
# (deb822 .sources first, then sources.list). It is never written in the
# repository: a machine without one gets a clear error.
debian_mirror() {
	local m
	m=$(sed -n 's/^URIs:[[:space:]]*\(http[^ ]*\/debian\)[[:space:]]*$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
	[ -n "$m" ] || m=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\(http[^ ]*\/debian\)[[:space:]].*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | head -n1)
	[ -n "$m" ] || die "no Debian mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list: configure apt first"
	echo "$m"
}
