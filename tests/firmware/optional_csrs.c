// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: which optional CSRs exist, probed the way OpenSBI does
 * (read under a temporary trap handler). Covers Sdtrig triggers
 * (tselect/tdata1, Debug spec §5), Sstc stimecmp, §3.1.10 hpm counters
 * 3..31 (the number of implemented counters), §3.1.18 menvcfg, §4.1.4
 * senvcfg, §3.1.19 mseccfg (Smepmp), §3.1.6 mconfigptr (0xf15). A monitor
 * that hides one of these changes what the firmware believes the hart has.
 */
#include "test.h"

#define PROBE(name, csr) do { \
	TRY_CSRR(csr); \
	puts_raw(name); \
	println(trap_rec.count ? ": absent" : ": present"); \
} while (0)

int main(void)
{
	test_begin("optional_csrs");
	PROBE("tselect", 0x7a0);
	PROBE("tdata1", 0x7a1);
	PROBE("stimecmp", 0x14d);
	PROBE("menvcfg", 0x30a);
	PROBE("senvcfg", 0x10a);
	PROBE("mseccfg", 0x747);
	PROBE("mconfigptr", 0xf15);
	PROBE("scountovf", 0xda0);

	quirk();	/* §3.1.10: 3..31 all exist (maybe read-only 0); QEMU 7.2 traps above 18 */
	puts_raw("mhpmcounters present:");
#define HPM(n) do { TRY_CSRR(mhpmcounter##n); \
	if (!trap_rec.count) { putc_uart(' '); print_dec(n); } } while (0)
	HPM(3); HPM(4); HPM(5); HPM(6); HPM(7); HPM(8); HPM(9); HPM(10);
	HPM(11); HPM(12); HPM(13); HPM(14); HPM(15); HPM(16); HPM(17);
	HPM(18); HPM(19); HPM(20); HPM(21); HPM(22); HPM(23); HPM(24);
	HPM(25); HPM(26); HPM(27); HPM(28); HPM(29); HPM(30); HPM(31);
	putc_uart('\n');
	test_end();
}
