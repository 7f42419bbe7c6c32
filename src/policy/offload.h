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
#include "../core/vclint.h"
#include "cordon/arch.h"
#include "cordon/riscv.h"

#define SBI_EXT_TIME 0x54494D45UL

/* Set at boot from the image flags; never changes afterwards. */
extern bool offload_on;

/* Boot hart, once, before any firmware runs (after vclint_init). */
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

/* Serve what other harts asked of this one, and the OS's timer. */
void offload_service(struct hart *h);
/* The same, only if another hart asked something (cheap check first). */
void offload_service_pending(struct hart *h);
/* Another hart asked something of t (an SSIP, a fence): t's msip stays raised. */
bool offload_work_pending(struct hart *t);
/* STATS=1: hart h's offloaded operations. */
void offload_print_stats(const struct hart *h);

/*
 * The hot parts, inline so that the trap's leaf dispatcher answers them
 * without a call: set_timer and the OS's timer interrupt. The OS's
 * deadline is cordon's own on the virtual CLINT (vclint.h).
 */

/* SBI TIME set_timer: program the next event, clear the pending one (SBI ch. 6). */
static inline void offload_set_timer(struct hart *h, uint64_t deadline)
{
	/* Sstc enabled by the firmware: the OS's timer is stimecmp (Sstc spec). */
	if (hw.has_sstc && (csr_read(0x30a /* menvcfg */) & MENVCFG_STCE)) {
		csr_write(0x14d /* stimecmp */, deadline);
		return;
	}
	csr_clear(mip, MIP_STIP);
	vclint_set_deadline(h, deadline);
}

/* The OS's deadline passed: its timer interrupt is pending (sip.STIP). */
static inline void offload_serve_timer(struct hart *h)
{
	if (h->clint.deadline == NO_DEADLINE || *vclint_mtime < h->clint.deadline)
		return;
	vclint_set_deadline(h, NO_DEADLINE);
	csr_set(mip, MIP_STIP);
	h->off.stat[OFFLOAD_STAT_TIMER_IRQ]++;
}

/* M timer interrupt while the OS runs: true if it was only cordon's. */
static inline bool offload_timer_irq(struct hart *h)
{
	offload_serve_timer(h);
	/* The firmware's own deadline, if it passed and is enabled, is its. */
	return !((h->v.mie & MIP_MTIP) && *vclint_mtime >= h->clint.fw_mtimecmp);
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
	h->off.stat[OFFLOAD_STAT_SET_TIMER]++;
	return true;
}

#endif
