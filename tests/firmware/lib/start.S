// SPDX-License-Identifier: BSD-2-Clause
/*
 * Entry point of every test firmware: hart 0 gets a stack, the trap vector
 * and a zeroed .bss, then runs main(); every other hart parks in a wfi loop.
 * A test that defines secondary_main(hartid) (a weak reference here) can
 * wake harts 1..3 with an msip IPI: they then run it on their own stacks
 * and park again when it returns. Without it, parked harts keep mie = 0.
 * Also holds lower_call/lower_resume, which run a C function in S- or U-mode
 * and come back to M-mode when it returns (through an ecall).
 */
#include "asm.h"

	.section .text.start, "ax"
	.globl _start
_start:
	csrw	mie, zero
	bnez	a0, park			// only hart 0 runs the test
	la	sp, main_stack_top
	la	t0, trap_stack_top
	csrw	mscratch, t0			// trap entry swaps sp with mscratch
	la	t0, trap_entry
	csrw	mtvec, t0
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	t0, boot_fdt
	sd	a1, 0(t0)			// the device tree: which machine (test.c)
	call	main
	call	exit				// a0 = main's return value

park:
	ld	t0, secondary_main_ptr
	beqz	t0, park_forever		// no secondary_main: as before
	li	t1, 4
	bgeu	a0, t1, park_forever		// stacks for harts 1..3 only
	li	t1, 0x8				// mie.MSIE: wfi wakes on an IPI
	csrw	mie, t1
	li	t1, 0x2000000			// CLINT msip of this hart
	slli	t2, a0, 2
	add	t1, t1, t2
1:	wfi
	lw	t2, 0(t1)
	beqz	t2, 1b
	sw	zero, 0(t1)			// acknowledge the IPI
	csrw	mie, zero
	la	sp, secondary_stacks		// hart i: 16 KiB at (i-1)*16 KiB
	slli	t2, a0, 14
	add	sp, sp, t2			// top of hart i's region
	csrw	mscratch, sp			// upper 8 KiB: trap stack
	li	t2, 8192
	sub	sp, sp, t2			// lower 8 KiB: stack
	la	t2, trap_entry
	csrw	mtvec, t2
	jalr	t0				// secondary_main(a0 = hartid)
park_forever:
	csrw	mie, zero
	wfi
	j	park_forever

	.section .rodata
	.align 3
	.weak	secondary_main
secondary_main_ptr:
	.dword	secondary_main			// 0 when no test defines it

	.text
/*
 * long lower_call(unsigned long mode, long (*fn)(long), long arg)
 * Runs fn(arg) in privilege mode `mode` (0 = U, 1 = S) through mret. fn
 * returns into lower_trampoline, whose ecall (recognised by its address)
 * makes the trap dispatcher call lower_resume(a0), which returns here as if
 * lower_call had returned fn's value.
 */
	.globl lower_call
lower_call:
	li	t3, 0				// enter through mret
	mv	t5, a1				// fn's a1: fn itself, as always
	j	lower_call_common

/*
 * long lower_call_a1(unsigned long mode, long (*fn)(long), long arg, long a1)
 * Same as lower_call, with a1 = a1 when fn starts (e.g. a device tree).
 */
	.globl lower_call_a1
lower_call_a1:
	li	t3, 0
	mv	t5, a3
	j	lower_call_common

/*
 * long lower_call_sret(unsigned long mode, long (*fn)(long), long arg)
 * Same, but enters fn with SRET executed in M-mode (SPP = mode).
 */
	.globl lower_call_sret
lower_call_sret:
	li	t3, 1
	mv	t5, a1

lower_call_common:
	la	t0, lower_ctx
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	sd	s0, 16(t0)
	sd	s1, 24(t0)
	sd	s2, 32(t0)
	sd	s3, 40(t0)
	sd	s4, 48(t0)
	sd	s5, 56(t0)
	sd	s6, 64(t0)
	sd	s7, 72(t0)
	sd	s8, 80(t0)
	sd	s9, 88(t0)
	sd	s10, 96(t0)
	sd	s11, 104(t0)
	mv	t4, a0				// t4 = mode
	mv	a0, a2				// fn's argument
	li	a7, 0				// no stale LOWER_MAGIC
	la	ra, lower_trampoline		// fn returns into the trampoline
	la	sp, lower_stack_top
	bnez	t3, 1f
	csrw	mepc, a1			// mret target = fn
	li	t1, MSTATUS_MPP
	csrc	mstatus, t1			// MPP = 0 (U) ...
	slli	t2, t4, 11
	csrs	mstatus, t2			// ... or the requested mode
	mv	a1, t5				// fn's a1
	mret
1:	csrw	sepc, a1			// sret target = fn
	li	t1, MSTATUS_SPP
	csrc	mstatus, t1			// SPP = U ...
	beqz	t4, 2f
	csrs	mstatus, t1			// ... or S
2:	mv	a1, t5
	sret

	.globl lower_trampoline
lower_trampoline:
	li	a7, LOWER_MAGIC			// a0 holds fn's return value
	.globl lower_trampoline_ecall
lower_trampoline_ecall:
	ecall					// recognised by its address
1:	j	1b				// not reached

/*
 * void lower_forward(long value): S-mode passes a U-mode lower_trampoline
 * ecall (delegated to S) on to M-mode.
 */
	.globl lower_forward
lower_forward:
	li	a7, LOWER_MAGIC
	.globl lower_forward_ecall
lower_forward_ecall:
	ecall
1:	j	1b

/* void lower_resume(long value): back to lower_call's caller in M-mode. */
	.globl lower_resume
lower_resume:
	la	t0, trap_stack_top
	csrw	mscratch, t0			// abandon the trap frame
	la	t0, lower_ctx
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	ld	s0, 16(t0)
	ld	s1, 24(t0)
	ld	s2, 32(t0)
	ld	s3, 40(t0)
	ld	s4, 48(t0)
	ld	s5, 56(t0)
	ld	s6, 64(t0)
	ld	s7, 72(t0)
	ld	s8, 80(t0)
	ld	s9, 88(t0)
	ld	s10, 96(t0)
	ld	s11, 104(t0)
	ret

	.bss
	.align 4
lower_ctx:
	.space	14 * 8

	.section .stacks, "aw", @nobits
	.align 12
	.space	16384
	.globl main_stack_top
main_stack_top:
	.space	8192
	.globl trap_stack_top
trap_stack_top:
	.space	8192
	.globl lower_stack_top
lower_stack_top:
	.space	8192
	.globl s_trap_stack_top
s_trap_stack_top:
	.align 12
secondary_stacks:
	.space	3 * 16384			// harts 1..3 (secondary_main)
