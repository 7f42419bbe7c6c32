// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual CSRs of virtual M-mode. Three kinds of CSR:
 *  - virtual: kept in struct vcpu, with the WARL rules of the hardware
 *    (masks probed at boot into struct hw_caps): mstatus, medeleg, mideleg,
 *    mie, mtvec, mscratch, mepc, mcause, mtval, mtinst, mtval2, satp (while
 *    the firmware runs), PMP, mseccfg, and the views sstatus/sie/sip/hie;
 *  - passed through: state cordon does not use itself (S-mode trap CSRs,
 *    counters, menvcfg, H-mode CSRs, mip...). The hardware executes the
 *    access and raises illegal instruction itself if the CSR is missing,
 *    which is then injected, so the firmware sees the hardware's CSR set;
 *  - absent: debug/trigger CSRs (cordon presents a hart without the debug
 *    trigger module) and everything else: illegal instruction.
 */
#include "vcsr.h"

#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "vpmp.h"
#include "vtrig.h"
#include "world.h"

#define S_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define HS_INTERRUPTS (MIP_VS_ALL)

#define MSTATUS_MPP_RESERVED (_UL(2) << MSTATUS_MPP_SHIFT)

/*
 * The legal values of the virtual CSRs, one predicate per CSR, as the
 * privileged spec's WARL rules and cordon's hardware probe (hw.c,
 * hw_probe) define them. The write paths keep them (the contracts of the
 * warl_* helpers, checked by Frama-C WP, tests/proofs). They are ACSL
 * predicates written as macros: Frama-C's simplifier, and its bitwise
 * tactics, then see their bodies (it does not unfold an ACSL predicate's
 * definition). Bit-level properties over a probed mask are stated one
 * bit at a time (bit(v, k)): WP's simplifier turns the bits of &, | and ~
 * into propositions the provers close in milliseconds, where the same
 * property as a word equality over a symbolic mask times out.
 */
/*
 * §3.1.6.2: mstatus.MPP is WARL and 2 is reserved: the virtual MPP is never
 * 2 unless the hardware itself stores 2 (hw.mstatus_mpp_rsv, probed).
 */
#define legal_mstatus_mpp(v) (((v)&MSTATUS_MPP) != MSTATUS_MPP_RESERVED || hw.mstatus_mpp_rsv == 2)
/* §3.1.7: mtvec.MODE 0 (direct) or 1 (vectored); >= 2 is reserved. */
#define legal_mtvec(v) (((v)&MTVEC_MODE_MASK) <= MTVEC_VECTORED)
/* §3.1.14: mepc[0] is always zero (IALIGN=16 with C). */
#define legal_mepc(v) (((v)&1) == 0)
/*
 * §3.1.8: medeleg and mideleg are WARL, each bit writable or read-only as
 * the hardware has it: medeleg holds no bit outside hw.medeleg_wmask; the
 * bits the hardware keeps at one in mideleg (hw.mideleg_fixed: the VS
 * interrupts with H, §9.4.3) are one in the virtual mideleg after every
 * write (warl_mideleg also states the exact value).
 */
#define legal_medeleg(v) (((v)&hw.medeleg_wmask) == (v))
#define legal_mideleg(v) (((v) | hw.mideleg_fixed) == (v))
/* Bit k of v (0 <= k < 64). */
#define bit(v, k) (((v) & ((uint64_t)1 << (k))) != 0)
/* §3.1.9: mie holds no bit outside hw.mie_wmask (interrupts the hart has). */
#define legal_mie(v) (((v)&hw.mie_wmask) == (v))
/* Smepmp: mseccfg holds MML, MMWP and RLB only (hw.mseccfg_wmask; 0 without it). */
#define legal_mseccfg(v) (((v)&hw.mseccfg_wmask) == (v))

/*@ assigns \nothing;
    ensures legal_mepc(\result);
    ensures \result == (val & (uint64_t)~1);
*/
static uint64_t warl_mepc(uint64_t val)
{
	return val & ~1ULL;
}

