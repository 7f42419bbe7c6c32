/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Entries of the S-mode test payload. _start (the boot hart, where the
 * firmware jumps): clear .bss, a stack, then main(hartid, fdt).
 * _secondary (the other harts, started by SBI HSM hart_start with
 * a0 = hartid): a 1 KiB stack of its own, then secondary_main(hartid).
 */
#define MAX_HARTS 128
#define SECONDARY_STACK 1024

	.section .text.start, "ax"
	.globl _start
_start:
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	sp, stack_top
	call	main
3:	wfi
	j	3b

	.globl _secondary
	.balign 4
_secondary:
	li	t0, MAX_HARTS
	bgeu	a0, t0, 3b		/* no stack for it: park it */
	la	sp, secondary_stacks
	addi	t0, a0, 1
	slli	t0, t0, 10		/* (hartid + 1) * SECONDARY_STACK */
	add	sp, sp, t0
	call	secondary_main
	j	3b

	.bss
	.balign 16
	.space 8192
stack_top:
	.balign 16
secondary_stacks:
	.space MAX_HARTS * SECONDARY_STACK
