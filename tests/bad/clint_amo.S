/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A firmware that does something cordon cannot emulate: an atomic
 * read-modify-write on the CLINT. cordon must report it (what, where,
 * registers) and stop the machine with a non-zero exit, not hang.
 */
	.section .text
	.globl _start
_start:
	csrr	t0, mhartid
	bnez	t0, park
	li	a0, 0x2000000		/* CLINT msip of hart 0 */
	li	a1, 1
	amoswap.w a2, a1, (a0)
	li	t0, 0x100000		/* finisher: "pass" would mean no report */
	li	t1, 0x5555
	sw	t1, 0(t0)
park:
	wfi
	j	park
