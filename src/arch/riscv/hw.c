// SPDX-License-Identifier: BSD-2-Clause
/*
 * The M-mode side of include/cordon/arch.h: CSR pass-through with a guard
 * (the hardware decides whether a CSR exists), the boot-time WARL probes,
 * and the guarded memory accesses cordon performs for the firmware (MPRV
 * emulation, CLINT).
 */
#include "cordon/arch.h"

#include "../../core/decode.h"
#include "../../core/hart.h"
#include "arch_riscv.h"
#include "cordon/riscv.h"
#include "string.h"

/* The kinds of harts the board has (arch.h: hw), filled by hw_probe_hart. */
#define HW_KINDS 4
static struct hw_caps hw_kinds[HW_KINDS];
static unsigned hw_nkinds;
static uint32_t hw_kinds_lock;

#define barrier() __asm__ volatile("" : : : "memory")

static void guard_arm(struct hart *h)
{
	h->guard.trapped = 0;
	h->guard.armed = 1;
	barrier();
}

static bool guard_disarm(struct hart *h)
{
	barrier();
	h->guard.armed = 0;
	if (h->guard.trapped == 0)
		return true;
	/* Nothing trapped into M since: mtval2/mtinst are still the guard's. */
	h->guard.tval2 = hw.has_h ? csr_read(CSR_MTVAL2) : 0;
	h->guard.tinst = hw.has_h ? csr_read(CSR_MTINST) : 0;
	return false;
}

/* CSRs cordon passes through to the hardware (see core/vcsr.c). */
/* clang-format off */
#define X8(X, b) X(b) X((b) + 1) X((b) + 2) X((b) + 3) X((b) + 4) X((b) + 5) X((b) + 6) X((b) + 7)
#define X32(X, b) X8(X, b) X8(X, (b) + 8) X8(X, (b) + 16) X8(X, (b) + 24)
#define PASSTHROUGH_CSRS(X)                                                                        \
	/* unprivileged: FP, seed, counters (Priv table 2.2) */                                    \
	X(CSR_FFLAGS) X(CSR_FRM) X(CSR_FCSR) X(CSR_SEED) X32(X, CSR_CYCLE)                        \
	/* supervisor (table 2.3) */                                                               \
	X(CSR_STVEC) X(CSR_SCOUNTEREN) X(CSR_SENVCFG) X(0x10c) X(CSR_SSCRATCH) X(CSR_SEPC)        \
	X(CSR_SCAUSE) X(CSR_STVAL) X(CSR_STIMECMP) X(0x5a8) X(0xda0)                               \
	/* hypervisor and VS (table 2.4) */                                                        \
	X(CSR_HSTATUS) X(CSR_HEDELEG) X(CSR_HIDELEG) X(CSR_HTIMEDELTA) X(CSR_HCOUNTEREN)          \
	X(CSR_HGEIE) X(CSR_HENVCFG) X(0x60c) X(CSR_HTVAL) X(CSR_HIP) X(CSR_HVIP) X(CSR_HTINST)     \
	X(CSR_HGATP) X(CSR_HGEIP) X(CSR_VSSTATUS) X(CSR_VSIE) X(CSR_VSTVEC) X(CSR_VSSCRATCH)      \
	X(CSR_VSEPC) X(CSR_VSCAUSE) X(CSR_VSTVAL) X(CSR_VSIP) X(CSR_VSTIMECMP) X(CSR_VSATP)       \
	/* machine (table 2.5, 2.6) */                                                             \
	X(CSR_MCOUNTEREN) X(CSR_MENVCFG) X(0x30c) X32(X, CSR_MCOUNTINHIBIT) X(CSR_MIP)  \
	X32(X, CSR_MCYCLE) X(CSR_MVENDORID) X(CSR_MARCHID) X(CSR_MIMPID) X(CSR_MHARTID)           \
	X(CSR_MCONFIGPTR)
/* clang-format on */

#define CASE_READ(n)                                                                               \
	case (n):                                                                                  \
		__asm__ volatile(".option push\n.option norvc\ncsrr %0, %1\n.option pop"           \
				 : "=r"(v)                                                         \
				 : "i"(n)                                                          \
				 : "memory");                                                      \
		break;
