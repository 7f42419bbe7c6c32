// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: the S-mode trap CSRs read and written from M-mode
 * (§4.1.2 stvec WARL modes, §4.1.6 sscratch, §4.1.7 sepc, §4.1.8 scause,
 * §4.1.9 stval, §4.1.5 scounteren, §4.1.4 senvcfg). A monitor that keeps
 * the OS's S-mode CSRs must still show the firmware these values.
 */
#include "test.h"

int main(void)
{
	test_begin("csr_s_regs");
	print_kv("stvec write 0x80010000", csr_warl(stvec, 0x80010000UL));
	print_kv("stvec write 0x80010001", csr_warl(stvec, 0x80010001UL));
	print_kv("stvec write 0x80020002 (mode 2)", csr_warl(stvec, 0x80020002UL));
	print_kv("stvec write 0x80020003 (mode 3)", csr_warl(stvec, 0x80020003UL));
	print_kv("stvec write ~0", csr_warl(stvec, ~0UL));
	print_kv("sscratch write ~0", csr_warl(sscratch, ~0UL));
	print_kv("sscratch write pattern", csr_warl(sscratch, 0xfedcba9876543210UL));
	print_kv("sepc write ~0", csr_warl(sepc, ~0UL));
	print_kv("sepc write 0x80000006", csr_warl(sepc, 0x80000006UL));
	print_kv("scause write ~0", csr_warl(scause, ~0UL));
	print_kv("scause write 0x8000000000000005", csr_warl(scause, 0x8000000000000005UL));
	print_kv("stval write ~0", csr_warl(stval, ~0UL));
	quirk();	/* a 32-bit register; QEMU 7.2 keeps 64 bits */
	print_kv("scounteren write ~0", csr_warl(scounteren, ~0UL));
	print_kv("scounteren write 0", csr_warl(scounteren, 0));
	print_kv("senvcfg", TRY_CSRR(senvcfg));
	print_trap("senvcfg read");
	TRY_CSRW(senvcfg, ~0UL);
	print_trap("senvcfg write ~0");
	print_kv("senvcfg after ~0", TRY_CSRR(senvcfg));
	TRY_CSRW(senvcfg, 0);
	/* Writes through the M view land in the S view and back. */
	csr_write(sepc, 0x80001234UL);
	csr_write(scause, 13);
	csr_write(stval, 0xdead000UL);
	print_kv("sepc", csr_read(sepc));
	print_kv("scause", csr_read(scause));
	print_kv("stval", csr_read(stval));
	test_end();
}
