/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Regression firmware for the lost hart of issue 9 (docs/architecture.md,
 * "Boot and SMP"). The first hart to enter the firmware at once uses the
 * memory just below the usual payload address, 0x80100000-0x801fffff, as
 * Linux does with the pages below its kernel: it zeroes it, where cordon's
 * image (and a late hart still in its boot stage 1) used to be. Then it
 * waits up to 5 s for every hart to check in and reports which did (a
 * mask, hart n = bit n). Natively, and under a correct cordon even with a
 * hart held back in boot (make image STRAGGLER=1), all of them arrive:
 * "harts in firmware: 8 (mask ff)", exit 0; else exit 1 (or a hang/panic:
 * a lost hart).
 */
#define NHARTS 8
	.section .text
	.globl _start
_start:
	li	t1, 1
	sll	t1, t1, a0		/* a0 = hartid: check in */
	la	t0, mask
	amoor.w	zero, t1, (t0)
	la	t0, count
	li	t1, 1
	amoadd.w t2, t1, (t0)
	bnez	t2, park
	/* First hart: zero 0x80100000..0x801fffff. */
	li	t0, 0x80100000
	li	t1, 0x80200000
1:	sd	zero, 0(t0)
	addi	t0, t0, 8
	bltu	t0, t1, 1b
	fence	rw, rw
	/* Wait for the others: at most 5 s of mtime (10 MHz). */
	li	t3, 0x200bff8
	ld	t4, 0(t3)
	li	t5, 50000000
	add	t4, t4, t5
2:	la	t0, count
	lw	t1, 0(t0)
	li	t2, NHARTS
	beq	t1, t2, 3f
	ld	t5, 0(t3)
	bltu	t5, t4, 2b
3:	/* "harts in firmware: N\n" on the UART, N one digit. */
	la	a0, msg
	call	puts
	la	t0, count
	lw	a1, 0(t0)
	addi	a0, a1, '0'
	call	putc
	la	a0, msg2
	call	puts
	la	t0, mask		/* two hex digits */
	lw	a2, 0(t0)
	srli	a0, a2, 4
	andi	a0, a0, 15
	call	hexdigit
	andi	a0, a2, 15
	call	hexdigit
	li	a0, ')'
	call	putc
	li	a0, '\n'
	call	putc
	la	t0, count
	lw	a1, 0(t0)
	li	t0, 0x100000		/* finisher */
	li	t1, 0x5555		/* exit 0 */
	li	t2, NHARTS
	beq	a1, t2, 4f
	li	t1, 0x13333		/* exit 1 */
4:	sw	t1, 0(t0)
park:
	wfi
	j	park

#include "uart.inc"

msg:	.asciz	"harts in firmware: "
msg2:	.asciz	" (mask "
	.balign	8
count:	.word	0
mask:	.word	0
