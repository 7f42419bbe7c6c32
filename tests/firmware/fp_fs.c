// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: mstatus.FS gating of the FP unit (§3.1.6.6: FS=Off makes
 * every FP instruction and fcsr access illegal; any FP state write makes
 * FS Dirty and sets SD). OpenSBI's misaligned FP emulation relies on the
 * firmware and the OS sharing the FP registers and FS.
 */
#include "test.h"

static ulong fs(void)
{
	return (csr_read(mstatus) & MSTATUS_FS) >> MSTATUS_FS_SHIFT;
}

static long s_fp(long arg)
{
	(void)arg;
	TRY_ASM("fadd.d ft0, ft0, ft0");
	return 0;
}

int main(void)
{
	ulong bits;

	test_begin("fp_fs");
	csr_clear(mstatus, MSTATUS_FS);
	print_kv("FS", fs());
	TRY_ASM("fadd.d ft0, ft1, ft2");
	print_trap("FS=0 fadd.d");
	TRY_ASM("fmv.x.d t0, ft0");
	print_trap("FS=0 fmv.x.d");
	TRY_ASM("csrr t0, fcsr");
	print_trap("FS=0 csrr fcsr");
	TRY_ASM("frflags t0");
	print_trap("FS=0 frflags");
	TRY_ASM("fld ft0, 0(sp)");
	print_trap("FS=0 fld");
	print_kv("FS after", fs());

	/* FS=Initial: reading does not dirty, writing does. */
	csr_set(mstatus, 1UL << MSTATUS_FS_SHIFT);
	__asm__ volatile("fmv.x.d %0, ft0" : "=r"(bits));
	print_kv("FS=1 after fmv.x.d (read)", fs());
	__asm__ volatile("fmv.d.x ft0, %0" :: "r"(0x3ff8000000000000UL));	/* 1.5 */
	print_kv("FS=1 after fmv.d.x (write)", fs());
	print_bool("SD set", !!(csr_read(mstatus) & MSTATUS_SD));

	/* Clean (2) -> dirty on fcsr write; arithmetic result and flags. */
	csr_clear(mstatus, MSTATUS_FS);
	csr_set(mstatus, 2UL << MSTATUS_FS_SHIFT);
	print_bool("FS=2: SD", !!(csr_read(mstatus) & MSTATUS_SD));
	csr_write(fcsr, 0);
	print_kv("FS=2 after fcsr write", fs());
	__asm__ volatile("fmv.d.x ft1, %1\n"
			 "fadd.d ft2, ft0, ft1\n"
			 "fmv.x.d %0, ft2"
			 : "=r"(bits) : "r"(0x4002000000000000UL) : "ft1", "ft2");	/* 2.25 */
	print_kv("1.5 + 2.25 bits", bits);
	__asm__ volatile("fmv.d.x ft1, %1\n"
			 "fdiv.d ft2, ft1, %2\n"
			 "fmv.x.d %0, ft2"
			 : "=r"(bits) : "r"(0x3ff0000000000000UL), "f"(0.0) : "ft1", "ft2");
	print_kv("1/0 bits", bits);
	print_kv("fflags after 1/0", csr_read(fflags));
	csr_write(frm, 3);
	print_kv("frm write 3", csr_read(frm));
	print_kv("fcsr", csr_read(fcsr));
	csr_write(fcsr, 0);

	/* FS=0 while S runs: the FP instruction traps to M (not delegated). */
	pmp_allow_all();
	csr_clear(mstatus, MSTATUS_FS);
	lower_call(PRV_S, s_fp, 0);
	print_trap("S fadd.d with FS=0");
	csr_set(mstatus, 1UL << MSTATUS_FS_SHIFT);
	lower_call(PRV_S, s_fp, 0);
	print_trap("S fadd.d with FS=1");
	print_kv("FS after S fadd", fs());
	test_end();
}
