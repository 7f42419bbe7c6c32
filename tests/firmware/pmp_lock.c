// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: locked PMP entries (§3.7.1.2 "Locking and Privilege
 * Mode": with L set, writes to the entry's pmpcfg and pmpaddr are ignored,
 * and the permissions apply to M-mode too; a locked TOR entry i also
 * locks pmpaddr i-1). A monitor must keep the lock virtually even if it
 * strips it physically.
 */
#include "test.h"

#define REGION0 (SCRATCH_BASE)		/* entry 0: NAPOT 4 KiB, L|R */
#define REGION2 (SCRATCH_BASE + 0x1000)	/* entries 1-2: TOR, L, no perms */

int main(void)
{
	ulong v;

	test_begin("pmp_lock");
	*(volatile ulong *)REGION0 = 0x1122334455667788UL;
	*(volatile ulong *)REGION2 = 0x99UL;

	csr_write(pmpaddr0, PMP_NAPOT_ADDR(REGION0, 0x1000));
	csr_write(pmpaddr1, REGION2 >> 2);
	csr_write(pmpaddr2, (REGION2 + 0x1000) >> 2);
	pmpcfg0_set(0, PMP_L | PMP_NAPOT | PMP_R);
	pmpcfg0_set(2, PMP_L | PMP_TOR);
	print_kv("pmpcfg0", csr_read(pmpcfg0) & 0x00ffffffffffffffUL);

	/* M-mode is now subject to both entries. */
	v = try_ld(REGION0);
	print_trap("M load locked R region");
	print_kv("value", v);
	try_sd(REGION0, 1);
	print_trap("M store locked R region");
	v = try_ld(REGION2);
	print_trap("M load locked no-perm TOR region");
	try_call(REGION0);
	print_trap("M fetch locked R region");
	v = try_ld(REGION2 + 0x1000);
	print_trap("M load just above the TOR region");

	/* Writes to locked state are ignored. */
	print_bool("pmpaddr0 write 0 ignored", csr_warl(pmpaddr0, 0) == PMP_NAPOT_ADDR(REGION0, 0x1000));
	print_bool("pmpaddr2 write 0 ignored", csr_warl(pmpaddr2, 0) == (REGION2 + 0x1000) >> 2);
	print_bool("pmpaddr1 (below locked TOR) write 0 ignored",
		 csr_warl(pmpaddr1, 0) == REGION2 >> 2);
	v = csr_read(pmpcfg0);
	csr_write(pmpcfg0, v & ~0xffUL);
	print_kv("pmpcfg0 byte 0 after clearing", csr_read(pmpcfg0) & 0xff);
	csr_clear(pmpcfg0, PMP_L << 16);
	print_kv("pmpcfg0 byte 2 after csrc L", (csr_read(pmpcfg0) >> 16) & 0xff);
	/* Unlocked entries in the same pmpcfg0 stay writable. */
	pmpcfg0_set(3, PMP_NA4 | PMP_R);
	print_kv("pmpcfg0 byte 3 (unlocked) written", (csr_read(pmpcfg0) >> 24) & 0xff);
	pmpcfg0_set(3, 0);
	print_kv("pmpaddr3 (unlocked) write", csr_warl(pmpaddr3, 0x1234));
	/* The lock survives: M store still faults. */
	try_sd(REGION0, 2);
	print_trap("M store after attempts to unlock");
	test_end();
}
