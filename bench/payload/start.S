/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry and trap vector of the S-mode bench payload (bench/payload/sbench.c).
 * Every hart enters at 0x80200000 with a0 = hartid; each gets 16 KiB: the
 * lower 8 KiB its stack, the upper 8 KiB its trap stack (in sscratch).
 * The trap vector saves the caller-saved registers and calls
 * s_trap(scause, sepc, stval), whose return value is the new sepc; an ecall
 * from U-mode instead returns from u_call() (see below).
 */
#define STACK_SIZE 16384
	.section .text.start, "ax"
	.globl _start
_start:
	li	t0, STACK_SIZE
	addi	t1, a0, 1
	mul	t1, t1, t0
	la	sp, __stacks
	add	sp, sp, t1			/* top of this hart's 16 KiB */
	csrw	sscratch, sp			/* trap stack: upper 8 KiB */
	li	t0, STACK_SIZE / 2
	sub	sp, sp, t0			/* stack: lower 8 KiB */
	la	t0, trap_entry
	csrw	stvec, t0
	call	main
1:	wfi
	j	1b

	.text
	.balign 4
trap_entry:
	csrrw	sp, sscratch, sp
	addi	sp, sp, -144
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	a0, 32(sp)
	sd	a1, 40(sp)
	sd	a2, 48(sp)
	sd	a3, 56(sp)
	sd	a4, 64(sp)
	sd	a5, 72(sp)
	sd	a6, 80(sp)
	sd	a7, 88(sp)
	sd	t3, 96(sp)
	sd	t4, 104(sp)
	sd	t5, 112(sp)
	sd	t6, 120(sp)
	csrr	a0, scause
	li	t0, 8				/* ecall from U: end of u_call */
	beq	a0, t0, u_return
	csrr	a1, sepc
	csrr	a2, stval
	call	s_trap
	csrw	sepc, a0
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	a0, 32(sp)
	ld	a1, 40(sp)
	ld	a2, 48(sp)
	ld	a3, 56(sp)
	ld	a4, 64(sp)
	ld	a5, 72(sp)
	ld	a6, 80(sp)
	ld	a7, 88(sp)
	ld	t3, 96(sp)
	ld	t4, 104(sp)
	ld	t5, 112(sp)
	ld	t6, 120(sp)
	addi	sp, sp, 144
	csrrw	sp, sscratch, sp
	sret

/*
 * void u_call(void (*fn)(ulong, ulong), ulong a0, ulong a1): runs fn(a0, a1)
 * in U-mode (satp is bare; fn must end with an ecall) and returns to the
 * caller in S-mode when it does. One hart at a time.
 */
	.globl u_call
u_call:
	la	t0, u_ctx
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	sd	s0, 16(t0)
	sd	s1, 24(t0)
	csrw	sepc, a0
	mv	a0, a1
	mv	a1, a2
	li	t0, 0x100			/* sstatus.SPP = U */
	csrc	sstatus, t0
	addi	sp, sp, -256			/* U runs below the caller's frame */
	sret

u_return:
	addi	sp, sp, 144
	csrrw	sp, sscratch, sp		/* sscratch = trap stack again */
	la	t0, u_ctx
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	ld	s0, 16(t0)
	ld	s1, 24(t0)
	ret

/* U-mode loops: N misaligned (a1 = p + 1) or aligned (p) amoadd.w, then ecall. */
	.globl u_amo_loop
u_amo_loop:
1:	amoadd.w zero, zero, (a0)
	addi	a1, a1, -1
	bnez	a1, 1b
	ecall

	.bss
	.balign 8
u_ctx:	.space	32
