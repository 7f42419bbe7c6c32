// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: WARL masks of the counter configuration CSRs and menvcfg
 * (§3.1.11 mcounteren, §3.1.12 mcountinhibit: bit 1 (TM) is read-only 0,
 * §3.1.10 mhpmcounter3/mhpmevent3, §3.1.18 menvcfg incl. STCE (Sstc) and
 * PBMTE (Svpbmt)). Only properties of counter values are printed.
 */
#include "test.h"

int main(void)
{
	ulong v;

	test_begin("csr_counters_cfg");
	quirk();	/* a 32-bit register; QEMU 7.2 keeps 64 bits */
	print_kv("mcounteren write ~0", csr_warl(mcounteren, ~0UL));
	print_kv("mcounteren write 0", csr_warl(mcounteren, 0));
	print_kv("mcountinhibit reset", TRY_CSRR(mcountinhibit));
	TRY_CSRW(mcountinhibit, ~0UL);
	print_trap("mcountinhibit write");
	quirk();	/* bit 1 (TM) is read-only 0; QEMU 7.2 keeps it */
	print_kv("mcountinhibit after ~0", TRY_CSRR(mcountinhibit));
	TRY_CSRW(mcountinhibit, 0);
	print_kv("mcountinhibit after 0", TRY_CSRR(mcountinhibit));

	/* mhpmcounter3 with no event selected holds what was written. */
	TRY_CSRW(mhpmevent3, 0);
	print_trap("mhpmevent3 write 0");
	TRY_CSRW(mhpmcounter3, 5);
	print_trap("mhpmcounter3 write 5");
	v = TRY_CSRR(mhpmcounter3);
	print_bool("mhpmcounter3 reads 5", v == 5);
	TRY_CSRW(mhpmevent3, 0x12);
	print_kv("mhpmevent3 write 0x12", TRY_CSRR(mhpmevent3));
	TRY_CSRW(mhpmevent3, 0);
	TRY_CSRR(mhpmcounter31);
	quirk();	/* must exist per §3.1.10; QEMU 7.2 (16 counters) traps */
	print_trap("mhpmcounter31");

	print_kv("menvcfg reset", TRY_CSRR(menvcfg));
	print_trap("menvcfg read");
	TRY_CSRW(menvcfg, ~0UL);
	print_kv("menvcfg write ~0", TRY_CSRR(menvcfg));
	TRY_CSRW(menvcfg, 0);
	print_kv("menvcfg write 0", TRY_CSRR(menvcfg));
	TRY_CSRW(menvcfg, MENVCFG_STCE);
	print_kv("menvcfg write STCE", TRY_CSRR(menvcfg));
	TRY_CSRW(menvcfg, 0);
	test_end();
}