/* §3.1.7: MODE >= 2 is reserved; QEMU ignores such writes. */
/*@ assigns \nothing;
    ensures legal_mtvec(old) ==> legal_mtvec(\result);
    ensures legal_mtvec(val) ==> \result == val;
    ensures !legal_mtvec(val) ==> \result == old;
*/
static uint64_t warl_mtvec(uint64_t old, uint64_t val)
{
	return (val & MTVEC_MODE_MASK) < 2 ? val : old;
}

/*@ assigns \nothing;
    ensures legal_medeleg(\result);
    ensures \result == (val & hw.medeleg_wmask);
*/
static uint64_t warl_medeleg(uint64_t val)
{
	return val & hw.medeleg_wmask;
}

/*@ assigns \nothing;
    ensures legal_mideleg(\result);
    ensures \result == ((val & hw.mideleg_wmask) | hw.mideleg_fixed);
*/
static uint64_t warl_mideleg(uint64_t val)
{
	return (val & hw.mideleg_wmask) | hw.mideleg_fixed;
}

/*@ assigns \nothing;
    ensures legal_mie(\result);
    ensures \result == (val & hw.mie_wmask);
*/
static uint64_t warl_mie(uint64_t val)
{
	return val & hw.mie_wmask;
}

/*
 * mie where only the bits of mask change (sie, hie: §4.1.3, §9.2.3): the
 * others keep their value; the bits the hardware does not have are zero.
 */
/*@ assigns \nothing;
    ensures legal_mie(\result);
    ensures \forall integer k; 0 <= k < 64 ==>
	(bit(\result, k) <==> bit(hw.mie_wmask, k) && (bit(mask, k) ? bit(val, k) : bit(old, k)));
*/
static uint64_t warl_mie_part(uint64_t old, uint64_t val, uint64_t mask)
{
	return ((old & ~mask) | (val & mask)) & hw.mie_wmask;
}

/*
 * protect-os (I14): the OS's enables (os_ideleg) stay; the firmware writes
 * the others.
 */
/*@ assigns \nothing;
    ensures legal_mie(\result);
    ensures \forall integer k; 0 <= k < 64 ==>
	(bit(\result, k) <==> bit(hw.mie_wmask, k) && (bit(os_ideleg, k) ? bit(old, k) : bit(val, k)));
*/
static uint64_t warl_mie_hidden(uint64_t old, uint64_t val, uint64_t os_ideleg)
{
	return ((old & os_ideleg) | (val & ~os_ideleg)) & hw.mie_wmask;
}

/*@ assigns \nothing;
    ensures legal_mseccfg(\result);
    ensures \result == (val & hw.mseccfg_wmask);
*/
static uint64_t warl_mseccfg(uint64_t val)
{
	return val & hw.mseccfg_wmask;
}

/*
 * The new virtual mstatus after a write of val over old, with the
 * hardware's WARL rules: its writable bits (hw.mstatus_wmask) but the
 * shared FS/VS and SD, which are not stored; UXL as the hardware takes it
 * (§3.1.6.3: QEMU 7.2 takes a nonzero value only); MPP=2 (reserved,
 * §3.1.6.2) as the hardware does: kept where it stores it, else the old MPP.
 * The bits written (take) are computed first, then merged: the proofs see
 * one merge whatever the branches.
 */
#define unshared(v)                                                                                \
	(!bit(v, MSTATUS_FS_SHIFT) && !bit(v, MSTATUS_FS_SHIFT + 1) &&                             \
	 !bit(v, MSTATUS_VS_SHIFT) && !bit(v, MSTATUS_VS_SHIFT + 1) && !bit(v, MSTATUS_SD_SHIFT))
