// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: counter access from S- and U-mode gated by mcounteren and
 * scounteren (§3.1.11: a clear mcounteren bit makes the counter raise
 * illegal instruction in S/U; §4.1.5: scounteren gates U-mode further).
 * Also stimecmp access from S (Sstc: needs menvcfg.STCE and
 * mcounteren.TM). Only trap/no-trap and the instruction bits print.
 */
#include "test.h"

#define N 5
static struct trap_record recs[N];
static ulong pcs[N];
static const char *const names[N] = {
	"rdcycle", "rdtime", "rdinstret", "hpmcounter3", "stimecmp read",
};

static void keep(int i)
{
	recs[i] = trap_rec_copy();
	pcs[i] = trap_pc;
}

static long probe(long is_s)
{
	TRY_CSRR(cycle); keep(0);
	TRY_CSRR(time); keep(1);
	TRY_CSRR(instret); keep(2);
	TRY_CSRR(hpmcounter3); keep(3);
	if (is_s) {
		TRY_CSRR(stimecmp);
		keep(4);
	}
	return 0;
}

static void run(const char *what, ulong mode, ulong mcen, ulong scen)
{
	csr_write(mcounteren, mcen);
	csr_write(scounteren, scen);
	lower_call(mode, probe, mode == PRV_S);
	for (int i = 0; i < (mode == PRV_S ? N : N - 1); i++) {
		puts_raw(what);
		puts_raw(": ");
		print_record(names[i], &recs[i], pcs[i]);
	}
}

int main(void)
{
	int has_sstc;

	test_begin("counteren");
	pmp_allow_all();
	TRY_CSRR(stimecmp);
	has_sstc = trap_rec.count == 0;
	print_bool("stimecmp exists", has_sstc);
	if (has_sstc)
		csr_clear(menvcfg, MENVCFG_STCE);

	run("S mcen=0", PRV_S, 0, 0);
	run("S mcen=CY|TM|IR|HPM3", PRV_S, 0xf, 0);
	run("S mcen=TM only", PRV_S, 0x2, 0);
	run("U mcen=all scen=0", PRV_U, 0xf, 0);
	run("U mcen=all scen=all", PRV_U, 0xf, 0xf);
	run("U mcen=0 scen=all", PRV_U, 0, 0xf);
	if (has_sstc) {
		csr_set(menvcfg, MENVCFG_STCE);
		run("S STCE=1 mcen=TM", PRV_S, 0x2, 0);
		run("S STCE=1 mcen=0", PRV_S, 0, 0);
		csr_clear(menvcfg, MENVCFG_STCE);
	}
	csr_write(mcounteren, 0);
	csr_write(scounteren, 0);
	test_end();
}
