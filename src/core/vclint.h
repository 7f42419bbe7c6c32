// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual CLINT, a device of the core (core/vclint.c), usable by any
 * policy. With it on, the CLINT is multiplexed (Priv §3.2.1 mtime and
 * mtimecmp; ACLINT MSWI): the firmware's msip and mtimecmp are virtual
 * (struct vclint), and
 *   physical mtimecmp = min(cordon's deadline, the firmware's if its mie.MTIE)
 *   physical msip     = the firmware's msip | a policy's requests pending,
 * so that each physical interrupt is either the firmware's (delivered to
 * it as before) or cordon's (served by the policies): the firmware reads
 * its own values in the CLINT and in mip.MSIP/MTIP, never cordon's.
 */
#ifndef CORDON_VCLINT_H
#define CORDON_VCLINT_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

#define NO_DEADLINE (~0ULL)

/* Set at boot (a policy needs it); never changes afterwards. */
extern bool vclint_on;
/* The CLINT's mtime (with the virtual CLINT on). */
extern const volatile uint64_t *vclint_mtime;

/* Boot hart, once, before any firmware runs: take over the CLINT if on. */
void vclint_init(bool on);

/* Guards a hart's fw_mtimecmp and deadline with its physical mtimecmp. */
static inline void vclint_lock(struct vclint *c)
{
	while (__atomic_exchange_n(&c->lock, 1U, __ATOMIC_ACQUIRE))
		;
}

static inline void vclint_unlock(struct vclint *c)
{
	__atomic_store_n(&c->lock, 0U, __ATOMIC_RELEASE);
}

/* With t's lock held: the physical mtimecmp of hart t from its two deadlines. */
static inline void vclint_program(struct hart *t)
{
	struct vclint *c = &t->clint;
	uint64_t fw = (t->v.mie & MIP_MTIP) ? c->fw_mtimecmp : NO_DEADLINE;

	c->mtie_seen = t->v.mie & MIP_MTIP;
	*c->mtimecmp = c->deadline < fw ? c->deadline : fw;
}

/* cordon's own deadline on h (NO_DEADLINE: none). */
static inline void vclint_set_deadline(struct hart *h, uint64_t deadline)
{
	vclint_lock(&h->clint);
	h->clint.deadline = deadline;
	vclint_program(h);
	vclint_unlock(&h->clint);
}

/* The firmware changed its virtual mie: follow mie.MTIE in the physical mtimecmp. */
void vclint_mie_changed(struct hart *h);
/* mip as the firmware sees it: msip and mtimecmp are its virtual ones. */
uint64_t vclint_virtual_mip(const struct hart *h, uint64_t mip);

/* Wake hart t for a policy's request already published: msip after the request. */
void vclint_kick(struct hart *t);
/*
 * h took an M software interrupt: its physical msip back to the firmware's
 * own value (the requests it was raised for are served next; whoever
 * publishes one afterwards raises it again).
 */
void vclint_ack(struct hart *h);

/* What became of a firmware access to the CLINT (vclint_access). */
enum clint_access {
	CLINT_DONE,	/* a register the core virtualizes: done */
	CLINT_FAULT,	/* a width or alignment the device refuses: access fault */
	CLINT_HARDWARE, /* not multiplexed: perform it on the device */
};
/*
 * A firmware load or store of width bytes at addr in the CLINT (*val: the
 * data stored, or the data loaded): its virtual msip and mtimecmp.
 */
enum clint_access vclint_access(uint64_t addr, unsigned width, bool store, uint64_t *val);

#endif
