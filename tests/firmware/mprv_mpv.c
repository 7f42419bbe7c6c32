// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: M-mode loads and stores with mstatus.MPRV=1 and
 * MPV=1 are translated in two stages, vsatp then hgatp, not through satp.
 * §3.1.6.3 (MPRV), §8.2.1 / §8.6.4 (H: with MPRV=1 and MPV=1 the access
 * is made as if V=1: VS-stage with vsatp, G-stage with hgatp), §4.4 (Sv39).
 *
 * Here satp is Bare, hgatp Bare, and vsatp points at an Sv39 table that
 * maps VA -> DATA. A monitor that emulates MPRV through satp alone reads
 * the wrong memory (or faults) for a firmware that handles a guest's
 * misaligned access this way. With MPV=0 the same VA has no memory
 * (satp Bare): an access fault. Page table at 0x80400000, data page at
 * 0x80600000.
 */
#include "test.h"

#define CSR_VSATP	0x280
#define CSR_HGATP	0x680
#define ROOT	(SCRATCH_BASE)
#define L1	(SCRATCH_BASE + 0x1000)
#define L0	(SCRATCH_BASE + 0x2000)
#define DATA	0x80600000UL
#define VA	0xc0000000UL	/* root[3] -> L1[0] -> L0[0] */
#define PTE_PPN(pa) (((ulong)(pa) >> 12) << 10)

static void build_tables(void)
{
	volatile ulong *root = (volatile ulong *)ROOT;
	volatile ulong *l1 = (volatile ulong *)L1;
	volatile ulong *l0 = (volatile ulong *)L0;

	for (int i = 0; i < 512; i++) {
		root[i] = 0;
		l1[i] = 0;
		l0[i] = 0;
	}
	root[3] = PTE_PPN(L1) | PTE_V;
	l1[0] = PTE_PPN(L0) | PTE_V;
	l0[0] = PTE_PPN(DATA) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
	*(volatile ulong *)DATA = 0xda7a0001;
	*(volatile ulong *)(DATA + 8) = 0;
}

int main(void)
{
	ulong s = MPRV_MPP(PRV_S), v;

	test_begin("mprv_mpv");
	if (!(csr_read(misa) & (1UL << 7))) {
		println("H absent");
		test_end();
	}
	pmp_allow_all();
	build_tables();
	csr_write(satp, 0);
	csr_write(CSR_HGATP, 0);
	csr_write(CSR_VSATP, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (ROOT >> 12));
	sfence_vma();
	print_kv("vsatp mode", csr_read(CSR_VSATP) >> SATP_MODE_SHIFT);

	v = mprv_ld(VA, s | MSTATUS_MPV);
	csr_clear(mstatus, MSTATUS_MPV);
	print_trap("MPV=1 S load VA");
	if (!trap_rec.count)
		print_kv("  value", v);
	mprv_sd(VA + 8, 0x5707e, s | MSTATUS_MPV);
	csr_clear(mstatus, MSTATUS_MPV);
	print_trap("MPV=1 S store VA+8");
	print_kv("  DATA+8 now", *(volatile ulong *)(DATA + 8));

	v = mprv_ld(VA, s);
	print_trap("MPV=0 S load VA");
	if (!trap_rec.count)
		print_kv("  value", v);

	csr_write(CSR_VSATP, 0);
	test_end();
}
