// SPDX-License-Identifier: BSD-2-Clause
/*
 * The offload policy (make image OFFLOAD=1): cordon answers, in the OS's
 * trap and without a world switch, the hot calls whose result the SBI
 * specification (v1.0) fixes:
 *  - TIME set_timer (ch. 6): stimecmp when the firmware enabled Sstc
 *    (menvcfg.STCE), else a per-hart OS deadline on the CLINT;
 *  - IPI send_ipi (ch. 7): sip.SSIP on every target;
 *  - RFENCE remote fence.i / sfence.vma / sfence.vma.asid (ch. 8): every
 *    target flushes (all of its TLB and instruction cache: a superset of
 *    the range asked), and the call returns once all of them have;
 *  - a misaligned AMO/LR/SC the OS made: redirected to S-mode, as the
 *    firmware would (plain misaligned loads/stores still go to it).
 * Not a trapped `rdtime`: whether the firmware emulates it is its own
 * choice (it may clear mcounteren.TM to see the trap; difftest counteren).
 * A call is offloaded only when its outcome is certain: every target hart
 * exists and runs the OS (a stopped or busy one is the firmware's to
 * judge), no hypervisor guest (V=1) made it, the registers it names are at
 * hand. Everything else goes to the firmware exactly as without offload.
 * The OS sees the same results, only sooner; the firmware no longer sees
 * these calls (so e.g. its SBI PMU firmware-event counters skip them).
 *
 * The CLINT is multiplexed (Priv §3.2.1 mtime/mtimecmp, ACLINT MSWI): the
 * firmware's msip and mtimecmp become virtual (struct offload), and
 *   physical mtimecmp = min(OS deadline, firmware's if its mie.MTIE is set)
 *   physical msip     = firmware's msip | requests of other harts pending,
 * so each physical interrupt is either the firmware's (delivered to it as
 * before) or cordon's (served here): the firmware reads its own values in
 * the CLINT and in mip.MSIP/MTIP, and never sees cordon's.
 */
#include "offload.h"

#include "../arch/riscv/arch_riscv.h"
#include "../core/monitor.h"
#include "cordon/arch.h"
#include "cordon/image.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"

#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464E43UL
#define SBI_RFENCE_FENCE_I 0
#define SBI_RFENCE_SFENCE_VMA_ASID 2

/* struct offload.work: bit n = hart n waits for a fence here; then: */
#define OFFLOAD_WORK_FENCE_MASK ((1ULL << MAX_HARTS) - 1U)
#define OFFLOAD_WORK_SSIP (1ULL << MAX_HARTS)

#define OP_AMO 0x2fU

bool offload_on;
const volatile uint64_t *offload_mtime;

static void fence_rw(void)
{
	__asm__ volatile("fence rw, rw" : : : "memory");
}

static void flush_local(void)
{
	__asm__ volatile("sfence.vma\n\tfence.i" : : : "memory");
}

/* ---- timer (the hot parts are inline in offload.h) ----------------------- */

void offload_mie_changed(struct hart *h)
{
	if ((h->v.mie & MIP_MTIP) == h->off.mtie_seen)
		return;
	hart_lock(&h->off);
	timer_program(h);
	hart_unlock(&h->off);
}

/* ---- cordon's IPIs ----------------------------------------------------- */

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
	if (__atomic_load_n(&t->off.fw_msip, __ATOMIC_SEQ_CST) ||
	    __atomic_load_n(&t->off.work, __ATOMIC_SEQ_CST))
		clint_set_msip((unsigned)t->hartid, 1U);
}

/* Ask hart t for work: the request first, then msip. */
static void post(struct hart *t, uint64_t work)
{
	__atomic_fetch_or(&t->off.work, work, __ATOMIC_SEQ_CST);
	fence_rw();
	clint_set_msip((unsigned)t->hartid, 1U);
}