#define CASE_RMW(n)                                                                                \
	case (n):                                                                                  \
		if (op == CSR_OP_RW)                                                               \
			__asm__ volatile(                                                          \
				".option push\n.option norvc\ncsrrw %0, %1, %2\n.option pop"       \
				: "=r"(v)                                                          \
				: "i"(n), "r"(val)                                                 \
				: "memory");                                                       \
		else if (op == CSR_OP_RS)                                                          \
			__asm__ volatile(                                                          \
				".option push\n.option norvc\ncsrrs %0, %1, %2\n.option pop"       \
				: "=r"(v)                                                          \
				: "i"(n), "r"(val)                                                 \
				: "memory");                                                       \
		else                                                                               \
			__asm__ volatile(                                                          \
				".option push\n.option norvc\ncsrrc %0, %1, %2\n.option pop"       \
				: "=r"(v)                                                          \
				: "i"(n), "r"(val)                                                 \
				: "memory");                                                       \
		break;

static bool is_mcountinhibit_range(unsigned csr)
{
	/* 0x320 is mcountinhibit, 0x321/0x322 do not exist, 0x323.. mhpmevent. */
	return csr == 0x321 || csr == 0x322;
}

bool hw_csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
	uint64_t v = 0;

	if (is_mcountinhibit_range(csr))
		return false;
	guard_arm(h);
	switch (csr) {
		PASSTHROUGH_CSRS(CASE_READ)
	default:
		guard_disarm(h);
		return false;
	}
	if (!guard_disarm(h))
		return false;
	*val = v;
	return true;
}

bool hw_csr_rmw(struct hart *h, unsigned csr, unsigned op, uint64_t val, uint64_t *old)
{
	uint64_t v = 0;

	if (is_mcountinhibit_range(csr))
		return false;
	guard_arm(h);
	switch (csr) {
		PASSTHROUGH_CSRS(CASE_RMW)
	default:
		guard_disarm(h);
		return false;
	}
	if (!guard_disarm(h))
		return false;
	*old = v;
	return true;
}

uint64_t hw_read_mip(void)
{
	return csr_read(mip);
}

uint64_t hw_read_mstatus_shared(void)
{
	return csr_read(mstatus) & MSTATUS_SHARED;
}

void hw_write_mstatus_shared(uint64_t mask, uint64_t val)
{
	uint64_t ms = csr_read(mstatus);

	mask &= MSTATUS_SHARED;
	csr_write(mstatus, (ms & ~mask) | (val & mask));
}

uint64_t hw_satp_legalize(uint64_t old, uint64_t val)
{
	/* Called while the firmware runs: the physical satp is 0 (Bare). */
	uint64_t r;
	csr_write(satp, val);
	r = csr_read(satp);
	csr_write(satp, 0);
	/* §4.1.11: a write with an unsupported MODE is ignored altogether. */
	if ((val >> SATP_MODE_SHIFT) != 0 && r == 0)
		return old;
	return r;
}

void hw_write_pmpaddr(unsigned index, uint64_t val)
{
	switch (index) {
#define CASE_PMPADDR(n)                                                                            \
	case (n):                                                                                  \
		__asm__ volatile("csrw %0, %1" : : "i"(CSR_PMPADDR0 + (n)), "r"(val) : "memory");  \
		break;
		X8(CASE_PMPADDR, 0)
		X8(CASE_PMPADDR, 8)
#undef CASE_PMPADDR
	default:
		break;
	}
}

void hw_write_pmpcfg(const uint64_t cfg[2])
{
	csr_write(pmpcfg0, cfg[0]);
	csr_write(pmpcfg2, cfg[1]);
}

/*
 * The hardware's PMP entries (Priv §3.7.1: "the lowest-numbered PMP entries
 * must be implemented first"; an unimplemented one's pmpaddr is read-only
 * zero, or the CSR is absent: QEMU 7.2 has pmpaddr0-15 only). Each
 * pmpaddr is written all ones, read and cleared, guarded. Entries past
 * those a view holds are turned OFF (pmpcfg4-14): cordon never uses them.
 */
