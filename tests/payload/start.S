/* SPDX-License-Identifier: BSD-2-Clause */
/* Entry of the S-mode test payload: a stack, then main(hartid, fdt). */
	.section .text.start, "ax"
	.globl _start
_start:
	la	sp, stack_top
	call	main
1:	wfi
	j	1b
	.bss
	.balign 16
	.space 8192
stack_top:
