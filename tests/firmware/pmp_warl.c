// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: PMP CSR WARL behaviour for entries 0..7 (§3.7.1: pmpaddr
 * holds bits 55:2 of the address, so bits 63:54 read zero; the granularity
 * G shows in which low bits read back; pmpcfg0 packs entries 0..7 on RV64;
 * the R=0,W=1 combination is reserved). Only entries 0..7 are touched:
 * under cordon the firmware has fewer entries than the hardware. No lock
 * bits are set here (see pmp_lock).
 */
#include "test.h"

#define ADDR_BITS ((1UL << 54) - 1)

int main(void)
{
	ulong v;

	test_begin("pmp_warl");
	print_kv("pmpcfg0 reset", csr_read(pmpcfg0));
	print_kv("pmpaddr0 reset", csr_read(pmpaddr0));

	/* Granularity: all-ones with the entry OFF, then as NAPOT and TOR. */
	v = csr_warl(pmpaddr0, ~0UL);
	print_kv("pmpaddr0 all-ones (bits 53:0)", v & ADDR_BITS);
	quirk();	/* bits 63:54 are WARL zero; QEMU 7.2 keeps them */
	print_kv("pmpaddr0 all-ones bits 63:54", v >> 54);
	print_kv("pmpaddr0 zero", csr_warl(pmpaddr0, 0));
	pmpcfg0_set(0, PMP_NAPOT);
	print_kv("pmpaddr0 all-ones as NAPOT", csr_warl(pmpaddr0, ~0UL) & ADDR_BITS);
	pmpcfg0_set(0, PMP_TOR);
	print_kv("pmpaddr0 all-ones as TOR", csr_warl(pmpaddr0, ~0UL) & ADDR_BITS);
	pmpcfg0_set(0, PMP_OFF);

	for (int i = 0; i < 8; i++) {
		ulong pattern = 0x20100000UL + (ulong)i * 0x111;

		switch (i) {
		case 0: v = csr_warl(pmpaddr0, pattern); break;
		case 1: v = csr_warl(pmpaddr1, pattern); break;
		case 2: v = csr_warl(pmpaddr2, pattern); break;
		case 3: v = csr_warl(pmpaddr3, pattern); break;
		case 4: v = csr_warl(pmpaddr4, pattern); break;
		case 5: v = csr_warl(pmpaddr5, pattern); break;
		case 6: v = csr_warl(pmpaddr6, pattern); break;
		default: v = csr_warl(pmpaddr7, pattern); break;
		}
		puts_raw("pmpaddr");
		print_dec((ulong)i);
		print_kv(" pattern", v);
	}

	/* pmpcfg0: every mode/permission combination of entry 0..6. */
	print_kv("pmpcfg0 0x1f1e1d1c1b1a1918 (no L)",
		 csr_warl(pmpcfg0, 0x1f1e1d1c1b1a1918UL & 0x00ffffffffffffffUL));
	print_kv("pmpcfg0 RWX combos NA4",
		 csr_warl(pmpcfg0, 0x0017161514131211UL));
	print_kv("pmpcfg0 RWX combos TOR",
		 csr_warl(pmpcfg0, 0x000f0e0d0c0b0a09UL));
	quirk();	/* bits 6:5 are WARL zero; QEMU 7.2 keeps them */
	print_kv("pmpcfg0 reserved bits 5,6",
		 csr_warl(pmpcfg0, 0x0000000000006060UL));
	quirk();	/* R=0,W=1 is reserved; QEMU 7.2 stores it */
	print_kv("pmpcfg0 W only (reserved) entry 0",
		 csr_warl(pmpcfg0, 0x0000000000000002UL | PMP_NAPOT));
	quirk();
	print_kv("pmpcfg0 WX (reserved) entry 1",
		 csr_warl(pmpcfg0, 0x0000000000000600UL | (PMP_NAPOT << 8)));
	csr_write(pmpcfg0, 0);
	print_kv("pmpcfg0 zero", csr_read(pmpcfg0));
	csr_write(pmpaddr0, 0);
	test_end();
}
