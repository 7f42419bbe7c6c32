// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: TOR address matching (§3.7.1: entry i matches
 * pmpaddr[i-1] <= a < pmpaddr[i]; for entry 0 the lower bound is 0).
 * The firmware's first TOR entry must start at address 0 even if a
 * monitor has physical PMP entries in front of it. Also an empty TOR
 * range (pmpaddr[i-1] >= pmpaddr[i]) matches nothing.
 */
#include "test.h"

#define ROM_ADDR 0x1000UL	/* the reset ROM: readable memory below DRAM */
#define RO_PAGE  (SCRATCH_BASE)

#define NREC 7
static struct trap_record recs[NREC];
static ulong pcs[NREC];
static const char *const names[NREC] = {
	"load ROM (TOR entry 0, no perms)", "load DRAM code (TOR entry 1, RWX)",
	"load RO page (TOR entry 2, R)", "store RO page", "store above RO page",
	"load 0x0", "load last ROM word below 0x80000000 bound",
};

static void keep(int i)
{
	recs[i] = trap_rec_copy();
	pcs[i] = trap_pc;
}

static long lower_fn(long arg)
{
	(void)arg;
	try_lw(ROM_ADDR); keep(0);
	try_lw(0x80000000UL); keep(1);
	try_ld(RO_PAGE); keep(2);
	try_sd(RO_PAGE, 3); keep(3);
	try_sd(RO_PAGE + 0x1000, 4); keep(4);
	try_lw(0); keep(5);
	try_lw(0x7ffffffcUL); keep(6);
	return 0;
}

int main(void)
{
	test_begin("pmp_tor");
	csr_write(pmpaddr0, 0x80000000UL >> 2);	/* [0, 0x80000000) */
	csr_write(pmpaddr1, RO_PAGE >> 2);	/* [0x80000000, RO_PAGE) */
	csr_write(pmpaddr2, (RO_PAGE + 0x1000) >> 2);
	csr_write(pmpaddr3, RO_PAGE >> 2);	/* empty: below pmpaddr2 */
	pmpcfg0_set(0, PMP_TOR);
	pmpcfg0_set(1, PMP_TOR | PMP_R | PMP_W | PMP_X);
	pmpcfg0_set(2, PMP_TOR | PMP_R);
	pmpcfg0_set(3, PMP_TOR);
	pmp_allow_all();

	lower_call(PRV_S, lower_fn, 0);
	for (int i = 0; i < NREC; i++)
		print_record(names[i], &recs[i], pcs[i]);

	/* M-mode still reads the ROM. */
	try_lw(ROM_ADDR);
	print_trap("M load ROM");
	pmp_clear_0_to_6();
	test_end();
}
