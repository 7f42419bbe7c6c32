// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: partial PMP matches (§3.7.1.1: "The matching PMP entry
 * must match all bytes of an access, or the access fails, irrespective of
 * the L, R, W, and X bits" - in every mode, M included). A monitor must
 * not turn the firmware's entries off while it runs, or these faults are
 * lost.
 */
#include "test.h"

#define BUF (SCRATCH_BASE)

#define NREC 5
static struct trap_record recs[NREC];
static ulong pcs[NREC];
static const char *const names[NREC] = {
	"ld straddling NA4 start", "lw inside NA4", "lw just below NA4",
	"sd straddling NA4 start", "ld straddling NAPOT end",
};

static void keep(int i)
{
	recs[i] = trap_rec_copy();
	pcs[i] = trap_pc;
}

static void accesses(void)
{
	try_ld(BUF); keep(0);		/* bytes 0..7; entry 0 covers 4..7 */
	try_lw(BUF + 4); keep(1);
	try_lw(BUF); keep(2);
	try_sd(BUF, 1); keep(3);
	try_ld(BUF + 0x18); keep(4);	/* entry 1 covers 0x10..0x1f: 0x18..0x1f ok */
}

static long lower_fn(long arg)
{
	(void)arg;
	accesses();
	return 0;
}

static void show(const char *mode)
{
	for (int i = 0; i < NREC; i++) {
		puts_raw(mode);
		puts_raw(" ");
		print_record(names[i], &recs[i], pcs[i]);
	}
}

int main(void)
{
	test_begin("pmp_partial");
	csr_write(pmpaddr0, (BUF + 4) >> 2);
	csr_write(pmpaddr1, PMP_NAPOT_ADDR(BUF + 0x10, 16));
	pmpcfg0_set(0, PMP_NA4 | PMP_R | PMP_W | PMP_X);
	pmpcfg0_set(1, PMP_NAPOT | PMP_R | PMP_W);
	pmp_allow_all();

	accesses();
	show("M");
	lower_call(PRV_S, lower_fn, 0);
	show("S");
	/* NAPOT end straddle: ld at 0x1c covers 0x1c..0x23. */
	try_ld(BUF + 0x1c);
	print_trap("M ld straddling NAPOT end (misaligned)");
	pmp_clear_0_to_6();
	test_end();
}