/*@ assigns \nothing;
    ensures legal_mstatus_mpp(old) ==> legal_mstatus_mpp(\result);
    ensures kept: \forall integer k; 0 <= k < 64 ==> !bit(hw.mstatus_wmask | MSTATUS_UXL, k) ==>
	(bit(\result, k) <==> bit(old, k));
    ensures unshared(old) ==> unshared(\result);
*/
static uint64_t warl_mstatus(uint64_t old, uint64_t val)
{
	uint64_t take = hw.mstatus_wmask & ~(MSTATUS_SHARED | MSTATUS_SD);

	//@ assert unshared(take);
	/* §3.1.6.3: UXL is WARL; as the hardware, take a nonzero value only. */
	if (hw.mstatus_uxl_writable && (val & MSTATUS_UXL))
		take |= MSTATUS_UXL;
	//@ assert unshared(take);
	/* §3.1.6.2: MPP is WARL; 2 is reserved. Do what the hardware does. */
	if ((((old & ~take) | (val & take)) & MSTATUS_MPP) == MSTATUS_MPP_RESERVED &&
	    hw.mstatus_mpp_rsv != 2)
		take &= ~MSTATUS_MPP;
	//@ assert unshared(take);
	return (old & ~take) | (val & take);
}

/*
 * The OS's supervisor CSRs that protect-os hides from the firmware
 * (hide_os; security.md I14): the S-mode (0x100-0x1ff, 0x500-0x5ff,
 * 0xd00-0xdff), VS-mode (0x200-0x2ff) and H-mode (0x600-0x6ff,
 * 0xa00-0xaff, 0xe00-0xeff) ranges of the CSR map (Priv §2.2, Table 3).
 * sstatus and satp are not: they read and write the firmware's own shadow.
 */
#define OS_CSR_BLOCKS (BIT(0x1) | BIT(0x2) | BIT(0x5) | BIT(0x6) | BIT(0xa) | BIT(0xd) | BIT(0xe))
/*@ requires csr < 4096;
    assigns \nothing;
*/
static bool is_os_csr(unsigned csr)
{
	/* csr < 0x1000: csr >> 8 names its block (one test for the M CSRs) */
	return ((OS_CSR_BLOCKS >> (csr >> 8)) & 1U) && csr != CSR_SSTATUS && csr != CSR_SATP;
}

/* A hidden CSR: as the hardware has it (illegal if absent), read 0, writes ignored. */
/*@ requires \valid(h) && \valid(val);
    assigns *h, *val;
*/
static bool hidden_access(struct hart *h, unsigned csr, uint64_t *val)
{
	uint64_t dummy;
	bool exists;

	switch (csr) {
	case CSR_SIE: /* views cordon emulates: they exist with S-mode, H */
	case CSR_SIP:
		exists = (hw.misa & BIT('S' - 'A')) != 0;
		break;
	case CSR_HIE:
	case CSR_HSTATUS:
		exists = hw.has_h;
		break;
	default:
		exists = hw_csr_read(h, csr, &dummy);
		break;
	}
	if (!exists)
		return false;
	*val = 0;
	return true;
}

/*
 * Every write of mstatus (csrw mstatus and sstatus, vcsr_fast_other) goes
 * through here. Callers: h is the current hart, fx a local of theirs.
 */
/*@ requires \valid(h) && \valid(fx) && \separated(h, fx);
    assigns *h, *fx;
*/
static void write_mstatus(struct hart *h, uint64_t val, unsigned *fx)
{
	uint64_t old = h->v.mstatus, shared = hw.mstatus_wmask & MSTATUS_SHARED;
	uint64_t m = warl_mstatus(old, val);

	if (__builtin_expect(h->fp_hidden, 0) && (val & MSTATUS_FS))
		world_fp_take(h); /* the OS's FP registers first (world.c, I15) */
	/* FS and VS are the hardware's, shared by both worlds (Priv §3.1.6.6, world.c). */
	if (h->fp_hidden)
		shared &= ~MSTATUS_FS;
	if (__builtin_expect(h->v.hide_os, 0)) {
		/* The firmware's own S fields, VS among them; the OS's stay (I14). */
		h->v.fw_sstatus = (m & MSTATUS_OS_PRIVATE) | (val & shared & MSTATUS_VS);
		m = (m & ~MSTATUS_OS_PRIVATE) | (old & MSTATUS_OS_PRIVATE);
		shared &= ~MSTATUS_VS;
	}
	if (shared)
		hw_write_mstatus_shared(shared, val);
	h->v.mstatus = m;
	if ((old ^ m) & MSTATUS_MPRV)
		*fx |= VCSR_FX_MPRV;
	if ((old ^ m) & MSTATUS_MIE)
		*fx |= VCSR_FX_IRQ;
}

