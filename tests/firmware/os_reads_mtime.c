// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: S-mode reads the CLINT when the firmware's PMP
 * grants it. §3.7.1 (PMP: an entry that matches grants S/U its R/W/X;
 * NAPOT over all of the address space includes the CLINT), §3.2.1 (mtime
 * is memory-mapped and readable), §3.1.16 (a load access fault otherwise).
 *
 * The firmware opens everything (pmp_allow_all) and runs S-mode code that
 * reads mtime. Natively the load succeeds; cordon keeps only msip and
 * mtimecmp (the registers it multiplexes) behind its own PMP entry, so the
 * firmware's grant of mtime reaches the OS. msip and mtimecmp stay
 * cordon's (docs/security.md, "Known deviations"): not compared here.
 */
#include "test.h"

/* S-mode: 1 if the load trapped (the M handler records it and skips). */
static long s_read(long addr)
{
	ulong v;

	if ((ulong)addr == CLINT_MSIP)
		v = try_lw((ulong)addr);
	else
		v = try_ld((ulong)addr);
	return trap_rec.count ? 1 : (long)(v == LOAD_SENTINEL ? 2 : 0);
}

static void attempt(const char *what, ulong addr)
{
	long r = lower_call(PRV_S, s_read, (long)addr);

	puts_raw(what);
	println(r == 0 ? ": ok" : r == 1 ? ": trap" : ": sentinel");
	if (r == 1) {
		struct trap_record rec = trap_rec_copy();

		print_record("  trap", &rec, trap_pc);
	}
}

int main(void)
{
	test_begin("os_reads_mtime");
	csr_write(mie, 0);
	pmp_allow_all();
	attempt("mtime read", CLINT_MTIME);
	test_end();
}