void offload_service(struct hart *h)
{
	uint64_t work, fences;

	/* msip back to the firmware's own value, then the requests. */
	clint_set_msip((unsigned)h->hartid, __atomic_load_n(&h->off.fw_msip, __ATOMIC_SEQ_CST));
	fence_rw();
	if (__atomic_load_n(&h->off.fw_msip, __ATOMIC_SEQ_CST))
		clint_set_msip((unsigned)h->hartid, 1U); /* raised meanwhile */
	work = __atomic_load_n(&h->off.work, __ATOMIC_SEQ_CST);
	if (work & OFFLOAD_WORK_SSIP) {
		__atomic_fetch_and(&h->off.work, ~OFFLOAD_WORK_SSIP, __ATOMIC_SEQ_CST);
		csr_set(mip, MIP_SSIP);
	}
	fences = work & OFFLOAD_WORK_FENCE_MASK;
	if (fences) {
		flush_local();
		__atomic_fetch_and(&h->off.work, ~fences, __ATOMIC_SEQ_CST);
		fence_rw();
		/* Wake the waiting senders (their wfi, see sbi_rfence). */
		for (unsigned s = 0; s < MAX_HARTS; s++)
			if (fences & BIT(s))
				clint_set_msip(s, 1U);
	}
	if (work)
		h->stat_offload[OFFLOAD_STAT_IPI_IRQ]++;
	offload_serve_timer(h);
}

void offload_service_pending(struct hart *h)
{
	if (__atomic_load_n(&h->off.work, __ATOMIC_RELAXED))
		offload_service(h);
}

/*
 * The harts an SBI hart mask names (SBI v1.0 §3.1: hart_mask_base = -1
 * means all harts), if cordon may answer for all of them: each exists and
 * runs the OS. Otherwise the firmware decides (and reports errors).
 */
static bool offload_targets(uint64_t mask, uint64_t base, uint64_t *targets)
{
	uint64_t all = BIT(machine.nharts) - 1U, t;

	if (base == ~0ULL) {
		t = all;
	} else {
		if (base >= MAX_HARTS || (base && (mask >> (64U - base))))
			return false;
		t = mask << base;
	}
	if (t & ~all)
		return false;
	for (unsigned j = 0; j < machine.nharts; j++)
		if ((t & BIT(j)) && __atomic_load_n(&harts[j].world, __ATOMIC_ACQUIRE) != WORLD_OS)
			return false;
	*targets = t;
	return true;
}

/* SBI IPI send_ipi (SBI ch. 7): sip.SSIP on every target. */
static bool sbi_send_ipi(struct hart *h, uint64_t mask, uint64_t base)
{
	uint64_t t;

	if (!offload_targets(mask, base, &t))
		return false;
	for (unsigned j = 0; j < machine.nharts; j++) {
		if (!(t & BIT(j)))
			continue;
		if (j == h->hartid)
			csr_set(mip, MIP_SSIP);
		else
			post(&harts[j], OFFLOAD_WORK_SSIP);
	}
	return true;
}

static bool fences_done(const struct hart *h, uint64_t t)
{
	for (unsigned j = 0; j < machine.nharts; j++)
		if ((t & BIT(j)) &&
		    (__atomic_load_n(&harts[j].off.work, __ATOMIC_ACQUIRE) & BIT(h->hartid)))
			return false;
	return true;
}

/*
 * SBI RFENCE (SBI ch. 8): every target flushes; return when all have. While
 * it waits the hart sleeps on its msip (the targets wake it), and serves the
 * requests of others so that two harts fencing each other both finish.
 */
static bool sbi_rfence(struct hart *h, uint64_t mask, uint64_t base)
{
	uint64_t t, mie;

	if (!offload_targets(mask, base, &t))
		return false;
	if (t & BIT(h->hartid))
		flush_local(); /* this hart: a local fence needs no wait */
	t &= ~BIT(h->hartid);
	if (t == 0)
		return true;
	for (unsigned j = 0; j < machine.nharts; j++)
		if (t & BIT(j))
			post(&harts[j], BIT(h->hartid));
	mie = csr_swap(mie, MIP_MSIP);
	for (;;) {
		offload_service(h);
		if (fences_done(h, t))
			break;
		wfi();
	}
	csr_write(mie, mie);
	return true;
}

/* ---- the OS's traps ---------------------------------------------------- */

/*
 * What the firmware does with a trap it does not handle (and OpenSBI with
 * a misaligned AMO): redirect it to S-mode, as the hardware would have had
 * medeleg delegated it (Priv §4.1.1 sstatus; with H, Priv §9.4.1: a trap
 * into HS-mode from V=0 clears hstatus.SPV and GVA, and htval/htinst).
 */