/*@ assigns \nothing; */
static bool is_pmpcfg(unsigned csr)
{
	return csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15;
}

/*@ assigns \nothing; */
static bool is_pmpaddr(unsigned csr)
{
	return csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63;
}

/*
 * QEMU 7.2 implements pmpcfg0..3 and pmpaddr0..15; on RV64 the odd pmpcfg
 * are illegal (§3.7.1: "pmpcfg1, pmpcfg3 ... are illegal" for RV64).
 */
/*@ assigns \nothing; */
static bool pmp_csr_exists(unsigned csr)
{
	if (is_pmpcfg(csr))
		return csr == CSR_PMPCFG0 || csr == CSR_PMPCFG2;
	return csr <= CSR_PMPADDR15;
}

/* Debug and trigger CSRs 0x7a0..0x7bf (Sdtrig, debug spec §5): core/vtrig.c. */
/*@ assigns \nothing; */
static bool is_debug_csr(unsigned csr)
{
	return csr >= CSR_TSELECT && csr <= 0x7bfU;
}

/*
 * Callers: vcsr_exec (csr from decode_insn: 12 bits, insn_fields_ok) and
 * vcsr_fast_other (bits >> 20 of a 32-bit instruction).
 */
/*
 * Without S-mode (FU540's E51) the supervisor CSRs cordon emulates do not
 * exist (Priv §4.1; QEMU 7.2: its smode predicate): illegal, as natively.
 */
/*@ assigns \nothing; */
static bool absent_without_s(unsigned csr)
{
	return !(hw.misa & BIT('S' - 'A')) &&
	       (csr == CSR_SSTATUS || csr == CSR_SIE || csr == CSR_SIP || csr == CSR_SATP);
}

/*@ requires \valid(h) && \valid(val) && \separated(h, val);
    requires csr < 4096;
    assigns *h, *val;
*/
bool vcsr_read(struct hart *h, unsigned csr, uint64_t *val)
{
	struct vcpu *v = &h->v;

	if (__builtin_expect(absent_without_s(csr), 0))
		return false;
	if (__builtin_expect(v->hide_os, 0) && is_os_csr(csr))
		return hidden_access(h, csr, val);
	switch (csr) {
	case CSR_MSTATUS:
		*val = vcsr_mstatus(h);
		return true;
	case CSR_SSTATUS:
		*val = vcsr_mstatus(h) & SSTATUS_VIEW;
		return true;
	case CSR_MISA:
		*val = hw.misa;
		return true;
	case CSR_MEDELEG:
		*val = v->medeleg;
		return true;
	case CSR_MIDELEG:
		/* QEMU 7.2 forces the read-only-one bits at the first access of
		 * mideleg, yet that first read still returns them as 0
		 * (FACTS.md): the same for the virtual one. */
		*val = v->mideleg;
		v->mideleg |= hw.mideleg_fixed;
		return true;
	case CSR_HSTATUS:
		/* hstatus.HU is virtual while the firmware runs (hart.h). */
		if (!hw_csr_read(h, CSR_HSTATUS, val))
			return false;
		*val = (*val & ~HSTATUS_HU) | v->hstatus_hu;
		return true;
	case CSR_MIE:
		*val = v->hide_os ? (v->mie & ~v->os_ideleg) | (v->fw_sie & v->os_ideleg) : v->mie;
		return true;
	case CSR_SIE:
		*val = v->mie & v->mideleg & S_INTERRUPTS;
		return true;
	case CSR_SIP:
		*val = hw_read_mip() & v->mideleg & S_INTERRUPTS;
		return true;
	case CSR_MTVEC:
		*val = v->mtvec;
		return true;
	case CSR_MSCRATCH:
		*val = v->mscratch;
		return true;
	case CSR_MEPC:
		*val = v->mepc;
		return true;
	case CSR_MCAUSE:
		*val = v->mcause;
		return true;
	case CSR_MTVAL:
		*val = v->mtval;
		return true;
	case CSR_SATP:
		*val = v->hide_os ? v->fw_satp : v->satp;
		return true;
	case CSR_MTINST:
	case CSR_MTVAL2:
	case CSR_HIE:
		if (!hw.has_h)
			return false;
		*val = csr == CSR_MTINST   ? v->mtinst
		       : csr == CSR_MTVAL2 ? v->mtval2
					   : v->mie & HS_INTERRUPTS;
		return true;
	case CSR_MSECCFG:
		*val = v->mseccfg;
		return hw.has_mseccfg;
	default:
		break;
	}
	if (is_pmpcfg(csr) || is_pmpaddr(csr)) {
		if (!pmp_csr_exists(csr))
			return false;
		*val = is_pmpcfg(csr) ? vpmp_read_cfg(&v->pmp, csr - CSR_PMPCFG0)
				      : vpmp_read_addr(&v->pmp, csr - CSR_PMPADDR0);
		return true;
	}
	if (is_debug_csr(csr))
		return vtrig_read(h, csr, val);
	return hw_csr_read(h, csr, val);
}

