// SPDX-License-Identifier: BSD-2-Clause
/*
 * The virtual CLINT (vclint.h): the firmware's msip and mtimecmp, and
 * cordon's own deadline and IPIs on the same physical registers.
 */
#include "vclint.h"

#include "../policy/policy.h"
#include "cordon/image.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "monitor.h"

bool vclint_on;
const volatile uint64_t *vclint_mtime;

static void fence_rw(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* RISC-V: fence rw, rw */
}

void vclint_init(bool on)
{
	vclint_on = on;
	if (!on)
		return;
	clint_init(&machine.clint);
	vclint_mtime = clint_mtime_reg();
	for (unsigned j = 0; j < machine.nharts; j++) {
		struct vclint *c = &harts[j].clint;
		c->mtimecmp = clint_mtimecmp_reg(j);
		c->fw_mtimecmp = *c->mtimecmp;
		c->fw_msip = clint_msip(j);
		c->deadline = NO_DEADLINE;
		/* Programmed when the hart enters the firmware (vclint_mie_changed):
		 * until then it may sleep in boot_wait on its own mtimecmp. */
		c->mtie_seen = ~0ULL;
	}
}

/* ---- the timer --------------------------------------------------------- */

void vclint_mie_changed(struct hart *h)
{
	if ((h->v.mie & MIP_MTIP) == h->clint.mtie_seen)
		return;
	vclint_lock(&h->clint);
	vclint_program(h);
	vclint_unlock(&h->clint);
}

uint64_t vclint_virtual_mip(const struct hart *h, uint64_t mip)
{
	mip &= ~(MIP_MSIP | MIP_MTIP);
	if (h->clint.fw_msip)
		mip |= MIP_MSIP;
	if (*vclint_mtime >= h->clint.fw_mtimecmp)
		mip |= MIP_MTIP;
	return mip;
}

/* ---- IPIs -------------------------------------------------------------- */

/*
 * Hart t's physical msip is fw_msip | (requests pending), kept without a
 * lock (a lock another hart must wait for is costly: under -icount QEMU
 * may deschedule its holder for a whole time slice). The rule: whoever
 * lowers msip re-reads, after a fence, what may need it high, and raises
 * it again if so; whoever needs it high raises it after publishing why.
 */
static void msip_lower(struct hart *t, uint32_t val)
{
	clint_set_msip((unsigned)t->hartid, val);
	if (val)
		return;
	fence_rw();
	if (__atomic_load_n(&t->clint.fw_msip, __ATOMIC_SEQ_CST) || policy_ipi_pending(t))
		clint_set_msip((unsigned)t->hartid, 1U);
}

void vclint_kick(struct hart *t)
{
	fence_rw();
	clint_set_msip((unsigned)t->hartid, 1U);
}

void vclint_ack(struct hart *h)
{
	clint_set_msip((unsigned)h->hartid, __atomic_load_n(&h->clint.fw_msip, __ATOMIC_SEQ_CST));
	fence_rw();
	if (__atomic_load_n(&h->clint.fw_msip, __ATOMIC_SEQ_CST))
		clint_set_msip((unsigned)h->hartid, 1U); /* raised meanwhile */
}

/* ---- the firmware's accesses ------------------------------------------- */

/* The byte at addr as the firmware sees it: its virtual msip and mtimecmp. */
static uint64_t fw_clint_byte(uint64_t addr)
{
	uint64_t off = addr - machine.clint.msip, cmp = addr - machine.clint.mtimecmp;

	if (off < 4ULL * machine.nharts)
		return (off & 3U) ? 0 : harts[off / 4U].clint.fw_msip;
	if (cmp < 8ULL * machine.nharts)
		return (harts[cmp / 8U].clint.fw_mtimecmp >> (8U * (cmp & 7U))) & 0xffU;
	return 0; /* reserved: the device reads 0 */
}

/*
 * The device's own rules (QEMU 7.2 ACLINT, as the hardware answers them):
 * msip takes 32-bit accesses only, mtimecmp 32- and 64-bit ones, naturally
 * aligned; anything else is an access fault.
 */
enum clint_access vclint_access(uint64_t addr, unsigned width, bool store, uint64_t *val)
{
	uint64_t off = addr - machine.clint.msip, cmp = addr - machine.clint.mtimecmp;
	bool msip = off < 4ULL * machine.nharts;
	struct hart *t;

	if (!msip && cmp >= 8ULL * machine.nharts)
		return CLINT_HARDWARE; /* the rest: the device's */
	/* ACLINT: MSWI takes 32-bit accesses, MTIMER 32- and 64-bit ones. */
	if (width < 4U || width > (msip ? 4U : 8U))
		return CLINT_FAULT;
	if (addr & (width - 1U)) {
		/* QEMU 7.2 refuses misaligned stores and composes misaligned loads
		 * from the bytes they cover (difftest/clint_widths). */
		uint64_t v = 0;
		if (store)
			return CLINT_FAULT;
		for (unsigned i = 0; i < width; i++)
			v |= fw_clint_byte(addr + i) << (8U * i);
		*val = v;
		return CLINT_DONE;
	}
	if (msip) {
		t = &harts[off / 4U];
		if (!store) {
			*val = t->clint.fw_msip;
			return CLINT_DONE;
		}
		/* cordon's requests pending keep msip set (see msip_lower). */
		__atomic_store_n(&t->clint.fw_msip, (uint32_t)(*val & 1U), __ATOMIC_SEQ_CST);
		fence_rw();
		msip_lower(t, (uint32_t)(*val & 1U));
		return CLINT_DONE;
	}
	t = &harts[cmp / 8U];
	{
		unsigned shift = (unsigned)(cmp & 7U) * 8U;
		uint64_t mask = (width == 8U) ? ~0ULL : 0xffffffffULL << shift;

		if (!store) {
			*val = (t->clint.fw_mtimecmp & mask) >> shift;
			return CLINT_DONE;
		}
		vclint_lock(&t->clint);
		t->clint.fw_mtimecmp = (t->clint.fw_mtimecmp & ~mask) | ((*val << shift) & mask);
		vclint_program(t);
		vclint_unlock(&t->clint);
	}
	return CLINT_DONE;
}
