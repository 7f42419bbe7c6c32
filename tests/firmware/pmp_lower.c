// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: PMP checks of S- and U-mode accesses with NAPOT and NA4
 * entries (§3.7.1 address matching, §3.7.1.1 priority: the lowest-numbered
 * matching entry decides; §3.7.1.2: unlocked entries constrain S/U only;
 * failing accesses raise load/store/instruction access faults, mcause
 * 5/7/1, with mtval = the faulting address (§3.1.16)).
 */
#include "test.h"

#define R_ONLY  (SCRATCH_BASE)		/* entry 0: NAPOT 4K, R */
#define NA4_BAD (SCRATCH_BASE + 0x1000)	/* entry 1: NA4, no perms */
#define RWX_PG  (SCRATCH_BASE + 0x1000)	/* entry 2: NAPOT 4K, RWX */
#define X_ONLY  (SCRATCH_BASE + 0x2000)	/* entry 3: NAPOT 4K, X */
#define NONE_PG (SCRATCH_BASE + 0x3000)	/* entry 4: NAPOT 4K, none */

#define NREC 12
static struct trap_record recs[NREC];
static ulong pcs[NREC];
static const char *const names[NREC] = {
	"load R page", "store R page", "fetch R page",
	"load NA4 no-perm word", "load next word (RWX entry)",
	"store next word (RWX entry)", "fetch X page", "load X page",
	"store X page", "load no-perm page", "amoadd R page",
	"load last byte below R page",
};

static void keep(int i)
{
	recs[i] = trap_rec_copy();
	pcs[i] = trap_pc;
}

static long lower_fn(long arg)
{
	(void)arg;
	try_ld(R_ONLY); keep(0);
	try_sd(R_ONLY, 1); keep(1);
	try_call(R_ONLY); keep(2);
	try_lw(NA4_BAD); keep(3);
	try_lw(NA4_BAD + 4); keep(4);
	try_sw(NA4_BAD + 4, 5); keep(5);
	try_call(X_ONLY); keep(6);
	try_ld(X_ONLY); keep(7);
	try_sd(X_ONLY, 1); keep(8);
	try_ld(NONE_PG); keep(9);
	{
		ulong pc;

		trap_begin();
		__asm__ volatile(".option push\n.option norvc\n"
				 "la %0, 1f\n1: amoadd.d zero, zero, (%1)\n.option pop"
				 : "=&r"(pc) : "r"(R_ONLY) : "memory");
		trap_pc = pc;
		trap_end();
		keep(10);
	}
	try_lbu(R_ONLY - 1); keep(11);
	return 0;
}

static void run(const char *mode_name, ulong mode)
{
	lower_call(mode, lower_fn, 0);
	for (int i = 0; i < NREC; i++) {
		puts_raw(mode_name);
		puts_raw(" ");
		print_record(names[i], &recs[i], pcs[i]);
	}
}

int main(void)
{
	test_begin("pmp_lower");
	/* ret (0x8082 c.ret padded with c.nop? use 32-bit jalr) in R and X pages */
	*(volatile uint32_t *)R_ONLY = 0x00008067;	/* jalr x0, 0(ra) */
	*(volatile uint32_t *)X_ONLY = 0x00008067;
	fence_i();

	csr_write(pmpaddr0, PMP_NAPOT_ADDR(R_ONLY, 0x1000));
	csr_write(pmpaddr1, NA4_BAD >> 2);
	csr_write(pmpaddr2, PMP_NAPOT_ADDR(RWX_PG, 0x1000));
	csr_write(pmpaddr3, PMP_NAPOT_ADDR(X_ONLY, 0x1000));
	csr_write(pmpaddr4, PMP_NAPOT_ADDR(NONE_PG, 0x1000));
	pmpcfg0_set(0, PMP_NAPOT | PMP_R);
	pmpcfg0_set(1, PMP_NA4);
	pmpcfg0_set(2, PMP_NAPOT | PMP_R | PMP_W | PMP_X);
	pmpcfg0_set(3, PMP_NAPOT | PMP_X);
	pmpcfg0_set(4, PMP_NAPOT);
	pmp_allow_all();

	run("S", PRV_S);
	run("U", PRV_U);

	/* M-mode ignores unlocked entries. */
	try_sd(R_ONLY + 8, 1);
	print_trap("M store R page");
	try_ld(NONE_PG);
	print_trap("M load no-perm page");
	pmp_clear_0_to_6();
	test_end();
}
