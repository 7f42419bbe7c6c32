// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: illegal instruction exceptions in M-mode (§3.1.15 mcause
 * 2; §3.1.16: mtval may hold the faulting instruction bits (QEMU does,
 * 16 bits for compressed encodings); mepc = the instruction). Covers the
 * all-zero and all-ones encodings, reserved compressed encodings,
 * unassigned opcodes and a reserved FP rounding mode.
 */
#include "test.h"

int main(void)
{
	test_begin("illegal_insn");
	csr_set(mstatus, 1UL << MSTATUS_FS_SHIFT);	/* FP on */

	/* A zero word is two illegal 16-bit parcels: two traps. */
	TRY_ASM(".word 0x00000000");
	print_trap("0x00000000");
	TRY_ASM(".word 0xffffffff");
	print_trap("0xffffffff");
	TRY_ASM(".word 0x0000000b");	/* custom-0 */
	print_trap("custom-0 0x0000000b");
	TRY_ASM(".word 0x0000007b");	/* custom-3 */
	print_trap("custom-3 0x0000007b");
	TRY_ASM(".word 0x0000001f");	/* 48-bit encoding space */
	print_trap("48-bit prefix 0x0000001f");
	TRY_ASM(".half 0x6001\n nop");	/* c.lui x0, 0: reserved */
	print_trap("c.lui reserved 0x6001");
	TRY_ASM(".half 0x0000\n nop");
	print_trap("c.illegal 0x0000");
	TRY_ASM(".half 0x8002\n nop");	/* c.jr x0: reserved */
	print_trap("c.jr x0 0x8002");
	/* fadd.d f0, f0, f0 with rm=5 (reserved): 0x02005053 */
	TRY_ASM(".word 0x02005053");
	print_trap("fadd.d rm=5");
	/* fadd.d with rm=7 (dynamic) and frm=5 (invalid). */
	csr_write(frm, 5);
	TRY_ASM(".word 0x02007053");
	print_trap("fadd.d rm=dyn frm=5");
	csr_write(frm, 0);
	/* Reserved SYSTEM encodings. */
	TRY_ASM(".word 0x00100073 | (1 << 7)");	/* ebreak with rd != 0 */
	print_trap("ebreak rd=1");
	TRY_ASM(".word 0x30200073 | (1 << 15)");	/* mret with rs1 != 0 */
	print_trap("mret rs1=1");
	TRY_ASM(".word 0x7b200073");			/* dret outside debug mode */
	print_trap("dret");
	TRY_ASM(".word 0x0000400f");			/* MISC-MEM funct3=4 */
	print_trap("misc-mem funct3=4");
	test_end();
}
