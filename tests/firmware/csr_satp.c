// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: satp WARL from M-mode (§4.1.11: MODE is WARL, writes of an
 * unsupported mode leave satp unchanged; ASID is WARL with ASIDLEN
 * implementation-defined; Bare, Sv39, Sv48, Sv57). M-mode accesses are not
 * translated, so pointing satp at garbage is harmless here.
 */
#include "test.h"

static void try_mode(const char *name, ulong mode)
{
	ulong v;

	csr_write(satp, 0);
	v = csr_warl(satp, (mode << SATP_MODE_SHIFT) | (0xffffUL << 44) | 0x80400UL);
	puts_raw(name);
	puts_raw(": mode=");
	print_dec(v >> SATP_MODE_SHIFT);
	puts_raw(" asid=");
	print_hex((v >> 44) & 0xffff);
	puts_raw(" ppn=");
	print_hex(v & ((1UL << 44) - 1));
	putc_uart('\n');
}

int main(void)
{
	test_begin("csr_satp");
	print_kv("satp reset", csr_read(satp));
	try_mode("bare", SATP_MODE_BARE);
	try_mode("sv39", SATP_MODE_SV39);
	try_mode("sv48", SATP_MODE_SV48);
	try_mode("sv57", SATP_MODE_SV57);
	try_mode("sv64 (11)", 11);
	try_mode("reserved 1", 1);
	try_mode("reserved 15", 15);
	/* Unsupported mode written over Sv39: Sv39 must stay. */
	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | 0x80400UL);
	print_kv("sv39 then write mode 1", csr_warl(satp, (1UL << SATP_MODE_SHIFT) | 0x12345UL));
	print_kv("sv39 ppn all ones", csr_warl(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | ((1UL << 44) - 1)));
	csr_write(satp, 0);
	print_kv("satp final", csr_read(satp));
	test_end();
}
