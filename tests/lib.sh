# SPDX-License-Identifier: BSD-2-Clause
# Shared helpers of the test scripts: time-limited QEMU runs and result lines.
# Every result is one line "PASS <suite>/<name>" or "FAIL <suite>/<name>: why";
# tests/run-all.sh counts them.

QEMU=${QEMU:-qemu-system-riscv64}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
OPENSBI_DIR=/usr/lib/riscv64-linux-gnu/opensbi/generic

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; shift 2; for l in "$@"; do echo "    $l"; done; }

# run_qemu TIMEOUT OUT [qemu args...]: console to OUT, returns QEMU's status
# (124 on timeout, after printing the last console lines). QEMU_MACHINE: -M
# (default virt).
run_qemu() {
	local t=$1 out=$2 rc
	shift 2
	timeout --foreground -k 5 "$t" "$QEMU" -M "${QEMU_MACHINE:-virt}" -nographic -monitor none -serial stdio "$@" \
		</dev/null >"$out" 2>&1
	rc=$?
	if [ $rc = 124 ]; then
		echo "    timeout after ${t}s; last console lines:"
		tail -n 20 "$out" | tr -d '\r' | sed 's/^/    | /'
	fi
	return $rc
}

# cordon_image FIRMWARE OUT [MAKE VARIABLES...]: build a cordon image for FIRMWARE.
cordon_image() {
	local fw=$1 out=$2
	shift 2
	make -s -C "$ROOT" image FIRMWARE="$fw" IMAGE="$out" "$@"
}

# strip_cordon FILE: the console without cordon's own lines and CRs.
strip_cordon() {
	tr -d '\r' <"$1" | grep -v '^\[cordon\]'
}