/* Callers: vcsr_exec, as for vcsr_read; fx is a local of monitor.c's. */
/*@ requires \valid(h) && \valid(fx) && \separated(h, fx);
    requires csr < 4096;
    assigns *h, *fx;
*/
bool vcsr_write(struct hart *h, unsigned csr, uint64_t val, unsigned *fx)
{
	struct vcpu *v = &h->v;

	if (__builtin_expect(absent_without_s(csr), 0))
		return false;
	if (__builtin_expect(v->hide_os, 0) && is_os_csr(csr))
		return hidden_access(h, csr, &val);
	switch (csr) {
	case CSR_MSTATUS:
		write_mstatus(h, val, fx);
		return true;
	case CSR_SSTATUS: {
		uint64_t mask = SSTATUS_VIEW &
				(hw.mstatus_wmask | (hw.mstatus_uxl_writable ? MSTATUS_UXL : 0));
		write_mstatus(h, (vcsr_mstatus(h) & ~mask) | (val & mask), fx);
		return true;
	}
	case CSR_MISA: /* §3.1.1: WARL; QEMU's virt CPUs ignore writes. */
		return true;
	case CSR_MEDELEG:
		v->medeleg = warl_medeleg(val);
		return true;
	case CSR_MIDELEG:
		v->mideleg = warl_mideleg(val);
		*fx |= VCSR_FX_IRQ;
		return true;
	case CSR_HSTATUS: {
		/* The hardware's WARL rules decide every field, HU included;
		 * then HU goes to the vCPU and stays clear physically. */
		uint64_t old;
		if (!hw_csr_rmw(h, CSR_HSTATUS, CSR_OP_RW, val, &old) ||
		    !hw_csr_rmw(h, CSR_HSTATUS, CSR_OP_RC, HSTATUS_HU, &old))
			return false;
		v->hstatus_hu = old & HSTATUS_HU;
		return true;
	}
	case CSR_MIE:
		if (v->hide_os) {
			/* The OS's enables stay; the firmware has its own (I14). */
			v->fw_sie = warl_mie(val) & v->os_ideleg;
			v->mie = warl_mie_hidden(v->mie, val, v->os_ideleg);
		} else {
			v->mie = warl_mie(val);
		}
		*fx |= VCSR_FX_IRQ;
		return true;
	case CSR_SIE:
		v->mie = warl_mie_part(v->mie, val, v->mideleg & S_INTERRUPTS);
		*fx |= VCSR_FX_IRQ;
		return true;
	case CSR_SIP: {
		/* §4.1.3: only SSIP is writable through sip, if delegated. */
		uint64_t mask = v->mideleg & MIP_SSIP, old;
		if (mask && (!hw_csr_rmw(h, CSR_MIP, CSR_OP_RS, val & mask, &old) ||
			     !hw_csr_rmw(h, CSR_MIP, CSR_OP_RC, ~val & mask, &old)))
			return false;
		return true;
	}
	case CSR_MTVEC:
		v->mtvec = warl_mtvec(v->mtvec, val);
		return true;
	case CSR_MSCRATCH:
		v->mscratch = val;
		return true;
	case CSR_MEPC:
		v->mepc = warl_mepc(val);
		return true;
	case CSR_MCAUSE:
		v->mcause = val;
		return true;
	case CSR_MTVAL:
		v->mtval = val;
		return true;
	case CSR_SATP:
		if (v->hide_os)
			v->fw_satp = hw_satp_legalize(v->fw_satp, val);
		else
			v->satp = hw_satp_legalize(v->satp, val);
		return true;
	case CSR_MTINST:
	case CSR_MTVAL2:
	case CSR_HIE:
		if (!hw.has_h)
			return false;
		if (csr == CSR_MTINST)
			v->mtinst = val;
		else if (csr == CSR_MTVAL2)
			v->mtval2 = val;
		else {
			v->mie = warl_mie_part(v->mie, val, HS_INTERRUPTS);
			*fx |= VCSR_FX_IRQ;
		}
		return true;
	case CSR_MSECCFG:
		v->mseccfg = warl_mseccfg(val);
		return hw.has_mseccfg;
	default:
		break;
	}
	if (is_pmpcfg(csr) || is_pmpaddr(csr)) {
		if (!pmp_csr_exists(csr))
			return false;
		if (is_pmpcfg(csr)) {
			vpmp_write_cfg(&v->pmp, csr - CSR_PMPCFG0, val);
		} else {
			unsigned i = csr - CSR_PMPADDR0;
			if (vpmp_write_addr(&v->pmp, i, val))
				hw_write_pmpaddr(pmp_layout.vpmp + i, val);
		}
		*fx |= VCSR_FX_PMP;
		return true;
	}
	if (is_debug_csr(csr)) {
		bool changed = false;
		if (!vtrig_write(h, csr, val, &changed))
			return false;
		if (changed)
			*fx |= VCSR_FX_TRIG;
		return true;
	}
	return hw_csr_rmw(h, csr, CSR_OP_RW, val, &val);
}

