/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A firmware that leaves the UART unusable for others (LCR.DLAB=1: the
 * transmit register becomes the divisor latch; MCR.LOOP=1: output loops
 * back inside the chip), then does something cordon cannot emulate (an AMO
 * on the CLINT). cordon's report must still reach the console
 * (docs/security.md, I9) and the machine stop with exit 99.
 */
	.section .text
	.globl _start
_start:
	csrr	t0, mhartid
	bnez	t0, park
	li	t0, 0x10000000		/* ns16550a */
	li	t1, 0x83		/* LCR: DLAB=1, 8 bits */
	sb	t1, 3(t0)
	li	t1, 0x10		/* MCR: LOOP=1 */
	sb	t1, 4(t0)
	li	a0, 0x2000000		/* CLINT msip of hart 0 */
	li	a1, 1
	amoswap.w a2, a1, (a0)
	li	t0, 0x100000		/* finisher: "pass" would mean no report */
	li	t1, 0x5555
	sw	t1, 0(t0)
park:
	wfi
	j	park
