// SPDX-License-Identifier: BSD-2-Clause
/*
 * Generates asm-offsets.h: the struct hart offsets trap.S uses, computed by
 * the compiler so C and assembly can never disagree on the layout.
 */
#include <stddef.h>

#include "../../core/hart.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %0\"" : : "i"(val))

void asm_defs(void);
void asm_defs(void)
{
	DEFINE(HART_REGS, offsetof(struct hart, regs));
	DEFINE(HART_PC, offsetof(struct hart, pc));
	DEFINE(HART_STACK_TOP, offsetof(struct hart, stack_top));
	DEFINE(HART_CAPS, offsetof(struct hart, caps));
	DEFINE(HART_GUARD_ARMED, offsetof(struct hart, guard.armed));
	DEFINE(HART_GUARD_TRAPPED, offsetof(struct hart, guard.trapped));
	DEFINE(HART_GUARD_CAUSE, offsetof(struct hart, guard.cause));
	DEFINE(HART_GUARD_TVAL, offsetof(struct hart, guard.tval));
	DEFINE(HART_GUARD_SCRATCH, offsetof(struct hart, guard.scratch));
	DEFINE(HART_GUARD_STATUS, offsetof(struct hart, guard.status));
	DEFINE(HART_CAUSE, offsetof(struct hart, cause));
	DEFINE(HART_TVAL, offsetof(struct hart, tval));
	DEFINE(HART_SIZE, sizeof(struct hart));
	DEFINE(HART_STACK_SIZE_ASM, HART_STACK_SIZE);
	DEFINE(BOOT_STACK_SIZE_ASM, BOOT_STACK_SIZE);
	DEFINE(MAX_HARTS_ASM, MAX_HARTS);
	DEFINE(MONITOR_GENERAL, MONITOR_GENERAL);
	DEFINE(MONITOR_DONE_ALL, MONITOR_DONE_ALL);
}
