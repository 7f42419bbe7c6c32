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
 * Its deadlines (the OS's set_timer) and IPIs (other harts' requests) are
 * cordon's own on the virtual CLINT (core/vclint.h): the firmware never
 * sees them.
 */
#include "offload.h"

#include "protect.h"

#include "../arch/riscv/arch_riscv.h"
#include "../core/monitor.h"
#include "cordon/arch.h"
#include "cordon/image.h"
#include "cordon/log.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"

#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464E43UL
#define SBI_RFENCE_FENCE_I 0
#define SBI_RFENCE_SFENCE_VMA_ASID 2

#define OP_AMO 0x2fU

bool offload_on;

static void flush_local(void)
{
	__asm__ volatile("sfence.vma\n\tfence.i" : : : "memory");
}

/* ---- hart sets ------------------------------------------------------- */

/* Index of the lowest set bit of x != 0 (no Zbb: libgcc's ctz is not linked). */
static unsigned lowest_bit(uint64_t x)
{
	unsigned n = 0;

	for (unsigned half = 32; half; half /= 2) {
		if (!(x & ((1ULL << half) - 1U))) {
			x >>= half;
			n += half;
		}
	}
	return n;
}

static void hartset_add(struct hartset *s, unsigned hart)
{
	s->w[hart / 64U] |= BIT(hart % 64U);
}

/* The next hart of s at or after *from; false when there is none. */
static bool hartset_next(const struct hartset *s, unsigned *from)
{
	for (unsigned i = *from / 64U; i < HARTSET_WORDS; i++) {
		uint64_t w = s->w[i];
		if (i == *from / 64U)
			w &= ~0ULL << (*from % 64U);
		if (w) {
			*from = i * 64U + lowest_bit(w);
			return true;
		}
	}
	return false;
}

/* ---- cordon's IPIs ----------------------------------------------------- */

/* Something another hart asked of t is waiting (an SSIP, a fence ticket). */
bool offload_work_pending(struct hart *t)
{
	return __atomic_load_n(&t->off.ssip_req, __ATOMIC_SEQ_CST) ||
	       __atomic_load_n(&t->off.fence_req, __ATOMIC_SEQ_CST) !=
		       __atomic_load_n(&t->off.fence_done, __ATOMIC_SEQ_CST);
}

/*
 * Serve a remote fence: every ticket issued so far is covered by one local
 * flush; then wake the harts that wait for one (they re-check their own
 * tickets). A waiter publishes itself before it re-checks fence_done, and
 * fence_done is stored before the waiters are taken (both SEQ_CST), so a
 * waiter that saw its ticket pending is always woken.
 */
static bool serve_fences(struct hart *h)
{
	uint32_t req = __atomic_load_n(&h->off.fence_req, __ATOMIC_SEQ_CST);

	if (req == __atomic_load_n(&h->off.fence_done, __ATOMIC_SEQ_CST))
		return false;
	flush_local();
	__atomic_store_n(&h->off.fence_done, req, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < HARTSET_WORDS; i++) {
		uint64_t w = __atomic_exchange_n(&h->off.fence_waiters.w[i], 0, __ATOMIC_SEQ_CST);
		for (; w; w &= w - 1U)
			clint_set_msip(i * 64U + lowest_bit(w), 1U);
	}
	return true;
}

void offload_service(struct hart *h)
{
	bool served = false;

	/* msip back to the firmware's own value, then the requests. */
	vclint_ack(h);
	if (__atomic_exchange_n(&h->off.ssip_req, 0, __ATOMIC_SEQ_CST)) {
		csr_set(mip, MIP_SSIP);
		served = true;
	}
	served |= serve_fences(h);
	if (served)
		h->off.stat[OFFLOAD_STAT_IPI_IRQ]++;
	offload_serve_timer(h);
	protect_check(h);
}

void offload_service_pending(struct hart *h)
{
	if (offload_work_pending(h))
		offload_service(h);
}

/*
 * The harts an SBI hart mask names (SBI v1.0 §3.1: hart_mask_base = -1
 * means all harts; else bit i of hart_mask is hart base + i), if cordon may
 * answer for all of them: each exists and runs the OS. Otherwise the
 * firmware decides (and reports errors). The cost is that of the harts
 * named, not of the machine's size (but for "all harts").
 */
