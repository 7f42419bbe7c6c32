// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: WFI returns when an interrupt is pending and enabled in
 * mie even with mstatus.MIE=0, and no trap is taken (§3.3.3: "WFI ...
 * resumes when any enabled interrupt is pending, regardless of the global
 * interrupt enable"). A monitor must not park the firmware forever here.
 */
#include "test.h"

int main(void)
{
	test_begin("wfi_nohang");
	csr_clear(mstatus, MSTATUS_MIE);

	/* Timer pending (mtimecmp = 0), MTIE enabled, MIE off. */
	clint_set_mtimecmp(0);
	csr_write(mie, MIP_MTIP);
	trap_begin();
	__asm__ volatile("wfi");
	trap_end();
	print_bool("wfi returned (timer)", 1);
	print_kv("traps", trap_rec.count);
	print_kv("mip.MTIP", csr_read(mip) & MIP_MTIP);
	clint_set_mtimecmp(~0UL);

	/* Software interrupt pending, MSIE enabled, MIE off. */
	clint_set_msip(1);
	csr_write(mie, MIP_MSIP);
	trap_begin();
	__asm__ volatile("wfi");
	trap_end();
	print_bool("wfi returned (msip)", 1);
	print_kv("traps", trap_rec.count);
	clint_set_msip(0);

	/* S-level interrupt pending in mip (not delegated), SSIE enabled. */
	csr_write(mideleg, 0);
	csr_write(mip, MIP_SSIP);
	csr_write(mie, MIP_SSIP);
	trap_begin();
	__asm__ volatile("wfi");
	trap_end();
	print_bool("wfi returned (SSIP)", 1);
	print_kv("traps", trap_rec.count);
	csr_write(mip, 0);

	/* Timer armed in the future: wfi wakes once it fires. */
	clint_set_mtimecmp(clint_mtime() + 5000);
	csr_write(mie, MIP_MTIP);
	while (!(csr_read(mip) & MIP_MTIP))
		__asm__ volatile("wfi");
	print_bool("wfi woke on a future deadline", 1);
	clint_set_mtimecmp(~0UL);
	csr_write(mie, 0);
	test_end();
}
