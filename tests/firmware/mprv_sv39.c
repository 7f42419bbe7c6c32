// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: MPRV loads/stores translated through an Sv39 page table
 * (§3.1.6.3 MPRV, SUM, MXR; §4.3.2 address translation, §4.4 Sv39; page
 * faults mcause 13/15 with mtval = the virtual address, §3.1.16; A/D bits
 * are set by the hardware or fault, §4.3.1). M-mode's own accesses stay
 * untranslated. Page table at 0x80400000, data pages at 0x80600000.
 */
#include "test.h"

#define ROOT   (SCRATCH_BASE)
#define L1     (SCRATCH_BASE + 0x1000)
#define L0     (SCRATCH_BASE + 0x2000)
#define DATA   0x80600000UL
#define VA     0xc0000000UL	/* root[3] -> L1[0] -> L0[i] */

#define PTE_PPN(pa) (((ulong)(pa) >> 12) << 10)

enum { PG_S, PG_U, PG_XONLY, PG_INVALID, PG_RO, PG_NOAD, PG_NOD, PG_COUNT };

static volatile ulong *pte(int i)
{
	return (volatile ulong *)(L0 + 8 * (ulong)i);
}

static void build_tables(void)
{
	volatile ulong *root = (volatile ulong *)ROOT;
	volatile ulong *l1 = (volatile ulong *)L1;

	for (int i = 0; i < 512; i++) {
		root[i] = 0;
		l1[i] = 0;
		*pte(i) = 0;
	}
	/* Identity gigapage for 0x80000000..0xbfffffff (S, RWX). */
	root[2] = PTE_PPN(0x80000000UL) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
	root[3] = PTE_PPN(L1) | PTE_V;
	l1[0] = PTE_PPN(L0) | PTE_V;
	*pte(PG_S) = PTE_PPN(DATA + 0x0000) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
	*pte(PG_U) = PTE_PPN(DATA + 0x1000) | PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D;
	*pte(PG_XONLY) = PTE_PPN(DATA + 0x2000) | PTE_V | PTE_X | PTE_A;
	*pte(PG_INVALID) = PTE_PPN(DATA + 0x3000) | PTE_R | PTE_W;
	*pte(PG_RO) = PTE_PPN(DATA + 0x4000) | PTE_V | PTE_R | PTE_A;
	*pte(PG_NOAD) = PTE_PPN(DATA + 0x5000) | PTE_V | PTE_R | PTE_W;
	*pte(PG_NOD) = PTE_PPN(DATA + 0x6000) | PTE_V | PTE_R | PTE_W | PTE_A;
	for (int i = 0; i < PG_COUNT; i++)
		*(volatile ulong *)(DATA + 0x1000 * (ulong)i) = 0x1000 + (ulong)i;
}

static ulong va(int page)
{
	return VA + 0x1000 * (ulong)page;
}

int main(void)
{
	ulong s = MPRV_MPP(PRV_S), u = MPRV_MPP(PRV_U);
	ulong v;

	test_begin("mprv_sv39");
	pmp_allow_all();
	build_tables();
	csr_write(satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (ROOT >> 12));
	sfence_vma();
	print_kv("satp mode", csr_read(satp) >> SATP_MODE_SHIFT);

	/* M itself is not translated: plain load of VA space faults. */
	v = try_ld(VA);
	print_trap("plain M load of VA (no memory there)");

	v = mprv_ld(va(PG_S), s);
	print_trap("S load alias");
	print_kv("value", v);
	v = mprv_ld(DATA, s);
	print_trap("S load identity");
	print_kv("value", v);
	mprv_sd(va(PG_S) + 8, 0xfeed, s);
	print_trap("S store alias+8");
	print_kv("PA+8 now", *(volatile ulong *)(DATA + 8));

	v = mprv_ld(va(PG_U), s);
	print_trap("S load U page, SUM=0");
	v = mprv_ld(va(PG_U), s | MSTATUS_SUM);
	print_trap("S load U page, SUM=1");
	print_kv("value", v);
	mprv_sd(va(PG_U), 7, s | MSTATUS_SUM);
	print_trap("S store U page, SUM=1");
	v = mprv_ld(va(PG_U), u);
	print_trap("U load U page");
	v = mprv_ld(va(PG_S), u);
	print_trap("U load S page");
	v = mprv_ld(va(PG_S), u | MSTATUS_SUM);
	print_trap("U load S page, SUM=1");

	v = mprv_ld(va(PG_XONLY), s);
	print_trap("S load X-only page, MXR=0");
	v = mprv_ld(va(PG_XONLY), s | MSTATUS_MXR);
	print_trap("S load X-only page, MXR=1");
	print_kv("value", v);
	v = mprv_ld(va(PG_XONLY), u | MSTATUS_MXR);
	print_trap("U load X-only S page, MXR=1");

	v = mprv_ld(va(PG_INVALID) + 0x10, s);
	print_trap("S load invalid page");
	mprv_sd(va(PG_INVALID) + 0x18, 1, s);
	print_trap("S store invalid page");
	v = mprv_lbu(va(PG_RO) + 3, s);
	print_trap("S lbu RO page");
	mprv_sb(va(PG_RO) + 3, 1, s);
	print_trap("S sb RO page");

	/* A/D handling: either set by hardware or a page fault. */
	v = mprv_ld(va(PG_NOAD), s);
	print_trap("S load page with A=0");
	print_kv("PTE A/D after load", *pte(PG_NOAD) & (PTE_A | PTE_D));
	mprv_sd(va(PG_NOD), 9, s);
	print_trap("S store page with D=0");
	print_kv("PTE A/D after store", *pte(PG_NOD) & (PTE_A | PTE_D));

	/* Misaligned access straddling into a page that faults. */
	v = mprv_ld(va(PG_XONLY) - 4, s | MSTATUS_SUM);
	print_trap("S SUM=1 ld straddling U page -> X-only page");
	v = mprv_ld(va(PG_INVALID) - 4, s | MSTATUS_MXR);
	print_trap("S ld straddling X-only page -> invalid page");

	/* Non-canonical VA (bits 63:39 not a sign extension). */
	v = mprv_ld(0x0000008000000000UL, s);
	print_trap("S load non-canonical VA");

	/* MPP=M: MPRV has no effect, VA space is physical. */
	v = mprv_ld(VA, MPRV_MPP(PRV_M));
	print_trap("MPP=M load VA");

	/* TVM does not affect M-mode, MPRV walks still work. */
	csr_set(mstatus, MSTATUS_TVM);
	v = mprv_ld(va(PG_S), s);
	csr_clear(mstatus, MSTATUS_TVM);
	print_trap("S load alias with TVM=1");

	csr_write(satp, 0);
	sfence_vma();
	test_end();
}
