// SPDX-License-Identifier: BSD-2-Clause
/*
 * The small per-hart types of the core that the policies' per-hart state
 * (policy/state.h) embeds too: a set of harts, a guarded access's record.
 */
#ifndef CORDON_HART_BASE_H
#define CORDON_HART_BASE_H

#include <stdint.h>

#include "cordon/config.h"

/* A set of harts, one bit per hart id (0..MAX_HARTS-1). */
#define HARTSET_WORDS ((MAX_HARTS + 63) / 64)
struct hartset {
	uint64_t w[HARTSET_WORDS];
};

/* A trap taken by cordon itself inside a guarded access (see arch/guard). */
struct guard {
	uint64_t armed;
	uint64_t trapped;
	uint64_t cause;
	uint64_t tval;
	uint64_t scratch;
	uint64_t status; /* mstatus right after the trap (its GVA, Priv §9.4.1) */
	/* With H, read after the trap: mtval2 and mtinst (Priv §9.4.4, §9.4.5). */
	uint64_t tval2;
	uint64_t tinst;
};

#endif