static unsigned probe_pmp_count(struct hart *h)
{
	unsigned n;

	for (n = 0; n < 64U; n++) {
		uint64_t v;
		guard_arm(h);
		switch (n) {
#define CASE_PROBE(k)                                                                              \
	case (k):                                                                                  \
		__asm__ volatile(".option push\n.option norvc\nli %0, 0\ncsrw %1, %2\n"            \
				 "csrr %0, %1\ncsrw %1, zero\n.option pop"                         \
				 : "=&r"(v)                                                        \
				 : "i"(CSR_PMPADDR0 + (k)), "r"(~0ULL)                             \
				 : "memory");                                                      \
		break;
			X32(CASE_PROBE, 0)
			X32(CASE_PROBE, 32)
#undef CASE_PROBE
		default:
			v = 0;
			break;
		}
		if (!guard_disarm(h) || v == 0)
			break;
	}
	if (n > 16U) {
		guard_arm(h);
		__asm__ volatile("csrw %0, zero\n\tcsrw %1, zero\n\tcsrw %2, zero\n\t"
				 "csrw %3, zero\n\tcsrw %4, zero\n\tcsrw %5, zero"
				 :
				 : "i"(CSR_PMPCFG0 + 4), "i"(CSR_PMPCFG0 + 6), "i"(CSR_PMPCFG0 + 8),
				   "i"(CSR_PMPCFG0 + 10), "i"(CSR_PMPCFG0 + 12),
				   "i"(CSR_PMPCFG0 + 14)
				 : "memory");
		(void)guard_disarm(h);
	}
	return n;
}

/* ---- the debug triggers (core/vtrig.c) ---- */

/* security.md, I17: no type-2/6 trigger of the hardware ever has the M bit. */
static uint64_t no_m(uint64_t tdata1)
{
	unsigned type = (unsigned)(tdata1 >> TDATA1_TYPE_SHIFT);

	return (type == 2 || type == 6) ? tdata1 & ~MCTRL_M : tdata1;
}

uint64_t hw_trig_select(uint64_t val)
{
	csr_write(CSR_TSELECT, val);
	return csr_read(CSR_TSELECT);
}

uint64_t hw_trig_write(unsigned i, unsigned csr, uint64_t val)
{
	csr_write(CSR_TSELECT, i);
	if (csr == CSR_TDATA1) {
		csr_write(CSR_TDATA1, no_m(val));
		return csr_read(CSR_TDATA1);
	}
	csr_write(CSR_TDATA2, val);
	return csr_read(CSR_TDATA2);
}

void hw_set_trigger(unsigned i, uint64_t tdata1, uint64_t tdata2)
{
	csr_write(CSR_TSELECT, i);
	csr_write(CSR_TDATA1, no_m(tdata1));
	csr_write(CSR_TDATA2, tdata2);
}

/*
 * The trigger module (debug spec 1.0 §5): how many triggers (tselect keeps
 * only the values below the count, as its WARL rule lets the spec's
 * enumeration work), their types (tinfo, or the reset type without it),
 * and the mode bits each type keeps: written with no access kind, a
 * trigger cannot fire. Every trigger is left as at reset.
 */
static uint64_t trig_modes(unsigned type)
{
	uint64_t v;

	if (!(hw.trig_tinfo & (1ULL << type)))
		return 0;
	/* Every mode bit, no access kind (R/W/X clear): the trigger cannot fire. */
	csr_write(CSR_TSELECT, 0);
	csr_write(CSR_TDATA1, TDATA1_TYPE(type) | MCTRL_MODES(type));
	v = csr_read(CSR_TDATA1);
	return (v >> TDATA1_TYPE_SHIFT) == type ? v & MCTRL_MODES(type) : 0;
}

static void probe_triggers(struct hart *h)
{
	uint64_t v = 0;
	unsigned n;

	guard_arm(h);
	__asm__ volatile(".option push\n.option norvc\ncsrr %0, %1\n.option pop"
			 : "=r"(v)
			 : "i"(CSR_TSELECT)
			 : "memory");
	if (!guard_disarm(h))
		return; /* no trigger module */
	for (n = 0; n < VTRIG_MAX; n++) {
		if (hw_trig_select(n) != n)
			break;
	}
	(void)hw_trig_select(0);
	hw.trig_reset = csr_read(CSR_TDATA1);
	guard_arm(h);
	__asm__ volatile(".option push\n.option norvc\ncsrr %0, %1\n.option pop"
			 : "=r"(v)
			 : "i"(CSR_TINFO)
			 : "memory");
	hw.trig_has_tinfo = guard_disarm(h);
	/* Without tinfo, the type the trigger has at reset is the one known. */
	hw.trig_tinfo = hw.trig_has_tinfo ? v : 1ULL << (hw.trig_reset >> TDATA1_TYPE_SHIFT);
	hw.trig_modes2 = trig_modes(2);
	hw.trig_modes6 = trig_modes(6);
	(void)hw_trig_write(0, CSR_TDATA1, hw.trig_reset);
	hw.trig_count = (uint8_t)n;
}

