/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entry of the M-mode bench firmware (bench/fw/mbench.c): hart 0 gets a
 * stack and a zeroed .bss and runs main(); other harts park in wfi. Any trap
 * is unexpected: it stops the machine with exit status 3 (finisher).
 */
	.section .text.start, "ax"
	.globl _start
_start:
	csrw	mie, zero
	la	t0, unexpected_trap
	csrw	mtvec, t0
	bnez	a0, park
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	main
	li	t0, 0x100000			/* sifive,test finisher */
	li	t1, 0x5555			/* pass: QEMU exits 0 */
	sw	t1, 0(t0)
park:
	wfi
	j	park

	.balign 4
unexpected_trap:
	li	t0, 0x100000
	li	t1, 0x33333			/* (3 << 16) | 0x3333: QEMU exits 3 */
	sw	t1, 0(t0)
	j	park
