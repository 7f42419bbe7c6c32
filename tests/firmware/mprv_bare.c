// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: mstatus.MPRV with satp = Bare (§3.1.6.3: with MPRV=1,
 * M-mode loads and stores are checked as if in mode MPP - here that means
 * PMP applies as for S/U; instruction fetch is not affected; MXR only
 * affects page permissions, not PMP; MPP=M makes MPRV a no-op).
 */
#include "test.h"

#define R_PAGE    (SCRATCH_BASE)		/* entry 0: R */
#define NONE_PAGE (SCRATCH_BASE + 0x1000)	/* entry 1: no perms */
#define X_PAGE    (SCRATCH_BASE + 0x2000)	/* entry 2: X only */

int main(void)
{
	ulong v;

	test_begin("mprv_bare");
	csr_write(satp, 0);
	*(volatile ulong *)R_PAGE = 0xabcdef0123456789UL;
	*(volatile ulong *)X_PAGE = 0x0102030405060708UL;
	csr_write(pmpaddr0, PMP_NAPOT_ADDR(R_PAGE, 0x1000));
	csr_write(pmpaddr1, PMP_NAPOT_ADDR(NONE_PAGE, 0x1000));
	csr_write(pmpaddr2, PMP_NAPOT_ADDR(X_PAGE, 0x1000));
	pmpcfg0_set(0, PMP_NAPOT | PMP_R);
	pmpcfg0_set(1, PMP_NAPOT);
	pmpcfg0_set(2, PMP_NAPOT | PMP_X);
	pmp_allow_all();

	v = mprv_ld(R_PAGE, MPRV_MPP(PRV_S));
	print_trap("MPP=S load R page");
	print_kv("value", v);
	mprv_sd(R_PAGE, 1, MPRV_MPP(PRV_S));
	print_trap("MPP=S store R page");
	mprv_sd(R_PAGE, 2, MPRV_MPP(PRV_U));
	print_trap("MPP=U store R page");
	mprv_sd(R_PAGE, 3, MPRV_MPP(PRV_M));
	print_trap("MPP=M store R page");
	print_kv("R page now", *(volatile ulong *)R_PAGE);
	v = mprv_ld(NONE_PAGE, MPRV_MPP(PRV_S));
	print_trap("MPP=S load no-perm page");
	v = mprv_lbu(NONE_PAGE + 0xfff, MPRV_MPP(PRV_U));
	print_trap("MPP=U lbu no-perm page last byte");
	v = mprv_ld(X_PAGE, MPRV_MPP(PRV_S));
	print_trap("MPP=S load X page");
	v = mprv_ld(X_PAGE, MPRV_MPP(PRV_S) | MSTATUS_MXR);
	print_trap("MPP=S MXR=1 load X page (PMP ignores MXR)");
	mprv_sw(X_PAGE, 5, MPRV_MPP(PRV_S));
	print_trap("MPP=S store X page");
	/* Plain M accesses afterwards: MPRV really got cleared. */
	print_kv("mstatus.MPRV after", !!(csr_read(mstatus) & MSTATUS_MPRV));
	v = try_ld(NONE_PAGE);
	print_trap("plain M load no-perm page");
	pmp_clear_0_to_6();
	test_end();
}
