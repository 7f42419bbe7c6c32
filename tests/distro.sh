#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# A real distribution under cordon (issue 11): Debian trixie riscv64 with
# systemd (tools/guest/build-debian.sh: Debian's 6.12 kernel, root
# filesystem on a virtio disk), on trixie's stock OpenSBI 1.6 (fw_dynamic),
# 2 harts, 1 GiB; natively (OpenSBI in real M-mode) and under cordon with
# the configuration of `make run OS=debian` (offload and protect-os). Each
# side logs in as root on the serial console, runs uname -a, nproc,
# `systemctl is-system-running --wait` (must say "running"), a transient
# timer unit (systemd-run --on-active=2s, AccuracySec=100ms: by default
# systemd may delay a timer by up to a minute to coalesce wake-ups, seen
# natively and under cordon alike) whose service must run (not before 2 s,
# within 30 s: a loaded 2-core host makes the emulated machine slow), and
# poweroff (QEMU must exit 0). The timer's journal is read once its
# service is inactive, without systemd's "Consumed 12ms CPU time" line (it
# varies, and is not always there). The result lines of the two sides must
# be identical; the boot time to the login prompt is printed for both.
. "$(dirname "$0")/lib.sh"
set -u
W=$BUILD/distro-tests
mkdir -p "$W"
export CORDON_CACHE=${CORDON_CACHE:-$HOME/.cache/cordon}
TIMEOUT=${DISTRO_TIMEOUT:-600}

echo "distro: building or finding the Debian system (first time: see README)" >&2
# DEBIAN_DIR=DIR: test that build of tools/guest/build-debian.sh instead
if [ -n "${DEBIAN_DIR:-}" ]; then
	D=$DEBIAN_DIR
	[ -f "$D/.cordon-complete" ] || { fail distro/build "DEBIAN_DIR=$D is not a complete build"; exit 0; }
elif ! D=$("$ROOT"/tools/guest/build-debian.sh --verify 2>"$W/build.err"); then
	fail distro/build "tools/guest/build-debian.sh failed" "$(tail -n 30 "$W/build.err")"
	exit 0
fi
IMG=$W/cordon-debian.img
if ! cordon_image "$D/firmware.bin" "$IMG" OFFLOAD=1 PROTECT=1 >"$W/image.out" 2>&1; then
	fail distro/image "make image FIRMWARE=$D/firmware.bin failed" "$(tail -n 10 "$W/image.out")"
	exit 0
fi

# The session typed after the login. Every result line starts with "@@";
# the markers are spelled "@""@" in what is typed, so that the echo of the
# command line never looks like a result.
PROMPT='root@debian:[^#]*# '
SESSION=(
	'dmesg -n 1; stty cols 200; echo "@""@shell $SHELL"'
	'echo "@""@uname $(uname -a)"; echo "@""@nproc $(nproc)"'
	'st=$(systemctl is-system-running --wait); echo "@""@state $st"; [ "$st" = running ] || systemctl --failed --no-legend --plain | sed "s/^/@""@failed /"'
	'rm -f /run/cordon-timer; t0=$(date +%s); systemd-run --quiet --unit=cordon-timer --on-active=2s --timer-property=AccuracySec=100ms /bin/touch /run/cordon-timer; echo "@""@timer-unit $(systemctl is-active cordon-timer.timer)"'
	'for i in $(seq 60); do [ -e /run/cordon-timer ] && break; sleep 0.5; done; d=$(( $(stat -c %Y /run/cordon-timer 2>/dev/null || echo -100) - t0 )); [ $d -ge 1 ] && [ $d -le 30 ] && echo "@""@timer ran, not before its 2 s" || echo "@""@timer did not run within 30 s (delay $d s)"'
	'for i in $(seq 40); do systemctl -q is-active cordon-timer.service || break; sleep 0.5; done; journalctl --sync; journalctl -b --no-pager -o cat -u cordon-timer.service | grep -v ": Consumed " | sed "s/^/@""@journal /"'
	'systemd-analyze 2>&1 | sed -n "s/^Startup finished in/@""@time systemd: startup finished in/p"'
	'poweroff'
)
args=(--expect 'login: ' --send root)
for s in "${SESSION[@]}"; do args+=(--expect "$PROMPT" --send "$s"); done

# boot SIDE BIOS: one session; SIDE.results holds its result lines,
# login_time[SIDE] the seconds to the login prompt
declare -A login_time
boot() {
	local side=$1 bios=$2 rc why="" login
	"$ROOT"/tools/qemu-expect.py --timeout "$TIMEOUT" --log "$W/$side.log" --stamps "$W/$side.stamps" \
		"${args[@]}" -- "$ROOT"/tools/guest/run-debian.sh --dir "$D" --bios "$bios" --smp 2 --mem 1G >"$W/$side.out" 2>&1
	rc=$?
	# the console without CRs and escape sequences (bash's bracketed paste)
	tr -d '\r' <"$W/$side.log" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' >"$W/$side.clean"
	grep '^@@' "$W/$side.clean" | grep -v '^@@time ' >"$W/$side.results"
	login=$(sed -n 's/^\([0-9.]*\) login: $/\1/p' "$W/$side.stamps" 2>/dev/null)
	login_time[$side]=${login:-?}
	grep -qx '@@state running' "$W/$side.results" || why="system not running: $(grep -m1 '^@@state' "$W/$side.results")"
	grep -qx '@@nproc 2' "$W/$side.results" || why="${why:+$why; }nproc is not 2"
	grep -qx '@@timer ran, not before its 2 s' "$W/$side.results" || why="${why:+$why; }the timer's service did not run"
	[ $rc = 0 ] || why="${why:+$why; }QEMU exited $rc"
	if [ -z "$why" ]; then
		pass "distro/$side (login after ${login}s, systemd running, timer unit ran, poweroff exit 0)"
	else
		fail "distro/$side" "$why" "$(cat "$W/$side.out")" "$(grep '^@@' "$W/$side.results" | head -n 20)" \
			"last console lines:" "$(tail -n 15 "$W/$side.clean" | sed 's/^/| /')"
	fi
}

boot native "$D/firmware.bin"
boot cordon "$IMG"

if [ -s "$W/native.results" ] && diff -u "$W/native.results" "$W/cordon.results" >"$W/compare.diff"; then
	pass "distro/compare ($(wc -l <"$W/cordon.results") result lines identical; boot to login: native ${login_time[native]}s, cordon ${login_time[cordon]}s)"
else
	fail distro/compare "cordon's results differ from native's" "$(head -n 30 "$W/compare.diff")"
fi
for side in native cordon; do
	echo "distro: $side: login prompt after ${login_time[$side]} s;$(sed -n 's/^@@time systemd:/ systemd:/p' "$W/$side.clean")" >&2
done
