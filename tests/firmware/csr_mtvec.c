// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: mtvec WARL (§3.1.7: MODE 0 = direct, 1 = vectored,
 * >= 2 reserved; BASE must be 4-byte aligned). No trap is taken while
 * mtvec points elsewhere; the library vector is restored at the end.
 */
#include "test.h"

extern char trap_entry[];

int main(void)
{
	ulong saved = csr_read(mtvec);

	test_begin("csr_mtvec");
	print_bool("mtvec reset == trap_entry (set by _start)", saved == (ulong)trap_entry);
	print_kv("write 0x80010000 (direct)", csr_warl(mtvec, 0x80010000UL));
	print_kv("write 0x80010001 (vectored)", csr_warl(mtvec, 0x80010001UL));
	csr_write(mtvec, 0x80010000UL);
	print_kv("write 0x80020002 (mode 2)", csr_warl(mtvec, 0x80020002UL));
	csr_write(mtvec, 0x80010000UL);
	print_kv("write 0x80020003 (mode 3)", csr_warl(mtvec, 0x80020003UL));
	print_kv("write 0x80010004 (direct, 4-aligned)", csr_warl(mtvec, 0x80010004UL));
	print_kv("write 0x80010005 (vectored, 4-aligned)", csr_warl(mtvec, 0x80010005UL));
	print_kv("write 0x80010101 (vectored, 256-aligned)", csr_warl(mtvec, 0x80010101UL));
	print_kv("write ~0", csr_warl(mtvec, ~0UL));
	csr_write(mtvec, saved);
	print_bool("restored", csr_read(mtvec) == saved);
	test_end();
}
