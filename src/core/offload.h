// SPDX-License-Identifier: BSD-2-Clause
/*
 * The offload policy (make image OFFLOAD=1): cordon answers the hot SBI
 * calls whose semantics the SBI specification fixes, without entering the
 * virtualized firmware. See offload.c and docs/architecture.md.
 */
#ifndef CORDON_OFFLOAD_H
#define CORDON_OFFLOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

/* Set at boot from the image flags; never changes afterwards. */
extern bool offload_on;

/* Boot hart, once, before any firmware runs: take over the CLINT. */
void offload_init(void);

/*
 * A trap of the OS (only TRAP_FAST_REGS saved, mepc not loaded into
 * h->pc). Returns true when cordon answered it and the OS resumes at mepc;
 * false to forward it to the firmware as without offload.
 */
bool offload_os_trap(struct hart *h, uint64_t cause);

/* The physical mie while the OS runs: the firmware's, plus cordon's own. */
uint64_t offload_os_mie(const struct hart *h);

/* Serve what other harts asked of this one, and the OS's timer. */
void offload_service(struct hart *h);
/* The same, only if another hart asked something (cheap check first). */
void offload_service_pending(struct hart *h);

/* mip as the firmware sees it: msip and mtimecmp are its virtual ones. */
uint64_t offload_virtual_mip(const struct hart *h, uint64_t mip);

/* The firmware changed its virtual mie: follow mie.MTIE in the physical mtimecmp. */
void offload_mie_changed(struct hart *h);

/*
 * A firmware access to the CLINT at addr (width bytes). Returns true when
 * it was a register the policy virtualizes (msip, mtimecmp) and is done.
 */
bool offload_clint_access(struct hart *h, uint64_t addr, unsigned width, bool store, uint64_t *val);

#endif
