// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trap delivery and xRET for virtual M-mode (Priv §3.1.6.1, §3.1.7, §3.1.9,
 * §3.3.2). Pure logic on struct vcpu: the world switch is the caller's.
 */
#include "vtrap.h"

#include "cordon/arch.h"
#include "cordon/riscv.h"

/* Interrupt priority order of §3.1.9, highest first. */
static const uint8_t irq_priority[] = {
	IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER, IRQ_LCOF,
};

/* The mstatus fields a trap into M-mode writes (Priv §3.1.6.1, §9.4.1). */
#define TRAP_ENTRY_FIELDS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_GVA)
/* Those of the H extension (§9.4.1): MPV (the trap came from V=1), GVA (mtval is a guest VA). */
#define TRAP_H_FIELDS (MSTATUS_MPV | MSTATUS_GVA)

/*
 * The trap entry of Priv §3.1.6.1 (§9.4.1 for MPV and GVA) on mstatus: the
 * virtual mstatus after a trap into virtual M-mode from privilege mode,
 * given the one before: MIE := 0, MPIE := MIE, MPP := mode, MPV and GVA :=
 * those of hv, the physical mstatus the hardware wrote when it took the
 * trap to cordon (0 for a trap of the firmware's own but GVA of a guarded
 * access it faulted); every other bit unchanged. For the ACSL contracts
 * below (checked by Frama-C WP, tests/proofs); a macro, not an ACSL
 * predicate, so that WP compares the two terms directly.
 */
#define TRAP_ENTRY_MSTATUS(before, mode, hv)                                                       \
	(((before) & (uint64_t)~TRAP_ENTRY_FIELDS) |                                               \
	 (((before)&MSTATUS_MIE) != 0 ? MSTATUS_MPIE : 0) |                                        \
	 (uint64_t)((uint64_t)(mode) << MSTATUS_MPP_SHIFT) | (hv))

/*
 * The handler's address of §3.1.7: mtvec's BASE (MODE cleared) in direct
 * mode and for exceptions; BASE + 4 * cause for an interrupt in vectored mode.
 */
/*@ predicate trap_entry_pc(uint64_t mtvec, uint64_t cause, uint64_t pc) =
	((cause & MCAUSE_INTERRUPT) != 0 && (mtvec & MTVEC_MODE_MASK) == MTVEC_VECTORED ?
		pc == (uint64_t)((mtvec & (uint64_t)~MTVEC_MODE_MASK) +
				 (uint64_t)(4 * (cause & (uint64_t)~MCAUSE_INTERRUPT))) :
		pc == (mtvec & (uint64_t)~MTVEC_MODE_MASK));
*/

/* The virtual mstatus after a trap from privilege mode (Priv §3.1.6.1, §9.4.1). */
/*@ requires mode == PRV_U || mode == PRV_S || mode == PRV_M;
    requires (hv & (uint64_t)~TRAP_H_FIELDS) == 0;
    assigns \nothing;
    ensures \result == TRAP_ENTRY_MSTATUS(mstatus, mode, hv);
    ensures (\result & MSTATUS_MIE) == 0;
    ensures (\result & MSTATUS_MPIE) != 0 <==> (mstatus & MSTATUS_MIE) != 0;
    ensures (\result & MSTATUS_GVA) != 0 <==> (hv & MSTATUS_GVA) != 0;
    ensures (\result & MSTATUS_MPV) != 0 <==> (hv & MSTATUS_MPV) != 0;
*/
static uint64_t trap_mstatus(uint64_t mstatus, unsigned mode, uint64_t hv)
{
	return (mstatus & ~TRAP_ENTRY_FIELDS) | ((mstatus & MSTATUS_MIE) ? MSTATUS_MPIE : 0) |
	       ((uint64_t)mode << MSTATUS_MPP_SHIFT) | hv;
}

/* The handler's address for cause (Priv §3.1.7). */
/*@ assigns \nothing;
    ensures trap_entry_pc(mtvec, cause, \result);
*/
static uint64_t trap_pc(uint64_t mtvec, uint64_t cause)
{
	uint64_t pc = mtvec & ~MTVEC_MODE_MASK;

	/* §3.1.7: vectored mode applies to interrupts only. */
	if ((cause & MCAUSE_INTERRUPT) && (mtvec & MTVEC_MODE_MASK) == MTVEC_VECTORED)
		pc += 4U * (cause & ~MCAUSE_INTERRUPT);
	return pc;
}

/*
 * Trap entry (Priv §3.1.6.1, §3.1.7, §3.1.15-§3.1.17, §9.4.1, §9.4.4-§9.4.5):
 * the mstatus stack, mepc := the trapping pc, mcause := cause (bit 63 for
 * an interrupt), mtval := tval, pc := the handler; with H, mstatus.MPV and
 * GVA := hv's, mtval2 := tval2, mtinst := tinst. Callers (monitor.c,
 * world.c, access.c) pass what the hardware wrote when the trap reached
 * cordon, read before anything else could trap into M-mode:
 *  - a trap of the OS (from_mode h->os_mode, PRV_S or PRV_U): mtval,
 *    mstatus.MPV and GVA, and for a trap from V=1, with GVA or a
 *    guest-page fault mtval2 and mtinst (os_trap_entry in monitor.c); 0
 *    for both otherwise (mtval2 is 0 there, mtinst 0 is always legal);
 *  - a fault of an access cordon performed for the firmware (from_mode
 *    PRV_M): the guard's mtval, GVA, mtval2 and mtinst (access.c);
 *  - any other trap of the firmware's own: 0, 0, 0 (M-mode has V=0; its
 *    mtval is no guest virtual address).
 * The GVA rule (§9.4.1: GVA = 1 exactly when mtval holds a guest virtual
 * address) then holds of the virtual CSRs because it holds of the
 * hardware's: the virtual mtval is the hardware's and so is GVA. The
 * requires on hv hold at every caller: os_trap_entry masks MPV and GVA,
 * for a trap from S or U (os_mode); world_firmware_fault passes GVA alone;
 * the others pass 0.
 */
/*@ requires \valid(h);
    requires from_mode == PRV_U || from_mode == PRV_S || from_mode == PRV_M;
    requires (hv & (uint64_t)~TRAP_H_FIELDS) == 0;
    requires from_mode == PRV_M ==> (hv & MSTATUS_MPV) == 0;
    assigns h->v.mstatus, h->v.mepc, h->v.mcause, h->v.mtval, h->v.mtinst, h->v.mtval2, h->pc;
    ensures h->v.mstatus == TRAP_ENTRY_MSTATUS(\old(h->v.mstatus), from_mode, hv);
    ensures h->v.mepc == \old(h->pc);
    ensures h->v.mcause == cause;
    ensures h->v.mtval == tval;
    ensures gva_rule: (h->v.mstatus & MSTATUS_GVA) != 0 <==> (hv & MSTATUS_GVA) != 0;
    ensures mpv_rule: (h->v.mstatus & MSTATUS_MPV) != 0 <==> (hv & MSTATUS_MPV) != 0;
    ensures from_m: from_mode == PRV_M ==> (h->v.mstatus & MSTATUS_MPV) == 0;
    ensures h->v.mtval2 == tval2 && h->v.mtinst == tinst;
    ensures trap_entry_pc(h->v.mtvec, cause, h->pc);
*/
void vtrap_inject(struct hart *h, uint64_t cause, uint64_t tval, unsigned from_mode, uint64_t hv,
		  uint64_t tval2, uint64_t tinst)
{
	struct vcpu *v = &h->v;

	v->mstatus = trap_mstatus(v->mstatus, from_mode, hv);
	v->mepc = h->pc;
	v->mcause = cause;
	v->mtval = tval;
	v->mtinst = tinst;
	v->mtval2 = tval2;
	h->pc = trap_pc(v->mtvec, cause);
}

/*@ requires \valid_read(h);
    assigns \nothing;
    ensures -1 <= \result < 64;
*/
int vtrap_pending_irq(const struct hart *h, uint64_t mip)
{
	/* Delegated interrupts, the hardware's read-only-one bits included, are
	 * never taken in M-mode (Priv §3.1.9). */
	uint64_t take = mip & h->v.mie & ~(h->v.mideleg | hw.mideleg_fixed);

	if (!(h->v.mstatus & MSTATUS_MIE) || take == 0)
		return -1;
	/*@ loop invariant 0 <= i <= sizeof(irq_priority);
	    loop assigns i;
	    loop variant sizeof(irq_priority) - i;
	*/
	for (unsigned i = 0; i < sizeof(irq_priority); i++)
		if (take & BIT(irq_priority[i]))
			return irq_priority[i];
	return -1;
}