static bool offload_targets(uint64_t mask, uint64_t base, struct hartset *targets)
{
	*targets = (struct hartset){ 0 };
	if (base == ~0ULL) {
		for (unsigned j = 0; j < machine.nharts; j++)
			hartset_add(targets, j);
	} else {
		if (base >= machine.nharts)
			return false;
		for (; mask; mask &= mask - 1U) {
			uint64_t j = base + (uint64_t)lowest_bit(mask);
			if (j >= machine.nharts)
				return false;
			hartset_add(targets, (unsigned)j);
		}
	}
	for (unsigned j = 0; hartset_next(targets, &j); j++)
		if (__atomic_load_n(&harts[j].world, __ATOMIC_ACQUIRE) != WORLD_OS)
			return false;
	return true;
}

/* SBI IPI send_ipi (SBI ch. 7): sip.SSIP on every target. */
static bool sbi_send_ipi(struct hart *h, uint64_t mask, uint64_t base)
{
	struct hartset t;

	if (!offload_targets(mask, base, &t))
		return false;
	for (unsigned j = 0; hartset_next(&t, &j); j++) {
		if (j == h->hartid) {
			csr_set(mip, MIP_SSIP);
			continue;
		}
		__atomic_store_n(&harts[j].off.ssip_req, 1U, __ATOMIC_SEQ_CST);
		vclint_kick(&harts[j]);
	}
	return true;
}

/* Whether target t has served ticket (wrapping counters). */
static bool fence_served(struct hart *t, uint32_t ticket)
{
	return (int32_t)(__atomic_load_n(&t->off.fence_done, __ATOMIC_SEQ_CST) - ticket) >= 0;
}

/*
 * SBI RFENCE (SBI ch. 8): every target flushes; return when all have. Each
 * target gets a ticket; while the caller waits it sleeps on its msip (the
 * targets wake it), and serves the requests of others so that two harts
 * fencing each other both finish.
 */
static bool sbi_rfence(struct hart *h, uint64_t mask, uint64_t base)
{
	struct hartset t;
	uint32_t ticket[MAX_HARTS];
	uint64_t mie;
	unsigned self = (unsigned)h->hartid;

	if (!offload_targets(mask, base, &t))
		return false;
	if (t.w[self / 64U] & BIT(self % 64U)) {
		flush_local(); /* this hart: a local fence needs no wait */
		t.w[self / 64U] &= ~BIT(self % 64U);
	}
	for (unsigned j = 0; hartset_next(&t, &j); j++) {
		ticket[j] = __atomic_add_fetch(&harts[j].off.fence_req, 1U, __ATOMIC_SEQ_CST);
		vclint_kick(&harts[j]);
	}
	mie = csr_swap(mie, MIP_MSIP);
	for (;;) {
		bool waiting = false;

		offload_service(h);
		for (unsigned j = 0; hartset_next(&t, &j); j++) {
			if (fence_served(&harts[j], ticket[j]))
				continue;
			/* Publish this waiter, then look again (see serve_fences). */
			__atomic_fetch_or(&harts[j].off.fence_waiters.w[self / 64U],
					  BIT(self % 64U), __ATOMIC_SEQ_CST);
			if (!fence_served(&harts[j], ticket[j]))
				waiting = true;
		}
		if (!waiting)
			break;
		/*
		 * This hart's firmware has an IPI pending: it may be another
		 * hart's firmware, inside a remote fence the firmware handles
		 * (a target of that one was not in the OS), that waits for this
		 * hart's firmware while the target waited for here holds on in
		 * it: a deadlock (issue 9, the hung SMP stress). Let the
		 * firmware run: the call goes to it whole (a second flush of the
		 * targets served already is harmless).
		 */
		if (__atomic_load_n(&h->clint.fw_msip, __ATOMIC_SEQ_CST)) {
			csr_write(mie, mie);
			h->off.stat[OFFLOAD_STAT_RFENCE_TO_FW]++;
			return false;
		}
		wfi();
	}
	csr_write(mie, mie);
	return true;
}

/* ---- the OS's traps ---------------------------------------------------- */

static bool offload_misaligned(struct hart *h, uint64_t cause)
{
	uint64_t epc = csr_read(mepc), tval = csr_read(mtval);
	uint32_t bits;

	/*
	 * The OS may run code it may not read (a PMP entry with X only): then
	 * the trap goes to the firmware as it came (hw_fetch_os_insn keeps it).
	 */
	if (!hw_has_s() || !hw_fetch_os_insn(h, epc, &bits) || (bits & 0x7fU) != OP_AMO)
		return false; /* without S-mode, the firmware's (no S to redirect to) */
	csr_write(mepc, hw_redirect_to_s(epc, cause, tval));
	h->off.stat[OFFLOAD_STAT_MISALIGNED]++;
	return true;
}

