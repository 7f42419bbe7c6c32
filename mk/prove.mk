# SPDX-License-Identifier: BSD-2-Clause
# Deductive proofs of the core (Frama-C WP, tests/proofs; docs/testing.md):
#   make prove    prove the ACSL contracts, and the absence of runtime errors,
#                 of src/core/vpmp.c, vcsr.c, vtrap.c and decode.c with Z3
#                 and CVC4; per file "PASS proofs/<file> (N/N goals)" and
#                 "Proved goals: N / N (S s)", or "FAIL proofs/<file>: ..."
#                 (non-zero exit on any unproved goal)
# tests/proofs/run.sh installs the tools if missing (tools/deps.sh) and keeps
# its Why3 configuration, logs and cache in $(BUILD)/proofs.

.PHONY: prove
# The build's defines and include paths (CFLAGS), without the generated ones.
prove:
	@BUILD=$(abspath $(BUILD)) CPPFLAGS_PROVE="$(filter -D% -I%,$(filter-out -I$(BUILD)/gen,$(CFLAGS)))" \
		tests/proofs/run.sh