static void redirect_to_s(uint64_t cause, uint64_t tval)
{
	uint64_t ms = csr_read(mstatus);
	uint64_t from_s = ((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == PRV_S;

	csr_write(0x141 /* sepc */, csr_read(mepc));
	csr_write(0x142 /* scause */, cause);
	csr_write(0x143 /* stval */, tval);
	if (hw.has_h) {
		csr_clear(0x600 /* hstatus */, HSTATUS_SPV | HSTATUS_GVA);
		csr_write(0x643 /* htval */, 0);
		csr_write(0x64a /* htinst */, 0);
	}
	ms &= ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MPP);
	if (from_s)
		ms |= MSTATUS_SPP;
	if (csr_read(mstatus) & MSTATUS_SIE)
		ms |= MSTATUS_SPIE;
	ms |= (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	csr_write(mstatus, ms);
	/* §4.1.2: vectored stvec applies to interrupts only. */
	csr_write(mepc, csr_read(0x105 /* stvec */) & ~3ULL);
}

/* Read the OS's instruction at pc with its translation (MPRV, MXR). */
static bool fetch_os_insn(struct hart *h, uint64_t pc, uint32_t *bits)
{
	uint64_t ms = csr_read(mstatus), lo, hi = 0;

	ms |= MSTATUS_MPRV | MSTATUS_MXR;

	if (!hw_mem_load(h, pc, 2, false, ms, &lo))
		return false;
	if ((lo & 3U) == 3U && !hw_mem_load(h, pc + 2, 2, false, ms, &hi))
		return false;
	*bits = (uint32_t)(lo | (hi << 16));
	return true;
}

static bool offload_misaligned(struct hart *h, uint64_t cause)
{
	uint32_t bits;

	if (!fetch_os_insn(h, csr_read(mepc), &bits) || (bits & 0x7fU) != OP_AMO)
		return false;
	redirect_to_s(cause, csr_read(mtval));
	h->stat_offload[OFFLOAD_STAT_MISALIGNED]++;
	return true;
}

static bool offload_sbi(struct hart *h)
{
	uint64_t *a = &h->regs[10]; /* a0..a7 */
	uint64_t eid = a[7], fid = a[6];
	enum offload_stat what;

	/* TIME set_timer: answered by offload_fast already. */
	if (eid == SBI_EXT_IPI && fid == 0) {
		if (!sbi_send_ipi(h, a[0], a[1]))
			return false;
		what = OFFLOAD_STAT_SEND_IPI;
	} else if (eid == SBI_EXT_RFENCE && fid <= SBI_RFENCE_SFENCE_VMA_ASID) {
		if (!sbi_rfence(h, a[0], a[1]))
			return false;
		what = OFFLOAD_STAT_RFENCE;
	} else {
		return false;
	}
	a[0] = 0; /* SBI_SUCCESS */
	a[1] = 0; /* value: 0, as OpenSBI returns it */
	csr_write(mepc, csr_read(mepc) + 4);
	h->stat_offload[what]++;
	return true;
}

bool offload_os_trap(struct hart *h, uint64_t cause)
{
	switch (cause) {
	case CAUSE_ECALL_S:
		return offload_sbi(h);
	case MCAUSE_INTERRUPT | IRQ_M_SOFT:
		offload_service(h);
		if (!h->off.fw_msip)
			return true;
		if (h->v.mie & MIP_MSIP)
			return false; /* the firmware's own IPI: deliver it */
		/* Pending but masked for the firmware: no more MSIs until it unmasks. */
		h->mie_phys &= ~MIP_MSIP;
		csr_write(mie, h->mie_phys);
		return true;
	case CAUSE_MISALIGNED_LOAD:
	case CAUSE_MISALIGNED_STORE:
		/* From a hypervisor's guest (V=1): the firmware's business. An
		 * ecall from VS-mode is cause 10, and cordon's own interrupts
		 * must be served whatever the OS runs (else its IPI never ends). */
		if (csr_read(mstatus) & MSTATUS_MPV)
			return false;
		return offload_misaligned(h, cause);
	default:
		return false;
	}
}

uint64_t offload_os_mie(const struct hart *h)
{
	uint64_t mie = h->v.mie | MIP_MTIP | MIP_MSIP;

	/* The firmware's own IPI pending but masked: see offload_os_trap. */
	if (h->off.fw_msip && !(h->v.mie & MIP_MSIP))
		mie &= ~MIP_MSIP;
	return mie;
}

uint64_t offload_virtual_mip(const struct hart *h, uint64_t mip)
{
	mip &= ~(MIP_MSIP | MIP_MTIP);
	if (h->off.fw_msip)
		mip |= MIP_MSIP;
	if (*offload_mtime >= h->off.fw_mtimecmp)
		mip |= MIP_MTIP;
	return mip;
}

/* ---- the firmware's CLINT ---------------------------------------------- */

/* Byte off of the CLINT as the firmware sees it: its virtual msip and mtimecmp. */
static uint64_t fw_clint_byte(uint64_t off)
{
	uint64_t cmp = off - PLAT_CLINT_MTIMECMP;

	if (off < PLAT_CLINT_MSIP + 4ULL * machine.nharts)
		return (off & 3U) ? 0 : harts[off / 4U].off.fw_msip;
	if (cmp < 8ULL * machine.nharts)
		return (harts[cmp / 8U].off.fw_mtimecmp >> (8U * (cmp & 7U))) & 0xffU;
	return 0; /* reserved: the device reads 0 */
}

enum clint_access offload_clint_access(struct hart *h, uint64_t addr, unsigned width, bool store,
				       uint64_t *val)
{
	uint64_t off = addr - machine.clint_base, cmp = off - PLAT_CLINT_MTIMECMP;
	bool msip = off < PLAT_CLINT_MSIP + 4ULL * machine.nharts;
	struct hart *t;

	(void)h;
	if (!msip && cmp >= 8ULL * machine.nharts)
		return CLINT_HARDWARE; /* the rest: the device's */
	/* ACLINT: MSWI takes 32-bit accesses, MTIMER 32- and 64-bit ones. */
	if (width < 4U || width > (msip ? 4U : 8U))
		return CLINT_FAULT;
	if (off & (width - 1U)) {
		/* QEMU 7.2 refuses misaligned stores and composes misaligned loads
		 * from the bytes they cover (difftest/clint_widths). */
		uint64_t v = 0;
		if (store)
			return CLINT_FAULT;
		for (unsigned i = 0; i < width; i++)
			v |= fw_clint_byte(off + i) << (8U * i);
		*val = v;
		return CLINT_DONE;
	}
	if (msip) {
		t = &harts[off / 4U];
		if (!store) {
			*val = t->off.fw_msip;
			return CLINT_DONE;
		}
		/* cordon's requests pending keep msip set (see msip_lower). */
		__atomic_store_n(&t->off.fw_msip, (uint32_t)(*val & 1U), __ATOMIC_SEQ_CST);
		fence_rw();
		msip_lower(t, (uint32_t)(*val & 1U));
		return CLINT_DONE;
	}
	t = &harts[cmp / 8U];
	{
		unsigned shift = (unsigned)(cmp & 7U) * 8U;
		uint64_t mask = (width == 8U) ? ~0ULL : 0xffffffffULL << shift;

		if (!store) {
			*val = (t->off.fw_mtimecmp & mask) >> shift;
			return CLINT_DONE;
		}
		hart_lock(&t->off);
		t->off.fw_mtimecmp = (t->off.fw_mtimecmp & ~mask) | ((*val << shift) & mask);
		timer_program(t);
		hart_unlock(&t->off);
	}
	return CLINT_DONE;
}

void offload_init(void)
{
	offload_on = (machine.flags & IMAGE_FLAG_OFFLOAD) != 0;
	if (!offload_on)
		return;
	clint_init(machine.clint_base);
	offload_mtime = clint_mtime_reg();
	for (unsigned j = 0; j < machine.nharts; j++) {
		struct offload *o = &harts[j].off;
		o->mtimecmp = clint_mtimecmp_reg(j);
		o->fw_mtimecmp = *o->mtimecmp;
		o->fw_msip = clint_msip(j);
		o->os_timer = NO_DEADLINE;
		/* Programmed when the hart enters the firmware (offload_mie_changed):
		 * until then it may sleep in boot_wait on its own mtimecmp. */
		o->mtie_seen = ~0ULL;
	}
}
