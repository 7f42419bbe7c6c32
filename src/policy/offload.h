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

#include "../core/hart.h"
#include "cordon/arch.h"
#include "cordon/riscv.h"

#define SBI_EXT_TIME 0x54494D45UL
#define NO_DEADLINE (~0ULL)

/* Set at boot from the image flags; never changes afterwards. */
extern bool offload_on;
/* The CLINT's mtime (with offload on). */
extern const volatile uint64_t *offload_mtime;

/* Boot hart, once, before any firmware runs: take over the CLINT. */
void offload_init(void);

/*
 * A trap of the OS that offload_fast did not answer (only TRAP_FAST_REGS
 * saved, mepc not loaded into h->pc). Returns true when cordon answered it
 * and the OS resumes at mepc; false to forward it to the firmware as
 * without offload.
 */
bool offload_os_trap(struct hart *h, uint64_t cause);

/* The physical mie while the OS runs: the firmware's, plus cordon's own. */
uint64_t offload_os_mie(const struct hart *h);

/* Wake hart t (its msip) for a request already published. */
void offload_kick(struct hart *t);
/* Serve what other harts asked of this one, and the OS's timer. */
void offload_service(struct hart *h);
/* The same, only if another hart asked something (cheap check first). */
void offload_service_pending(struct hart *h);

/* mip as the firmware sees it: msip and mtimecmp are its virtual ones. */
uint64_t offload_virtual_mip(const struct hart *h, uint64_t mip);

/* The firmware changed its virtual mie: follow mie.MTIE in the physical mtimecmp. */
void offload_mie_changed(struct hart *h);

/* What became of a firmware access to the CLINT (offload_clint_access). */
enum clint_access {
	CLINT_DONE,	/* a register the policy virtualizes: done */
	CLINT_FAULT,	/* a width or alignment the device refuses: access fault */
	CLINT_HARDWARE, /* not multiplexed: perform it on the device */
};

/*
 * A firmware access to the CLINT at addr (width bytes, naturally aligned or
 * not). The device's own rules (QEMU 7.2 ACLINT, as the hardware answers
 * them): msip takes 32-bit accesses only, mtimecmp 32- and 64-bit ones,
 * naturally aligned; anything else is an access fault.
 */
enum clint_access offload_clint_access(struct hart *h, uint64_t addr, unsigned width, bool store,
				       uint64_t *val);

/*
 * The hot parts, inline so that the trap's leaf dispatcher answers them
 * without a call: set_timer and the OS's timer interrupt.
 */

/* Guards a hart's fw_mtimecmp and os_timer with its physical mtimecmp. */
static inline void hart_lock(struct offload *o)
{
	while (__atomic_exchange_n(&o->lock, 1U, __ATOMIC_ACQUIRE))
		;
}

static inline void hart_unlock(struct offload *o)
{
	__atomic_store_n(&o->lock, 0U, __ATOMIC_RELEASE);
}

/* With t's lock held: the physical mtimecmp of hart t (see offload.c). */
static inline void timer_program(struct hart *t)
{
	struct offload *o = &t->off;
	uint64_t fw = (t->v.mie & MIP_MTIP) ? o->fw_mtimecmp : NO_DEADLINE;

	o->mtie_seen = t->v.mie & MIP_MTIP;
	*o->mtimecmp = o->os_timer < fw ? o->os_timer : fw;
}

static inline void set_os_timer(struct hart *h, uint64_t deadline)
{
	hart_lock(&h->off);
	h->off.os_timer = deadline;
	timer_program(h);
	hart_unlock(&h->off);
}

/* SBI TIME set_timer: program the next event, clear the pending one (SBI ch. 6). */
static inline void offload_set_timer(struct hart *h, uint64_t deadline)
{
	/* Sstc enabled by the firmware: the OS's timer is stimecmp (Sstc spec). */
	if (hw.has_sstc && (csr_read(0x30a /* menvcfg */) & MENVCFG_STCE)) {
		csr_write(0x14d /* stimecmp */, deadline);
		return;
	}
	csr_clear(mip, MIP_STIP);
	set_os_timer(h, deadline);
}

/* The OS's deadline passed: its timer interrupt is pending (sip.STIP). */
static inline void offload_serve_timer(struct hart *h)
{
	if (h->off.os_timer == NO_DEADLINE || *offload_mtime < h->off.os_timer)
		return;
	set_os_timer(h, NO_DEADLINE);
	csr_set(mip, MIP_STIP);
	h->stat_offload[OFFLOAD_STAT_TIMER_IRQ]++;
}

/* M timer interrupt while the OS runs: true if it was only cordon's. */
static inline bool offload_timer_irq(struct hart *h)
{
	offload_serve_timer(h);
	/* The firmware's own deadline, if it passed and is enabled, is its. */
	return !((h->v.mie & MIP_MTIP) && *offload_mtime >= h->off.fw_mtimecmp);
}

/* The hot OS traps (the rest: offload_os_trap). True: answered, resume the OS. */
static inline __attribute__((always_inline)) bool offload_fast(struct hart *h, uint64_t cause)
{
	uint64_t *a = &h->regs[10]; /* a0..a7 */

	if (cause == (MCAUSE_INTERRUPT | IRQ_M_TIMER))
		return offload_timer_irq(h);
	/* ecall from HS-mode (V=0: from VS-mode it is cause 10). */
	if (cause != CAUSE_ECALL_S || a[7] != SBI_EXT_TIME || a[6] != 0)
		return false;
	offload_set_timer(h, a[0]);
	a[0] = 0; /* SBI_SUCCESS */
	a[1] = 0;
	csr_write(mepc, csr_read(mepc) + 4);
	h->stat_offload[OFFLOAD_STAT_SET_TIMER]++;
	return true;
}

#endif
