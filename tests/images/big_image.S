/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A firmware larger than cordon's 1 MiB region (tests/boot.sh, big-image):
 * 3 MiB of data follow its code (big_blob.bin, written by the test), and it
 * prints a checksum of all of them, so every byte must have reached its
 * place, then stops with the finisher's pass. Built with tests/bad/link.ld.
 */
	.section .text
	.globl _start
_start:
	csrr	t0, mhartid
	bnez	t0, park
	la	s0, blob
	la	s1, blob_end
	li	s2, 0
1:	ld	t1, 0(s0)		/* s2 = rotl(s2, 7) + word */
	slli	t2, s2, 7
	srli	t3, s2, 57
	or	s2, t2, t3
	add	s2, s2, t1
	addi	s0, s0, 8
	bltu	s0, s1, 1b
	la	s0, msg
2:	lbu	a0, 0(s0)
	beqz	a0, 3f
	call	putc
	addi	s0, s0, 1
	j	2b
3:	li	s3, 60			/* 16 hex digits of s2 */
4:	srl	a0, s2, s3
	andi	a0, a0, 15
	addi	a0, a0, '0'
	li	t0, '9'
	ble	a0, t0, 5f
	addi	a0, a0, 'a' - '0' - 10
5:	call	putc
	addi	s3, s3, -4
	bgez	s3, 4b
	li	a0, '\n'
	call	putc
	li	t0, 0x100000		/* sifive,test finisher: pass */
	li	t1, 0x5555
	sw	t1, 0(t0)
park:
	wfi
	j	park

putc:					/* ns16550a at 0x10000000: wait for THRE */
	li	t0, 0x10000000
6:	lbu	t1, 5(t0)
	andi	t1, t1, 0x20
	beqz	t1, 6b
	sb	a0, 0(t0)
	ret

msg:	.asciz	"big image: sum "
	.balign	8
blob:
	.incbin	"big_blob.bin"
blob_end:
