/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Reset entry. The boot ROM jumps to 0x80000000 on every hart with
 * a0 = hartid, a1 = device tree, a2 = fw_dynamic_info. The image's first
 * bytes (section .reset, linked there) jump to cordon's own memory; the
 * firmware is later copied over them.
 */
#include "asm-offsets.h"

	.section .reset, "ax"
	.option norvc
	.globl reset_trampoline
reset_trampoline:
	la	t0, _start
	jr	t0

	.section .text.entry, "ax"
	.globl _start
_start:
	csrr	a3, mtvec			/* the reset mtvec, for the virtual CSR */
	la	t0, early_trap
	csrw	mtvec, t0
	li	t0, MAX_HARTS_ASM
	bgeu	a0, t0, park			/* more harts than cordon manages */
	la	sp, boot_stacks			/* stage 1: a small stack in the image */
	addi	t0, a0, 1
	li	t1, BOOT_STACK_SIZE_ASM
	mul	t0, t0, t1
	add	sp, sp, t0
	call	boot_hart			/* does not return */
park:
	wfi
	j	park

/*
 * void reloc_jump(delta, hartid, fdt, fw_info):
 * continue at boot_hart_relocated in the copy of cordon that lies delta
 * bytes away, on this hart's stack in that copy.
 */
	.globl reloc_jump
reloc_jump:
	la	t0, boot_hart_relocated
	add	t0, t0, a0
	la	sp, hart_stacks
	add	sp, sp, a0
	addi	t1, a1, 1
	li	t2, HART_STACK_SIZE_ASM
	mul	t1, t1, t2
	add	sp, sp, t1
	mv	a0, a1
	mv	a1, a2
	mv	a2, a3
	jr	t0

/* A trap before the per-hart state exists: report it and stop. */
	.balign 4
early_trap:
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	boot_early_fault
	j	park

/* Stage 1 stacks, in the image (before the firmware's bytes). */
	.section .boot_stack, "aw", @nobits
	.balign 16
	.globl boot_stacks
boot_stacks:
	.space BOOT_STACK_SIZE_ASM * MAX_HARTS_ASM

/* Stage 2 stacks, only in the relocated copy (after _payload_start). */
	.section .stack, "aw", @nobits
	.balign 16
	.globl hart_stacks
hart_stacks:
	.space HART_STACK_SIZE_ASM * MAX_HARTS_ASM