/*
 * The physical mie while the firmware runs. Invariant (security.md, I3):
 * it enables only interrupts that trap to M-mode, i.e. none of the bits
 * the hardware delegates whatever mideleg says (QEMU 7.2 with H: VSSIP,
 * VSTIP, VSEIP, SGEIP read-only one): an enabled one would be taken in
 * physical S-mode at a stvec the firmware chose, outside cordon. In
 * M-mode delegated interrupts are never taken anyway (Priv §3.1.9).
 */
/*@ requires \valid_read(h);
    assigns \nothing;
*/
uint64_t vtrap_firmware_mie(const struct hart *h)
{
	if (!(h->v.mstatus & MSTATUS_MIE))
		return 0;
	return h->v.mie & ~(h->v.mideleg | hw.mideleg_fixed);
}

/*
 * mret (§3.3.2, §3.1.6.1): the privilege becomes MPP; MIE := MPIE,
 * MPIE := 1, MPP := U (the least-privileged mode), MPV := 0, MPRV := 0 when
 * leaving M (v1.12); every other bit unchanged; the pc becomes mepc.
 */
#define MRET_MSTATUS(before)                                                                       \
	(((before) &                                                                               \
	  (uint64_t) ~(MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPV |                    \
		       (((before) >> MSTATUS_MPP_SHIFT & 3) != PRV_M ? MSTATUS_MPRV : 0))) |       \
	 (((before)&MSTATUS_MPIE) != 0 ? MSTATUS_MIE : 0) | MSTATUS_MPIE |                         \
	 (uint64_t)((uint64_t)PRV_U << MSTATUS_MPP_SHIFT))
/*@ requires \valid(h) && \valid(virt) && \separated(h, virt);
    assigns h->v.mstatus, h->pc, *virt;
    ensures \result == ((\old(h->v.mstatus) >> MSTATUS_MPP_SHIFT) & 3);
    ensures h->v.mstatus == MRET_MSTATUS(\old(h->v.mstatus));
    ensures (h->v.mstatus & MSTATUS_MIE) != 0 <==> (\old(h->v.mstatus) & MSTATUS_MPIE) != 0;
    ensures (h->v.mstatus & MSTATUS_MPIE) != 0;
    ensures (h->v.mstatus & MSTATUS_MPP) == 0;
    ensures (h->v.mstatus & MSTATUS_MPV) == 0;
    ensures h->pc == h->v.mepc;
*/
unsigned vtrap_mret(struct hart *h, bool *virt)
{
	struct vcpu *v = &h->v;
	unsigned mpp = (unsigned)((v->mstatus >> MSTATUS_MPP_SHIFT) & 3U);
	uint64_t clear = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPV |
			 (mpp != PRV_M ? MSTATUS_MPRV : 0);

	*virt = mpp != PRV_M && (v->mstatus & MSTATUS_MPV) != 0;
	/* MPP <- least-privileged mode (U = 0: cleared); MPRV <- 0 if leaving M (v1.12). */
	v->mstatus = (v->mstatus & ~clear) | ((v->mstatus & MSTATUS_MPIE) ? MSTATUS_MIE : 0) |
		     MSTATUS_MPIE;
	h->pc = v->mepc;
	return mpp;
}

/*@ requires \valid(h);
    assigns h->v.mstatus, h->v.fw_sstatus, h->pc;
    ensures \result == PRV_S || \result == PRV_U;
    ensures h->pc == sepc;
*/
unsigned vtrap_sret(struct hart *h, uint64_t sepc)
{
	/* With H, V <- hstatus.SPV is the caller's (Priv §9.2.1, sret). */
	struct vcpu *v = &h->v;
	/* protect-os: the firmware's own S fields, not the OS's (hart.h, hide_os). */
	uint64_t *s = v->hide_os ? &v->fw_sstatus : &v->mstatus;
	unsigned spp = (*s & MSTATUS_SPP) ? PRV_S : PRV_U;
	uint64_t ss = *s & ~(MSTATUS_SIE | MSTATUS_SPP);

	if (*s & MSTATUS_SPIE)
		ss |= MSTATUS_SIE;
	ss |= MSTATUS_SPIE;
	*s = ss;
	v->mstatus &= ~MSTATUS_MPRV;
	h->pc = sepc;
	return spp;
}
