// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual CSRs of the firmware's virtual M-mode: reads, writes with the
 * hardware's WARL rules, and the CSR instructions that access them.
 */
#ifndef CORDON_VCSR_H
#define CORDON_VCSR_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"
#include "hart.h"

/* Side effects of a CSR write that the monitor must apply afterwards. */
#define VCSR_FX_PMP BIT(0) /* the PMP views changed */
#define VCSR_FX_IRQ BIT(1) /* interrupt enables or delegation changed */

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
enum vcsr_fast_result { VCSR_FAST_DONE, VCSR_FAST_NO, VCSR_FAST_NEED_REGS };
enum vcsr_fast_result vcsr_fast(struct hart *h, uint32_t bits, uint64_t regs_valid);

/* The firmware's mstatus with the live FS field and derived SD. */
uint64_t vcsr_mstatus(const struct hart *h);

#endif
