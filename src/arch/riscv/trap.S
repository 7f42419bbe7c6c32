/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trap entry and exit. Every trap, from the firmware (U-mode), the OS
 * (S/U-mode) or cordon itself (M-mode, only inside guarded accesses), comes
 * to trap_vector. While a guest runs, mscratch holds the hart's struct hart.
 */
#include "asm-offsets.h"
#include "cordon/riscv.h"

#define REG(n) (HART_REGS + 8 * (n))

	.section .text.trap, "ax"
	.option norvc
	.balign 4
/*
 * Two-level save. The C handlers preserve the callee-saved registers
 * (s0-s11) by the ABI, so most traps only need TRAP_FAST_REGS in struct
 * hart (hart.h: ra, sp, gp, tp, t0-t6, a0-a7). monitor_fast_trap handles
 * the hot traps; it returns MONITOR_GENERAL for the others (monitor_trap
 * then runs), or MONITOR_NEED_ALL_REGS, before it has changed anything, when
 * the trap needs a register outside that set (an emulated instruction
 * names s1, say): then the rest is saved and monitor_trap runs with all.
 */
	.globl trap_vector
trap_vector:
	csrrw	sp, mscratch, sp		/* sp = struct hart, mscratch = trapped sp */
	sd	t0, HART_GUARD_SCRATCH(sp)	/* one free register to look at MPP */
	csrr	t0, mstatus
	srli	t0, t0, MSTATUS_MPP_SHIFT
	andi	t0, t0, 3
	addi	t0, t0, -PRV_M
	beqz	t0, trap_from_m			/* cordon itself trapped: a guard */
	ld	t0, HART_GUARD_SCRATCH(sp)
	/* A guest trapped: save the caller-saved registers and gp/tp (TRAP_FAST_REGS). */
	sd	x1, REG(1)(sp)
	sd	x3, REG(3)(sp)
	sd	x4, REG(4)(sp)
	sd	x5, REG(5)(sp)
	sd	x6, REG(6)(sp)
	sd	x7, REG(7)(sp)
	sd	x10, REG(10)(sp)
	sd	x11, REG(11)(sp)
	sd	x12, REG(12)(sp)
	sd	x13, REG(13)(sp)
	sd	x14, REG(14)(sp)
	sd	x15, REG(15)(sp)
	sd	x16, REG(16)(sp)
	sd	x17, REG(17)(sp)
	sd	x28, REG(28)(sp)
	sd	x29, REG(29)(sp)
	sd	x30, REG(30)(sp)
	sd	x31, REG(31)(sp)
	ld	tp, HART_CAPS(sp)		/* cordon's tp: this hart's hardware (arch.h: hw) */
	csrrw	t0, mscratch, sp		/* t0 = trapped sp, mscratch = hart again */
	sd	t0, REG(2)(sp)
	mv	a0, sp
	ld	sp, HART_STACK_TOP(sp)
	call	monitor_fast_trap		/* the hot paths: it updates mepc itself */
	csrr	t0, mscratch			/* t0 = struct hart */
	beqz	a0, trap_fast_return		/* MONITOR_DONE */
	li	a1, MONITOR_DONE_ALL
	bne	a0, a1, 1f
	mv	a0, t0				/* every register from h (protect-os) */
	j	trap_return
1:	csrr	a1, mepc			/* the general path works on h->pc */
	sd	a1, HART_PC(t0)
	li	a1, MONITOR_GENERAL
	bne	a0, a1, trap_save_all		/* MONITOR_NEED_ALL_REGS */
	mv	a0, t0
	li	a1, 0				/* only TRAP_FAST_REGS are saved */
	call	monitor_trap
	csrr	t0, mscratch
	bnez	a0, trap_save_all
	ld	t1, HART_PC(t0)
	csrw	mepc, t1
