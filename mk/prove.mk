# SPDX-License-Identifier: BSD-2-Clause
# Deductive proofs of the vPMP isolation invariants (Frama-C WP, tests/proofs):
#   make prove    prove the ACSL contracts of src/core/vpmp.c with Z3 and CVC4;
#                 prints "PASS proofs/vpmp (N/M goals)" or "FAIL proofs/vpmp: ..."
# tests/proofs/run.sh installs the tools if missing (tools/deps.sh) and keeps
# its Why3 configuration and log in $(BUILD)/proofs.

.PHONY: prove
# The build's defines and include paths (CFLAGS), without the generated ones.
prove:
	@BUILD=$(abspath $(BUILD)) CPPFLAGS_PROVE="$(filter -D% -I%,$(filter-out -I$(BUILD)/gen,$(CFLAGS)))" \
		tests/proofs/run.sh