void hw_probe(struct hart *h)
{
	uint64_t orig = csr_read(mstatus), ones, zeros, rsv, v;
	const uint64_t mpp_m = (uint64_t)PRV_M << MSTATUS_MPP_SHIFT;

	hw.misa = csr_read(misa);
	hw.has_h = (hw.misa & MISA_EXT('H')) != 0;
	/* mstatus: which bits toggle. MIE stays 0 (no interrupt is taken) and
	 * MPP stays M (MPRV=1 then changes nothing); no memory access between. */
	__asm__ volatile("csrw mstatus, %3\n\t"
			 "csrr %0, mstatus\n\t"
			 "csrw mstatus, %4\n\t"
			 "csrr %1, mstatus\n\t"
			 "csrw mstatus, %5\n\t"
			 "csrr %2, mstatus\n\t"
			 "csrw mstatus, %6"
			 : "=&r"(ones), "=&r"(zeros), "=&r"(rsv)
			 : "r"((~MSTATUS_MIE & ~MSTATUS_MPP) | mpp_m), "r"(mpp_m),
			   "r"((uint64_t)2 << MSTATUS_MPP_SHIFT), "r"(orig)
			 : "memory");
	hw.mstatus_wmask = ((ones ^ zeros) & ~MSTATUS_SD) | MSTATUS_MPP | MSTATUS_MIE;
	hw.mstatus_mpp_rsv = (rsv & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	/* UXL (§3.1.6.3, WARL): QEMU 7.2 takes any nonzero value and ignores
	 * 0, which the toggle above cannot see. MIE is 0 at boot. */
	csr_write(mstatus, (orig & ~MSTATUS_UXL) | (_UL(1) << 32));
	hw.mstatus_uxl_writable = (csr_read(mstatus) & MSTATUS_UXL) == (_UL(1) << 32);
	csr_write(mstatus, orig);

	csr_write(medeleg, ~0UL);
	hw.medeleg_wmask = csr_read(medeleg);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	hw.mideleg_fixed = csr_read(mideleg);
	csr_write(mideleg, ~0UL);
	hw.mideleg_wmask = csr_read(mideleg) & ~hw.mideleg_fixed;
	csr_write(mideleg, 0);
	csr_write(mie, ~0UL);
	hw.mie_wmask = csr_read(mie);
	csr_write(mie, 0);

	hw.has_sstc = hw_csr_read(h, CSR_STIMECMP, &v);
	hw.has_time = hw_csr_read(h, CSR_TIME, &v);
	guard_arm(h);
	__asm__ volatile(".option push\n.option norvc\ncsrr %0, %1\n.option pop"
			 : "=r"(v)
			 : "i"(CSR_MSECCFG)
			 : "memory");
	hw.has_mseccfg = guard_disarm(h);
	/* Smepmp: MML, MMWP, RLB (sticky bits are not modelled). */
	hw.mseccfg_wmask = hw.has_mseccfg ? 0x7 : 0;
	hw.pmp_count = (uint8_t)probe_pmp_count(h);
	probe_triggers(h);
}

static void set_tp(struct hw_caps *c)
{
	cordon_hw_tp = c;
}

/*
 * Each hart, once, before the firmware runs on it: probe into a record of
 * its own on the stack (tp points there: hw_probe fills hw), then share the
 * kind of an earlier hart with equal answers, or take a free slot. Only the
 * comparison and the copy hold the lock: no trap, no MMIO, a few hundred
 * instructions. (The whole probe under it made a waiting hart spin through
 * another's probe traps: under QEMU -icount a spinning hart keeps its whole
 * round-robin slice, about 100 M instructions, while the holder cannot run.)
 */
struct hw_caps *hw_probe_hart(struct hart *h)
{
	struct hw_caps mine, *c = NULL;

	memset(&mine, 0, sizeof(mine)); /* the padding too: kinds are compared bytewise */
	set_tp(&mine);
	hw_probe(h);
	while (__atomic_exchange_n(&hw_kinds_lock, 1U, __ATOMIC_ACQUIRE))
		;
	for (unsigned k = 0; k < hw_nkinds && !c; k++)
		if (!memcmp(&hw_kinds[k], &mine, sizeof(mine)))
			c = &hw_kinds[k];
	if (!c && hw_nkinds < HW_KINDS) {
		c = &hw_kinds[hw_nkinds++];
		memcpy(c, &mine, sizeof(mine));
	}
	__atomic_store_n(&hw_kinds_lock, 0U, __ATOMIC_RELEASE);
	/* tp must not keep the stack record: the first kind on failure (the caller stops). */
	set_tp(c ? c : &hw_kinds[0]);
	if (c)
		h->caps = c;
	return c;
}

bool hw_mem_load(struct hart *h, uint64_t addr, unsigned width, bool is_signed, uint64_t mstatus,
		 uint64_t *val)
{
	uint64_t saved = csr_read(mstatus), v = 0;

#define LOAD(insn)                                                                                 \
	__asm__ volatile(".option push\n.option norvc\n"                                           \
			 "csrw mstatus, %2\n" insn " %0, 0(%1)\ncsrw mstatus, %3\n.option pop"     \
			 : "=&r"(v)                                                                \
			 : "r"(addr), "r"(mstatus), "r"(saved)                                     \
			 : "memory")
	guard_arm(h);
	/* clang-format off */
	switch (width | (is_signed ? 0x10U : 0)) {
	case 0x11: LOAD("lb"); break;
	case 0x12: LOAD("lh"); break;
	case 0x14: LOAD("lw"); break;
	case 0x18:
	case 0x08: LOAD("ld"); break;
	case 0x01: LOAD("lbu"); break;
	case 0x02: LOAD("lhu"); break;
	case 0x04: LOAD("lwu"); break;
	default: break;
	}
	/* clang-format on */
#undef LOAD
	if (!guard_disarm(h))
		return false;
	*val = v;
	return true;
}

uint16_t hw_fetch16(uint64_t addr)
{
	return *(const volatile uint16_t *)(uintptr_t)addr;
}

bool hw_mem_store(struct hart *h, uint64_t addr, unsigned width, uint64_t mstatus, uint64_t val)
{
	uint64_t saved = csr_read(mstatus);

#define STORE(insn)                                                                                \
	__asm__ volatile(".option push\n.option norvc\n"                                           \
			 "csrw mstatus, %2\n" insn " %0, 0(%1)\ncsrw mstatus, %3\n.option pop"     \
			 :                                                                         \
			 : "r"(val), "r"(addr), "r"(mstatus), "r"(saved)                           \
			 : "memory")
	guard_arm(h);
	/* clang-format off */
	switch (width) {
	case 1: STORE("sb"); break;
	case 2: STORE("sh"); break;
	case 4: STORE("sw"); break;
	case 8: STORE("sd"); break;
	default: break;
	}
	/* clang-format on */
#undef STORE
	return guard_disarm(h);
}

/* A trap entered from nominal mode `from_s` on status (sstatus or vsstatus): Priv §4.1.1. */
static uint64_t trap_status(uint64_t st, bool from_s)
{
	uint64_t r = st & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);

	if (from_s)
		r |= MSTATUS_SPP;
	if (st & MSTATUS_SIE)
		r |= MSTATUS_SPIE;
	return r;
}

