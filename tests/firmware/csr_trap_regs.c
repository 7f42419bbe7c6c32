// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: mscratch, mepc, mcause, mtval read/write (§3.1.14
 * mscratch; §3.1.15 mepc: bit 0 always zero, bit 1 writable since
 * IALIGN=16 with C (QEMU 7.2 keeps bit 0 as written); §3.1.16 mcause WLRL; §3.1.17 mtval WARL). mscratch holds the
 * library's trap stack, so it is restored before anything can trap.
 */
#include "test.h"

int main(void)
{
	ulong scratch = csr_read(mscratch);
	ulong a, b;

	test_begin("csr_trap_regs");
	a = csr_warl(mscratch, ~0UL);
	b = csr_warl(mscratch, 0x123456789abcdef0UL);
	csr_write(mscratch, scratch);
	print_kv("mscratch write ~0", a);
	print_kv("mscratch write pattern", b);

	quirk();	/* QEMU 7.2 keeps mepc bit 0 */
	print_kv("mepc write ~0", csr_warl(mepc, ~0UL));
	quirk();
	print_kv("mepc write 0x80000003", csr_warl(mepc, 0x80000003UL));
	print_kv("mepc write 0x80000002", csr_warl(mepc, 0x80000002UL));
	print_kv("mcause write ~0", csr_warl(mcause, ~0UL));
	print_kv("mcause write 0x8000000000000007", csr_warl(mcause, 0x8000000000000007UL));
	print_kv("mcause write 2", csr_warl(mcause, 2));
	print_kv("mcause write 24", csr_warl(mcause, 24));
	print_kv("mtval write ~0", csr_warl(mtval, ~0UL));
	print_kv("mtval write 0x1234", csr_warl(mtval, 0x1234));

	/* A trap overwrites them all. */
	TRY_ASM(".word 0xffffffff");
	print_trap("illegal after writes");
	print_bool("mepc == faulting insn + 4 (handler skipped it)", csr_read(mepc) == trap_pc + 4);
	print_kv("mcause after trap", csr_read(mcause));
	print_kv("mtval after trap", csr_read(mtval));
	test_end();
}