/* CSRs that vcsr_read/vcsr_write handle themselves; all others pass through. */
/*@ assigns \nothing; */
static bool is_emulated(unsigned csr)
{
	switch (csr) {
	case CSR_MSTATUS:
	case CSR_SSTATUS:
	case CSR_MISA:
	case CSR_MEDELEG:
	case CSR_MIDELEG:
	case CSR_HSTATUS:
	case CSR_MIE:
	case CSR_SIE:
	case CSR_SIP:
	case CSR_MTVEC:
	case CSR_MSCRATCH:
	case CSR_MEPC:
	case CSR_MCAUSE:
	case CSR_MTVAL:
	case CSR_SATP:
	case CSR_MTINST:
	case CSR_MTVAL2:
	case CSR_HIE:
	case CSR_MSECCFG:
		return true;
	default:
		return is_pmpcfg(csr) || is_pmpaddr(csr) || is_debug_csr(csr);
	}
}

/*
 * Caller: monitor.c emulate_privileged, with in from decode_insn of kind
 * INSN_CSR: its contract ensures the register numbers (insn_fields_ok,
 * decode.h); csr is the instruction's 12-bit field (decode_system).
 */
/*@ requires \valid(h) && \valid_read(in) && \valid(fx);
    requires \separated(h, in, fx);
    requires in->rd < 32 && in->rs1 < 32 && in->csr < 4096;
    assigns *h, *fx;
*/
bool vcsr_exec(struct hart *h, const struct insn *in, unsigned *fx)
{
	uint64_t src = in->csr_imm ? in->rs1 : h->regs[in->rs1], old = 0;
	/* Unprivileged ISA §9.1: csrrw with rd=x0 does not read; csrrs/csrrc
	 * with rs1=x0 (or uimm=0) do not write. */
	bool writes = in->csr_op == CSR_OP_RW || in->rs1 != 0;
	bool reads = in->csr_op != CSR_OP_RW || in->rd != 0;

	/* §2.1: csr[11:10]=3 is read-only; a write raises illegal instruction. */
	if (writes && (in->csr >> 10) == 3U)
		return false;
	if (writes && !is_emulated(in->csr) && !(h->v.hide_os && is_os_csr(in->csr))) {
		if (!hw_csr_rmw(h, in->csr, in->csr_op, src, &old))
			return false;
		if (in->rd != 0)
			h->regs[in->rd] = old;
		return true;
	}
	if (reads && !vcsr_read(h, in->csr, &old))
		return false;
	if (writes) {
		uint64_t new;
		if (in->csr_op == CSR_OP_RW)
			new = src;
		else if (in->csr_op == CSR_OP_RS)
			new = old | src;
		else
			new = old & ~src;
		if (!vcsr_write(h, in->csr, new, fx))
			return false;
	}
	if (in->rd != 0)
		h->regs[in->rd] = old;
	return true;
}

