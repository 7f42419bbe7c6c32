/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Regression firmware for the lost wake-up of issue 9 (docs/architecture.md,
 * "Boot and SMP"): hart 0, as soon as it runs, writes the msip of every
 * other hart, some of which may still be in cordon's boot (with make image
 * STRAGGLER=1 the last hart is held back 0.2 s after the firmware started
 * on the others). Each other hart enables mie.MSIE and sleeps in wfi until
 * its msip reads 1, clears it and checks in. Hart 0 waits up to 5 s and
 * reports how many did: natively and under a correct cordon all of them,
 * "harts woken by an early IPI: 7", exit 0; else exit 1. (cordon took the
 * target's identity from state the target itself set when it entered the
 * firmware: before that, the IPI went to hart 0.)
 */
#define NHARTS 8
#define CLINT 0x2000000
	.section .text
	.globl _start
_start:
	csrw	mie, zero
	bnez	a0, sleeper
	/* Hart 0: an IPI to every other hart, at once. */
	li	t0, CLINT + 4
	li	t1, CLINT + 4 * NHARTS
	li	t2, 1
1:	sw	t2, 0(t0)
	addi	t0, t0, 4
	bltu	t0, t1, 1b
	/* Wait for them: at most 5 s of mtime (10 MHz). */
	li	t3, 0x200bff8
	ld	t4, 0(t3)
	li	t5, 50000000
	add	t4, t4, t5
2:	la	t0, woken
	lw	t1, 0(t0)
	li	t2, NHARTS - 1
	beq	t1, t2, 3f
	ld	t5, 0(t3)
	bltu	t5, t4, 2b
3:	la	a0, msg
	call	puts
	la	t0, woken
	lw	a1, 0(t0)
	addi	a0, a1, '0'
	call	putc
	li	a0, '\n'
	call	putc
	la	t0, woken
	lw	a1, 0(t0)
	li	t0, 0x100000		/* finisher */
	li	t1, 0x5555		/* exit 0 */
	li	t2, NHARTS - 1
	beq	a1, t2, 4f
	li	t1, 0x13333		/* exit 1 */
4:	sw	t1, 0(t0)
park:
	csrw	mie, zero
	wfi
	j	park

/* Harts 1..7: sleep until the IPI, acknowledge it, check in. */
sleeper:
	li	t0, 8			/* mie.MSIE: wfi wakes on it (MIE = 0: no trap) */
	csrw	mie, t0
	li	t1, CLINT
	slli	t2, a0, 2
	add	t1, t1, t2
5:	wfi
	lw	t2, 0(t1)
	beqz	t2, 5b
	sw	zero, 0(t1)
	la	t0, woken
	li	t2, 1
	amoadd.w zero, t2, (t0)
	j	park

#include "uart.inc"

msg:	.asciz	"harts woken by an early IPI: "
	.balign	8
woken:	.word	0
