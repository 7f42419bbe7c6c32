/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every hart that runs this firmware prints "hart N ran the firmware" on
 * the 16550 UART of QEMU virt (one line at a time, under a lock); hart 0
 * then waits for the others and powers off. With a device tree that lists
 * fewer /cpus than the machine has harts, cordon must stop the machine
 * before any hart runs the firmware (tests/boot.sh, dtb-missing-hart).
 */
	.section .text
	.option norvc
	.option norelax
	.globl _start
_start:
	csrr	s0, mhartid
	la	t0, lock
1:	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, 1b
	la	a1, msg
	call	puts
	addi	a0, s0, '0'
	call	putc
	la	a1, tail
	call	puts
	la	t0, lock
	amoswap.w.rl zero, zero, (t0)
	bnez	s0, park
	/* hart 0: give the others time to arrive (about 0.5 s of TCG), then off */
	li	t2, 20000000
2:	addi	t2, t2, -1
	bnez	t2, 2b
	li	t0, 0x100000		/* sifive_test: pass */
	li	t1, 0x5555
	sw	t1, 0(t0)
park:
	wfi
	j	park

/* putc(a0): the 16550 at 0x10000000, after THR empty (LSR bit 5) */
putc:
	li	t3, 0x10000000
3:	lbu	t4, 5(t3)
	andi	t4, t4, 0x20
	beqz	t4, 3b
	sb	a0, 0(t3)
	ret

/* puts(a1): a NUL-terminated string */
puts:
	mv	t5, ra
4:	lbu	a0, 0(a1)
	beqz	a0, 5f
	call	putc
	addi	a1, a1, 1
	j	4b
5:	mv	ra, t5
	ret

	.balign 4			/* (norvc: the code ends 4-byte aligned) */
lock:	.word	0
msg:	.asciz	"hart "
tail:	.asciz	" ran the firmware\n"