trap_fast_return:
	/* Done: restore TRAP_FAST_REGS; s0-s11 never changed. */
	ld	x1, REG(1)(t0)
	ld	x2, REG(2)(t0)
	ld	x3, REG(3)(t0)
	ld	x4, REG(4)(t0)
	ld	x6, REG(6)(t0)
	ld	x7, REG(7)(t0)
	ld	x10, REG(10)(t0)
	ld	x11, REG(11)(t0)
	ld	x12, REG(12)(t0)
	ld	x13, REG(13)(t0)
	ld	x14, REG(14)(t0)
	ld	x15, REG(15)(t0)
	ld	x16, REG(16)(t0)
	ld	x17, REG(17)(t0)
	ld	x28, REG(28)(t0)
	ld	x29, REG(29)(t0)
	ld	x30, REG(30)(t0)
	ld	x31, REG(31)(t0)
	ld	x5, REG(5)(t0)			/* t0 last */
	mret

/* monitor_trap needs every register: save the others and run it again. */
trap_save_all:
	sd	x8, REG(8)(t0)
	sd	x9, REG(9)(t0)
	sd	x18, REG(18)(t0)
	sd	x19, REG(19)(t0)
	sd	x20, REG(20)(t0)
	sd	x21, REG(21)(t0)
	sd	x22, REG(22)(t0)
	sd	x23, REG(23)(t0)
	sd	x24, REG(24)(t0)
	sd	x25, REG(25)(t0)
	sd	x26, REG(26)(t0)
	sd	x27, REG(27)(t0)
	mv	a0, t0
	li	a1, 1				/* all registers are saved */
	call	monitor_trap
	csrr	a0, mscratch
	/* fall through */

	.globl trap_return
/* void trap_return(struct hart *h): resume the guest, all registers from h. */
trap_return:
	ld	t0, HART_PC(a0)
	csrw	mepc, t0
	ld	x1, REG(1)(a0)
	ld	x2, REG(2)(a0)
	ld	x3, REG(3)(a0)
	ld	x4, REG(4)(a0)
	ld	x5, REG(5)(a0)
	ld	x6, REG(6)(a0)
	ld	x7, REG(7)(a0)
	ld	x8, REG(8)(a0)
	ld	x9, REG(9)(a0)
	ld	x11, REG(11)(a0)
	ld	x12, REG(12)(a0)
	ld	x13, REG(13)(a0)
	ld	x14, REG(14)(a0)
	ld	x15, REG(15)(a0)
	ld	x16, REG(16)(a0)
	ld	x17, REG(17)(a0)
	ld	x18, REG(18)(a0)
	ld	x19, REG(19)(a0)
	ld	x20, REG(20)(a0)
	ld	x21, REG(21)(a0)
	ld	x22, REG(22)(a0)
	ld	x23, REG(23)(a0)
	ld	x24, REG(24)(a0)
	ld	x25, REG(25)(a0)
	ld	x26, REG(26)(a0)
	ld	x27, REG(27)(a0)
	ld	x28, REG(28)(a0)
	ld	x29, REG(29)(a0)
	ld	x30, REG(30)(a0)
	ld	x31, REG(31)(a0)
	ld	x10, REG(10)(a0)		/* a0 last */
	mret

/*
 * cordon trapped in M-mode. Inside a guarded access (guard.armed != 0)
 * record the cause and skip the 4-byte faulting instruction; anything
 * else is a bug in cordon: stop the machine.
 */
trap_from_m:
	ld	t0, HART_GUARD_ARMED(sp)
	beqz	t0, 1f
	csrr	t0, mcause
	sd	t0, HART_GUARD_CAUSE(sp)
	csrr	t0, mtval
	sd	t0, HART_GUARD_TVAL(sp)
	csrr	t0, mstatus			/* GVA: the guarded code restores mstatus */
	sd	t0, HART_GUARD_STATUS(sp)
	li	t0, 1
	sd	t0, HART_GUARD_TRAPPED(sp)
	csrr	t0, mepc
	addi	t0, t0, 4			/* guarded instructions are never compressed */
	csrw	mepc, t0
	ld	t0, HART_GUARD_SCRATCH(sp)
	csrrw	sp, mscratch, sp
	mret
1:	mv	a0, sp
	csrr	sp, mscratch			/* cordon's own stack */
	csrr	a1, mcause
	csrr	a2, mepc
	csrr	a3, mtval
	call	monitor_fault			/* does not return */
2:	wfi
	j	2b