/*
 * What the firmware does with a trap of the OS it does not handle (and
 * OpenSBI with a misaligned AMO), and what protect-os does with an OS
 * exception it keeps from the firmware: deliver it as the hardware would
 * had medeleg delegated it. The OS's state is live (before any world
 * switch): mstatus.MPP/MPV say where it trapped, at epc.
 *  - From V=0, or from V=1 with the cause not in the OS's hedeleg: to
 *    HS-mode (Priv §4.1.1 sstatus; with H, Priv §9.6.2 trap entry and
 *    §9.2.1: hstatus.SPV = the trap's V, SPVP = its nominal mode when V
 *    was 1, GVA = whether stval holds a guest virtual address; htval =
 *    tval2, the guest physical address >> 2 of a guest-page fault;
 *    htinst 0, which the spec allows).
 *  - From V=1 with the cause in hedeleg: to VS-mode (vsepc, vscause,
 *    vstval, vsstatus; V stays 1).
 * Returns where the OS goes on: its stvec or vstvec (vectored mode applies
 * to interrupts only, §4.1.2).
 */
/* From V=1 (hw_redirect_to_os): to the guest's VS-mode per hedeleg, else to HS-mode. */
static __attribute__((noinline)) uint64_t redirect_from_guest(uint64_t ms, uint64_t epc,
							      uint64_t cause, uint64_t tval,
							      uint64_t tval2, bool gva)
{
	bool from_s = ((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == PRV_S;
	uint64_t hs;

	if (cause < 64 && ((csr_read(CSR_HEDELEG) >> cause) & 1U)) {
		csr_write(CSR_VSEPC, epc);
		csr_write(CSR_VSCAUSE, cause);
		csr_write(CSR_VSTVAL, tval);
		csr_write(CSR_VSSTATUS, trap_status(csr_read(CSR_VSSTATUS), from_s));
		ms &= ~MSTATUS_MPP;
		csr_write(mstatus, ms | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT)); /* VS, V = 1 */
		return csr_read(CSR_VSTVEC) & ~3ULL;
	}
	csr_write(CSR_SEPC, epc);
	csr_write(CSR_SCAUSE, cause);
	csr_write(CSR_STVAL, tval);
	hs = csr_read(CSR_HSTATUS) & ~(HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA);
	csr_write(CSR_HSTATUS,
		  hs | HSTATUS_SPV | (from_s ? HSTATUS_SPVP : 0) | (gva ? HSTATUS_GVA : 0));
	csr_write(CSR_HTVAL, tval2);
	csr_write(CSR_HTINST, 0);
	ms = trap_status(ms, from_s) & ~(MSTATUS_MPP | MSTATUS_MPV);
	csr_write(mstatus, ms | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT)); /* HS, V = 0 */
	return csr_read(CSR_STVEC) & ~3ULL;
}

