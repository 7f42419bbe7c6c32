// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: misa contents and WARL writes (§3.1.1: MXL, extension
 * bits; writes that cannot be honoured are ignored, so the ISA a firmware
 * probes must be the one it keeps). Also the read-only ID CSRs
 * mvendorid/marchid/mimpid/mhartid (§3.1.2-§3.1.5).
 */
#include "test.h"

int main(void)
{
	ulong misa = csr_read(misa);
	ulong v;

	test_begin("csr_misa");
	print_kv("misa", misa);
	print_kv("MXL", misa >> 62);
	puts_raw("extensions: ");
	for (int i = 0; i < 26; i++)
		if (misa & (1UL << i))
			putc_uart((char)('A' + i));
	putc_uart('\n');

	/* Try to drop F and D: either ignored or honoured, then restore. */
	v = csr_warl(misa, misa & ~((1UL << ('F' - 'A')) | (1UL << ('D' - 'A'))));
	print_kv("misa after clearing F,D", v);
	csr_write(misa, misa);
	print_kv("misa after restore", csr_read(misa));
	/* An MXL of 1 (RV32) must not be taken. */
	v = csr_warl(misa, (misa & ~(3UL << 62)) | (1UL << 62));
	print_kv("misa after MXL=1", v);
	csr_write(misa, misa);

	print_kv("mvendorid", csr_read(mvendorid));
	print_kv("marchid", csr_read(marchid));
	print_kv("mimpid", csr_read(mimpid));
	print_kv("mhartid", csr_read(mhartid));
	test_end();
}