/* Reads without side effects that vcsr_read answers from the vCPU. */
/*@ assigns \nothing; */
static bool is_plain_read(unsigned csr)
{
	switch (csr) {
	case CSR_MSTATUS:
	case CSR_MISA:
	case CSR_MEDELEG:
	case CSR_MIDELEG:
	case CSR_MIE:
	case CSR_MTVEC:
	case CSR_SATP:
	case CSR_MTINST:
	case CSR_MTVAL2:
		return true;
	default:
		return false;
	}
}

/* Reads that vcsr_fast_other answers from the vCPU. */
/* A guest register of the trap (r < 32: a 5-bit field of the instruction). */
/*@ requires \valid(h) && r < 32;
    assigns h->regs[r];
    ensures h->regs[r] == val;
*/
static void set_reg(struct hart *h, unsigned r, uint64_t val)
{
	h->regs[r] = val;
}

/*@ requires \valid_read(h) && r < 32;
    assigns \nothing;
    ensures \result == h->regs[r];
*/
static uint64_t get_reg(const struct hart *h, unsigned r)
{
	return h->regs[r];
}

/* Caller: monitor.c, after vcsr_fast_plain, on the current hart. */
/*@ requires \valid(h);
    assigns *h;
*/
enum vcsr_fast_result vcsr_fast_other(struct hart *h, uint32_t bits)
{
	unsigned funct3 = (bits >> 12) & 7U, rd = (bits >> 7) & 31U, rs1 = (bits >> 15) & 31U;
	unsigned csr = bits >> 20, fx = 0;
	uint64_t val;

	/*@ assert rd < 32 && rs1 < 32 && csr < 4096; */
	/* vcsr_fast_plain checked the opcode and that the registers are at hand. */
	/* csrw mstatus, rs1 (csrrw, rd=x0): unless MIE or MPRV change (side effects). */
	if (csr == CSR_MSTATUS && funct3 == CSR_OP_RW && rd == 0) {
		val = get_reg(h, rs1);
		if ((val ^ h->v.mstatus) & (MSTATUS_MIE | MSTATUS_MPRV))
			return VCSR_FAST_NO;
		write_mstatus(h, val, &fx);
		return VCSR_FAST_DONE;
	}
	/* csrrs/csrrc with rs1=x0 (csrr): a read. */
	if ((funct3 & 3U) == CSR_OP_RW || rs1 != 0 || !is_plain_read(csr) ||
	    !vcsr_read(h, csr, &val))
		return VCSR_FAST_NO;
	if (rd != 0)
		set_reg(h, rd, val);
	return VCSR_FAST_DONE;
}