uint64_t hw_redirect_to_s(uint64_t epc, uint64_t cause, uint64_t tval)
{
	uint64_t ms = csr_read(mstatus);
	bool from_s = ((ms & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) == PRV_S;

	csr_write(CSR_SEPC, epc);
	csr_write(CSR_SCAUSE, cause);
	csr_write(CSR_STVAL, tval);
	if (hw.has_h) {
		csr_clear(CSR_HSTATUS, HSTATUS_SPV | HSTATUS_GVA);
		csr_write(CSR_HTVAL, 0);
		csr_write(CSR_HTINST, 0);
	}
	ms = trap_status(ms, from_s) & ~MSTATUS_MPP;
	csr_write(mstatus, ms | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT));
	return csr_read(CSR_STVEC) & ~3ULL;
}

uint64_t hw_redirect_to_os(uint64_t epc, uint64_t cause, uint64_t tval, uint64_t tval2, bool gva)
{
	uint64_t ms = csr_read(mstatus);

	/* mstatus.MPV reads 0 without H (Priv §9.4.1). */
	if (ms & MSTATUS_MPV)
		return redirect_from_guest(ms, epc, cause, tval, tval2, gva);
	return hw_redirect_to_s(epc, cause, tval);
}

/*
 * The OS's instruction at pc, read with its translation (MPRV with the
 * trap's MPP, MXR) and PMP, its state live. False if the read faulted
 * (h->guard says how). Fault or not, the OS's trap stays in the trap CSRs
 * (security.md I5): a faulted read trapped to cordon and overwrote mepc,
 * mcause, mtval (and with H mtval2, mtinst), which are put back, so no
 * caller can hand the firmware or the OS cordon's fault for the OS's trap
 * (the OS may execute code it may not read: a PMP entry with X alone).
 */
bool hw_fetch_os_insn(struct hart *h, uint64_t pc, uint32_t *bits)
{
	uint64_t ms = csr_read(mstatus), lo, hi = 0;
	uint64_t epc = csr_read(mepc), cause = csr_read(mcause), tval = csr_read(mtval);
	uint64_t tval2 = 0, tinst = 0;

	if (hw.has_h) {
		tval2 = csr_read(CSR_MTVAL2);
		tinst = csr_read(CSR_MTINST);
	}
	ms |= MSTATUS_MPRV | MSTATUS_MXR;
	if (hw_mem_load(h, pc, 2, false, ms, &lo) &&
	    ((lo & 3U) != 3U || hw_mem_load(h, pc + 2, 2, false, ms, &hi))) {
		*bits = (uint32_t)(lo | (hi << 16));
		return true;
	}
	csr_write(mepc, epc);
	csr_write(mcause, cause);
	csr_write(mtval, tval);
	if (hw.has_h) { /* the guard's trap, from M, zeroed them */
		csr_write(CSR_MTVAL2, tval2);
		csr_write(CSR_MTINST, tinst);
	}
	return false;
}