/* The bits offload_rdtime matches: csr (31:20), rs1/uimm (19:15), funct3 bit 1, opcode. */
#define RDTIME_MASK (0xfffU << 20 | 31U << 15 | 1U << 13 | 0x7fU)

/*
 * The OS reads time where the hardware has no time CSR (QEMU 7.2's
 * sifive_u and spike: their CLINT gives no rdtime): natively the read
 * traps to M-mode and the firmware answers from mtime (OpenSBI:
 * sbi_emulate_csr_read, as Priv §3.1.11 and unprivileged §10.1 make time
 * mtime's shadow). cordon answers the same without the firmware's round
 * trip: only a plain read of time (csrrs/csrrc rs1=x0, csrrsi/csrrci
 * uimm=0) into a saved register, outside a guest, and only where the
 * firmware lets that mode read it (mcounteren.TM; for U also
 * scounteren.TM), so that whatever the firmware would refuse still
 * reaches it. The instruction is read from the OS's memory, not taken
 * from mtval (security.md, I5).
 */
static bool offload_rdtime(struct hart *h)
{
	uint64_t ms = csr_read(mstatus), pc = csr_read(mepc);
	uint32_t bits, rd;

	if (hw.has_time || (ms & MSTATUS_MPV) || !(csr_read(CSR_MCOUNTEREN) & BIT(1)))
		return false;
	/* §3.1.11: U also needs scounteren.TM, where S-mode (and so scounteren) exists. */
	if (mstatus_mpp(ms) == PRV_U && hw_has_s() && !(csr_read(CSR_SCOUNTEREN) & BIT(1)))
		return false;
	/*
	 * SYSTEM, funct3 2/3/6/7 (csrrs, csrrc, csrrsi, csrrci), rs1/uimm 0
	 * (bits 19:15: any other value writes time, illegal: Zicsr §9.1), time.
	 */
	if (!hw_fetch_os_insn(h, pc, &bits) ||
	    (bits & RDTIME_MASK) != ((uint32_t)CSR_TIME << 20 | 0x2073U))
		return false;
	rd = (bits >> 7) & 31U;
	if (!(TRAP_FAST_REGS & BIT(rd)))
		return false; /* not saved on this path: the firmware's, as before */
	if (rd)
		h->regs[rd] = *vclint_mtime;
	csr_write(mepc, pc + 4);
	h->off.stat[OFFLOAD_STAT_RDTIME]++;
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
	h->off.stat[what]++;
	return true;
}

bool offload_os_trap(struct hart *h, uint64_t cause)
{
	switch (cause) {
	case CAUSE_ECALL_S:
		return offload_sbi(h);
	case MCAUSE_INTERRUPT | IRQ_M_SOFT:
		offload_service(h);
		if (!h->clint.fw_msip)
			return true;
		if (h->v.mie & MIP_MSIP)
			return false; /* the firmware's own IPI: deliver it */
		/* Pending but masked for the firmware: no more MSIs until it unmasks. */
		h->mie_phys &= ~MIP_MSIP;
		csr_write(mie, h->mie_phys);
		return true;
	case CAUSE_ILLEGAL_INSN:
		return offload_rdtime(h);
	case CAUSE_MISALIGNED_LOAD:
	case CAUSE_MISALIGNED_STORE:
		/* From a hypervisor's guest (V=1) or an hlv/hsv (GVA): the
		 * firmware's business (no AMO; and its fetch here must not
		 * overwrite the trap's mtval2/mtinst: monitor.c, os_trap_entry).
		 * An ecall from VS-mode is cause 10, and cordon's own interrupts
		 * must be served whatever the OS runs (else its IPI never ends). */
		if ((csr_read(mstatus) >> MSTATUS_GVA_SHIFT) & 3U) /* GVA, MPV */
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
	if (h->clint.fw_msip && !(h->v.mie & MIP_MSIP))
		mie &= ~MIP_MSIP;
	return mie;
}

void offload_init(void)
{
	offload_on = (machine.flags & IMAGE_FLAG_OFFLOAD) != 0;
}

static const char *const stat_names[OFFLOAD_STAT_COUNT] = {
	"SBI set_timer", "SBI send_ipi", "SBI remote fence",	     "misaligned redirect",
	"OS timer irq",	 "IPI requests", "remote fence to firmware", "time CSR read",
};

void offload_print_stats(const struct hart *h)
{
	for (unsigned k = 0; k < OFFLOAD_STAT_COUNT; k++)
		if (h->off.stat[k])
			log_printf("[cordon]   offloaded %-19s %u\n", stat_names[k],
				   h->off.stat[k]);
}
