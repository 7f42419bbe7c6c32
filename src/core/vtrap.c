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

static uint64_t set_mpp(uint64_t mstatus, unsigned mode)
{
	return (mstatus & ~MSTATUS_MPP) | ((uint64_t)mode << MSTATUS_MPP_SHIFT);
}

void vtrap_inject(struct hart *h, uint64_t cause, uint64_t tval, unsigned from_mode, bool from_virt)
{
	struct vcpu *v = &h->v;
	uint64_t ms = v->mstatus & ~(MSTATUS_MPIE | MSTATUS_MIE | MSTATUS_MPV | MSTATUS_GVA);

	if (v->mstatus & MSTATUS_MIE)
		ms |= MSTATUS_MPIE;
	if (hw.has_h && from_virt)
		ms |= MSTATUS_MPV;
	v->mstatus = set_mpp(ms, from_mode);
	v->mepc = h->pc;
	v->mcause = cause;
	v->mtval = tval;
	v->mtinst = 0;
	v->mtval2 = 0;
	h->pc = v->mtvec & ~MTVEC_MODE_MASK;
	/* §3.1.7: vectored mode applies to interrupts only. */
	if ((cause & MCAUSE_INTERRUPT) && (v->mtvec & MTVEC_MODE_MASK) == MTVEC_VECTORED)
		h->pc += 4U * (cause & ~MCAUSE_INTERRUPT);
}

int vtrap_pending_irq(const struct hart *h, uint64_t mip)
{
	/* Delegated interrupts, the hardware's read-only-one bits included, are
	 * never taken in M-mode (Priv §3.1.9). */
	uint64_t take = mip & h->v.mie & ~(h->v.mideleg | hw.mideleg_fixed);

	if (!(h->v.mstatus & MSTATUS_MIE) || take == 0)
		return -1;
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
uint64_t vtrap_firmware_mie(const struct hart *h)
{
	if (!(h->v.mstatus & MSTATUS_MIE))
		return 0;
	return h->v.mie & ~(h->v.mideleg | hw.mideleg_fixed);
}

unsigned vtrap_mret(struct hart *h, bool *virt)
{
	struct vcpu *v = &h->v;
	unsigned mpp = (unsigned)((v->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	uint64_t ms = v->mstatus & ~(MSTATUS_MIE | MSTATUS_MPV);

	*virt = mpp != PRV_M && (v->mstatus & MSTATUS_MPV) != 0;
	if (v->mstatus & MSTATUS_MPIE)
		ms |= MSTATUS_MIE;
	ms |= MSTATUS_MPIE;
	/* MPP <- least-privileged mode (U); MPRV <- 0 if leaving M (v1.12). */
	ms = set_mpp(ms, PRV_U);
	if (mpp != PRV_M)
		ms &= ~MSTATUS_MPRV;
	v->mstatus = ms;
	h->pc = v->mepc;
	return mpp;
}

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
