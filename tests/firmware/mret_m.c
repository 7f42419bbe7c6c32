// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: MRET with MPP=M stays in M-mode (§3.3.2: MIE <- MPIE,
 * MPIE <- 1, MPP <- least-privileged mode (U), MPRV kept since MPP=M;
 * pc <- mepc). Also MRET to mepc with bit 1 set (compressed target).
 */
#include "test.h"

/* mret to the label right after it, with MPP/MPIE/MIE set from `st`. */
static ulong mret_to_next(ulong set_bits, ulong clear_bits)
{
	ulong after;

	__asm__ volatile(
		".option push\n.option norvc\n"
		"csrc mstatus, %1\n"
		"csrs mstatus, %2\n"
		"la t0, 1f\n"
		"csrw mepc, t0\n"
		"mret\n"
		"1: csrr %0, mstatus\n"
		".option pop"
		: "=r"(after) : "r"(clear_bits), "r"(set_bits) : "t0", "memory");
	return after;
}

static void show(const char *what, ulong st)
{
	puts_raw(what);
	puts_raw(": MIE=");
	print_dec(!!(st & MSTATUS_MIE));
	puts_raw(" MPIE=");
	print_dec(!!(st & MSTATUS_MPIE));
	puts_raw(" MPP=");
	print_dec((st & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	puts_raw(" MPRV=");
	print_dec(!!(st & MSTATUS_MPRV));
	putc_uart('\n');
}

int main(void)
{
	ulong all = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV;
	ulong st;

	test_begin("mret_m");
	csr_write(mie, 0);	/* MIE may become 1: make sure nothing fires */

	st = mret_to_next(MSTATUS_MPP, all);
	show("MPP=M MPIE=0 MIE=0", st);
	st = mret_to_next(MSTATUS_MPP | MSTATUS_MPIE, all);
	csr_clear(mstatus, MSTATUS_MIE);
	show("MPP=M MPIE=1 MIE=0", st);
	st = mret_to_next(MSTATUS_MPP | MSTATUS_MIE, all);
	csr_clear(mstatus, MSTATUS_MIE);
	show("MPP=M MPIE=0 MIE=1", st);
	st = mret_to_next(MSTATUS_MPP | MSTATUS_MPRV, all);
	csr_clear(mstatus, MSTATUS_MPRV);
	show("MPP=M MPRV=1", st);

	/* mret to a 2-byte aligned (not 4-byte) target: legal with C. */
	{
		ulong r;

		__asm__ volatile(
			".option push\n.option rvc\n"
			"li %0, 0\n"
			"li t0, 0x1800\n"
			"csrs mstatus, t0\n"
			"la t0, 2f\n"
			"csrw mepc, t0\n"
			"mret\n"
			"c.nop\n"
			"2: c.li %0, 7\n"
			".option pop"
			: "=&r"(r) :: "t0", "memory");
		print_kv("mret to compressed target", r);
	}
	test_end();
}
