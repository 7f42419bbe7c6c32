// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: effect of mstatus.TVM/TW/TSR on S-mode (§3.1.6.5: TVM
 * makes satp access and SFENCE.VMA illegal in S; TW makes WFI illegal in
 * S; TSR makes SRET illegal in S). A monitor running the OS must apply
 * the firmware's virtual TVM/TW/TSR to the real S-mode.
 */
#include "test.h"

#define N 5
static struct trap_record recs[N];
static ulong pcs[N];
static const char *const names[N] = {
	"csrr satp", "csrw satp", "sfence.vma", "wfi", "sret",
};

static void keep(int i)
{
	recs[i] = trap_rec_copy();
	pcs[i] = trap_pc;
}

static long s_fn(long arg)
{
	(void)arg;
	TRY_CSRR(satp); keep(0);
	TRY_CSRW(satp, 0); keep(1);
	TRY_ASM("sfence.vma"); keep(2);
	TRY_ASM("wfi"); keep(3);
	/* sret to the next instruction, staying in S (SPP=S, SPIE=0 so
	 * that SIE stays 0 with the SSIP kept pending for wfi). */
	TRY_ASM("la t0, 2f\ncsrw sepc, t0\nli t0, 0x100\ncsrs sstatus, t0\n"
		"li t0, 0x20\ncsrc sstatus, t0\nsret\n2:");
	keep(4);
	return 0;
}

static void run(const char *what, ulong bits)
{
	csr_clear(mstatus, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR);
	csr_set(mstatus, bits);
	s_trap_install();
	lower_call(PRV_S, s_fn, 0);
	csr_clear(mstatus, MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR);
	for (int i = 0; i < N; i++) {
		puts_raw(what);
		puts_raw(": ");
		print_record(names[i], &recs[i], pcs[i]);
	}
}

int main(void)
{
	test_begin("tvm_tw_tsr");
	pmp_allow_all();
	csr_write(satp, 0);
	/* wfi with TW=0 must return: keep an enabled S interrupt pending
	 * (SSIP delegated, sie.SSIE=1) while sstatus.SIE stays 0. */
	csr_write(mideleg, MIP_SSIP);
	csr_write(mie, MIP_SSIP);
	csr_write(mip, MIP_SSIP);

	run("none", 0);
	run("TVM", MSTATUS_TVM);
	run("TW", MSTATUS_TW);
	run("TSR", MSTATUS_TSR);

	csr_write(mip, 0);
	csr_write(mie, 0);
	csr_write(mideleg, 0);
	test_end();
}
