#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Run the host unit tests (cmocka, built with ASan/UBSan): one result line each.
. "$(dirname "$0")/lib.sh"
for t in "$@"; do
	name=$(basename "$t")
	if out=$("$t" 2>&1); then
		pass "unit/$name ($(echo "$out" | grep -c '\[       OK \]') cases)"
	else
		fail "unit/$name" "cmocka reported failures" "$(echo "$out" | grep -E 'FAILED|ERROR|error' | head -5)"
	fi
done
