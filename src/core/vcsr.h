// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual CSRs of the firmware's virtual M-mode: reads, writes with the
 * hardware's WARL rules, and the CSR instructions that access them.
 */
#ifndef CORDON_VCSR_H
#define CORDON_VCSR_H

#include <stdbool.h>
#include <stdint.h>

#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "decode.h"
#include "hart.h"

/* Side effects of a CSR write that the monitor must apply afterwards. */
#define VCSR_FX_PMP BIT(0)  /* the PMP views changed */
#define VCSR_FX_IRQ BIT(1)  /* interrupt enables or delegation changed */
#define VCSR_FX_MPRV BIT(2) /* mstatus.MPRV changed: the other composed PMP view applies */
#define VCSR_FX_TRIG BIT(3) /* a debug trigger changed: the hardware's follow (world.c) */

/* Read CSR csr as the firmware sees it. False: illegal instruction. */
bool vcsr_read(struct hart *h, unsigned csr, uint64_t *val);
/* Write CSR csr; *fx collects VCSR_FX_*. False: illegal instruction. */
bool vcsr_write(struct hart *h, unsigned csr, uint64_t val, unsigned *fx);
/*
 * Execute a CSR instruction (csrrw/s/c, immediate forms) with the x0 rules
 * of Priv §2.1 / unprivileged ISA §9.1. False: illegal instruction.
 */
bool vcsr_exec(struct hart *h, const struct insn *in, unsigned *fx);

/*
 * The hot path: a CSR instruction on one of the plain virtual CSRs
 * (mscratch, mepc, mcause, mtval), a read of a virtual CSR without side
 * effects, or an mstatus write that changes neither MIE nor MPRV. Returns
 * VCSR_FAST_NO, having changed nothing, for anything else (vcsr_exec then
 * handles it), and VCSR_FAST_NEED_REGS if it names a register outside
 * regs_valid.
 */
enum vcsr_fast_result {
	VCSR_FAST_DONE,
	VCSR_FAST_NO,
	VCSR_FAST_NEED_REGS,
	VCSR_FAST_OTHER, /* vcsr_fast_plain only: a CSR instruction for vcsr_fast_other */
};

/*
 * vcsr_fast's second part, out of line: side-effect-free reads, plain
 * mstatus writes. Only after vcsr_fast_plain returned VCSR_FAST_OTHER.
 */
enum vcsr_fast_result vcsr_fast_other(struct hart *h, uint32_t bits) __attribute__((noinline));

/*
 * vcsr_fast's first part, on mscratch, mepc, mcause and mtval only
 * (VCSR_FAST_OTHER for another CSR). Inline, so that the trap's dispatcher
 * (monitor_fast_trap) stays a leaf on this path: no call, nothing to save.
 */
/*@ requires \valid(h);
    assigns *h;
*/
static inline __attribute__((always_inline)) enum vcsr_fast_result
vcsr_fast_plain(struct hart *h, uint32_t bits, uint64_t regs_valid)
{
	unsigned funct3 = (bits >> 12) & 7U, rd = (bits >> 7) & 31U, rs1 = (bits >> 15) & 31U;
	uint64_t *reg, old, src, val;

	if ((bits & 0x7fU) != 0x73U || (funct3 & 3U) == 0)
		return VCSR_FAST_NO;
	if (!((regs_valid >> rd) & 1U) || (!(funct3 & 4U) && !((regs_valid >> rs1) & 1U)))
		return VCSR_FAST_NEED_REGS;
	switch (bits >> 20) {
	case CSR_MSCRATCH:
		reg = &h->v.mscratch;
		break;
	case CSR_MEPC:
		reg = &h->v.mepc;
		break;
	case CSR_MCAUSE:
		reg = &h->v.mcause;
		break;
	case CSR_MTVAL:
		reg = &h->v.mtval;
		break;
	default:
		return VCSR_FAST_OTHER;
	}
	old = *reg;
	src = (funct3 & 4U) ? rs1 : h->regs[rs1];
	if ((funct3 & 3U) == CSR_OP_RW)
		val = src;
	else if (rs1 != 0)
		val = (funct3 & 3U) == CSR_OP_RS ? old | src : old & ~src;
	else
		val = old;
	/* §3.1.14: mepc[0] is always zero (IALIGN=16 with C). */
	*reg = (bits >> 20) == CSR_MEPC ? val & ~1ULL : val;
	if (rd != 0)
		h->regs[rd] = old;
	return VCSR_FAST_DONE;
}

/*@ requires \valid(h);
    assigns *h;
*/
static inline enum vcsr_fast_result vcsr_fast(struct hart *h, uint32_t bits, uint64_t regs_valid)
{
	enum vcsr_fast_result r = vcsr_fast_plain(h, bits, regs_valid);

	return r == VCSR_FAST_OTHER ? vcsr_fast_other(h, bits) : r;
}

/* The firmware's mstatus with the live FS and VS fields (shared, world.c) and derived SD. */
/*@ requires \valid_read(h);
    assigns \nothing;
*/
static inline uint64_t vcsr_mstatus(const struct hart *h)
{
	uint64_t m = (h->v.mstatus & ~(MSTATUS_SHARED | MSTATUS_SD)) | hw_read_mstatus_shared();

	/* fw_sstatus holds only MSTATUS_OS_PRIVATE and VS bits (vcsr.c write_mstatus, vtrap.c). */
	if (__builtin_expect(h->v.hide_os, 0))
		m = (m & ~(MSTATUS_OS_PRIVATE | MSTATUS_VS)) | h->v.fw_sstatus;
	/* §3.1.6.6: SD summarises FS, VS and XS being Dirty. */
	if ((m & MSTATUS_FS) == MSTATUS_FS || (m & MSTATUS_XS) == MSTATUS_XS ||
	    (m & MSTATUS_VS) == MSTATUS_VS)
		m |= MSTATUS_SD;
	return m;
}

#endif
