// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trap vectors of the test library. M-mode: trap_entry (direct mode) and
 * trap_vector_table (vectored mode, 16 slots) save all GPRs and the trap
 * CSRs in a frame on the trap stack (sp is swapped with mscratch) and call
 * m_trap_dispatch(frame); on return mepc is reloaded from the frame, so a
 * handler can skip or redirect. S-mode: s_trap_entry does the same with
 * sscratch/sepc/sstatus/scause/stval and calls s_trap_dispatch(frame).
 */
#include "asm.h"

/* Save x1, x3..x31 (t0 = x5 already saved by the caller of this macro). */
.macro SAVE_GPRS
	sd	x1, 1*8(sp)
	sd	x3, 3*8(sp)
	sd	x4, 4*8(sp)
	sd	x6, 6*8(sp)
	sd	x7, 7*8(sp)
	sd	x8, 8*8(sp)
	sd	x9, 9*8(sp)
	sd	x10, 10*8(sp)
	sd	x11, 11*8(sp)
	sd	x12, 12*8(sp)
	sd	x13, 13*8(sp)
	sd	x14, 14*8(sp)
	sd	x15, 15*8(sp)
	sd	x16, 16*8(sp)
	sd	x17, 17*8(sp)
	sd	x18, 18*8(sp)
	sd	x19, 19*8(sp)
	sd	x20, 20*8(sp)
	sd	x21, 21*8(sp)
	sd	x22, 22*8(sp)
	sd	x23, 23*8(sp)
	sd	x24, 24*8(sp)
	sd	x25, 25*8(sp)
	sd	x26, 26*8(sp)
	sd	x27, 27*8(sp)
	sd	x28, 28*8(sp)
	sd	x29, 29*8(sp)
	sd	x30, 30*8(sp)
	sd	x31, 31*8(sp)
.endm

/* Restore every GPR but sp, then sp itself (slot 2 = interrupted sp). */
.macro RESTORE_GPRS
	ld	x1, 1*8(sp)
	ld	x3, 3*8(sp)
	ld	x4, 4*8(sp)
	ld	x5, 5*8(sp)
	ld	x6, 6*8(sp)
	ld	x7, 7*8(sp)
	ld	x8, 8*8(sp)
	ld	x9, 9*8(sp)
	ld	x10, 10*8(sp)
	ld	x11, 11*8(sp)
	ld	x12, 12*8(sp)
	ld	x13, 13*8(sp)
	ld	x14, 14*8(sp)
	ld	x15, 15*8(sp)
	ld	x16, 16*8(sp)
	ld	x17, 17*8(sp)
	ld	x18, 18*8(sp)
	ld	x19, 19*8(sp)
	ld	x20, 20*8(sp)
	ld	x21, 21*8(sp)
	ld	x22, 22*8(sp)
	ld	x23, 23*8(sp)
	ld	x24, 24*8(sp)
	ld	x25, 25*8(sp)
	ld	x26, 26*8(sp)
	ld	x27, 27*8(sp)
	ld	x28, 28*8(sp)
	ld	x29, 29*8(sp)
	ld	x30, 30*8(sp)
	ld	x31, 31*8(sp)
	ld	sp, 2*8(sp)
.endm

	.text
	.align 2
	.globl trap_entry
trap_entry:
	csrrw	sp, mscratch, sp		// sp = trap stack, mscratch = old sp
	addi	sp, sp, -FRAME_SIZE
	sd	t0, 5*8(sp)
	li	t0, -1				// not entered through the vector table
m_trap_common:
	sd	t0, FRAME_VECTOR(sp)
	SAVE_GPRS
	csrr	t0, mscratch
	sd	t0, 2*8(sp)			// interrupted sp
	csrr	t0, mepc
	sd	t0, FRAME_EPC(sp)
	csrr	t0, mstatus
	sd	t0, FRAME_STATUS(sp)
	csrr	t0, mcause
	sd	t0, FRAME_CAUSE(sp)
	csrr	t0, mtval
	sd	t0, FRAME_TVAL(sp)
	mv	a0, sp
	call	m_trap_dispatch
	ld	t0, FRAME_EPC(sp)
	csrw	mepc, t0
	addi	t0, sp, FRAME_SIZE
	csrw	mscratch, t0			// trap stack top again
	RESTORE_GPRS
	mret

/*
 * Vectored mtvec table: slot i jumps to a stub that records i in the frame.
 * The spec (§3.1.7) lets BASE be 4-byte aligned; we align to 256 anyway.
 */
	.align 8
	.globl trap_vector_table
trap_vector_table:
	.option push
	.option norvc				// every slot is exactly 4 bytes
.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	j	vector_stub_\i
.endr
	.option pop

.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
vector_stub_\i:
	csrrw	sp, mscratch, sp
	addi	sp, sp, -FRAME_SIZE
	sd	t0, 5*8(sp)
	li	t0, \i
	j	m_trap_common
.endr

/* S-mode trap entry (stvec); sscratch holds the S trap stack top. */
	.align 2
	.globl s_trap_entry
s_trap_entry:
	csrrw	sp, sscratch, sp
	addi	sp, sp, -FRAME_SIZE
	sd	t0, 5*8(sp)
	li	t0, -1
	sd	t0, FRAME_VECTOR(sp)
	SAVE_GPRS
	csrr	t0, sscratch
	sd	t0, 2*8(sp)
	csrr	t0, sepc
	sd	t0, FRAME_EPC(sp)
	csrr	t0, sstatus
	sd	t0, FRAME_STATUS(sp)
	csrr	t0, scause
	sd	t0, FRAME_CAUSE(sp)
	csrr	t0, stval
	sd	t0, FRAME_TVAL(sp)
	mv	a0, sp
	call	s_trap_dispatch
	ld	t0, FRAME_EPC(sp)
	csrw	sepc, t0
	addi	t0, sp, FRAME_SIZE
	csrw	sscratch, t0
	RESTORE_GPRS
	sret
