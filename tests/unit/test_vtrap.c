// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/vtrap.c: the virtual mstatus stack on trap entry
 * and mret/sret, vectored mtvec for interrupts only, and which virtual
 * interrupt M-mode takes (priority, MIE, delegation).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "fake_hw.h"
#include "vtrap.h"

static struct hart h;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&h, 0, sizeof(h));
	return 0;
}

static unsigned mpp(void)
{
	return (unsigned)((h.v.mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

static void test_inject_builds_from_virtual_state(void **state)
{
	(void)state;
	h.v.mstatus = MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_SUM;
	h.v.mtvec = 0x80001000 | MTVEC_VECTORED;
	h.pc = 0x80200010;
	vtrap_inject(&h, CAUSE_ECALL_S, 0, PRV_S, 0, 0, 0);
	assert_int_equal(h.v.mepc, 0x80200010);
	assert_int_equal(h.v.mcause, CAUSE_ECALL_S);
	assert_int_equal(h.v.mstatus & MSTATUS_MIE, 0);
	assert_true(h.v.mstatus & MSTATUS_MPIE); /* MPIE <- MIE */
	assert_int_equal(mpp(), PRV_S);
	assert_true(h.v.mstatus & MSTATUS_SUM); /* other fields kept */
	/* §3.1.7: exceptions go to BASE even when vectored. */
	assert_int_equal(h.pc, 0x80001000);
	h.pc = 0x80000100;
	vtrap_inject(&h, MCAUSE_INTERRUPT | IRQ_M_TIMER, 0, PRV_M, 0, 0, 0);
	assert_int_equal(h.pc, 0x80001000 + 4 * IRQ_M_TIMER);
	assert_int_equal(h.v.mstatus & MSTATUS_MPIE, 0); /* MIE was 0 now */
	assert_int_equal(mpp(), PRV_M);
}

/*
 * §9.4.1, §9.4.4, §9.4.5: a trap from a guest carries the hardware's MPV,
 * GVA, mtval2 and mtinst into the virtual CSRs; the next trap without
 * them clears GVA and MPV (the spec writes GVA on every trap into M-mode).
 */
static void test_inject_guest_fields(void **state)
{
	(void)state;
	h.v.mstatus = MSTATUS_MIE;
	h.v.mtvec = 0x80001000;
	h.pc = 0x80200010;
	vtrap_inject(&h, CAUSE_LOAD_GUEST_PAGE_FAULT, 0xc0000008, PRV_U, MSTATUS_MPV | MSTATUS_GVA,
		     0x30000002, 0x3003);
	assert_true(h.v.mstatus & MSTATUS_GVA);
	assert_true(h.v.mstatus & MSTATUS_MPV);
	assert_int_equal(mpp(), PRV_U);
	assert_int_equal(h.v.mtval, 0xc0000008);
	assert_int_equal(h.v.mtval2, 0x30000002);
	assert_int_equal(h.v.mtinst, 0x3003);
	/* An hlv of HS-mode: GVA without V. */
	vtrap_inject(&h, CAUSE_LOAD_GUEST_PAGE_FAULT, 0xc0000038, PRV_S, MSTATUS_GVA, 0x3000000e,
		     0);
	assert_true(h.v.mstatus & MSTATUS_GVA);
	assert_int_equal(h.v.mstatus & MSTATUS_MPV, 0);
	/* The firmware's own trap: both cleared, mtval2 and mtinst 0. */
	vtrap_inject(&h, CAUSE_ECALL_M, 0, PRV_M, 0, 0, 0);
	assert_int_equal(h.v.mstatus & (MSTATUS_GVA | MSTATUS_MPV), 0);
	assert_int_equal(h.v.mtval2, 0);
	assert_int_equal(h.v.mtinst, 0);
}

static void test_mret(void **state)
{
	(void)state;
	bool virt;
	h.v.mepc = 0x80200000;
	h.v.mstatus = MSTATUS_MPIE | MSTATUS_MPRV | ((uint64_t)PRV_M << MSTATUS_MPP_SHIFT);
	assert_int_equal(vtrap_mret(&h, &virt), PRV_M);
	assert_true(h.v.mstatus & MSTATUS_MIE);
	assert_true(h.v.mstatus & MSTATUS_MPIE);
	assert_true(h.v.mstatus & MSTATUS_MPRV); /* MPP=M keeps MPRV */
	assert_int_equal(mpp(), PRV_U);
	assert_int_equal(h.pc, 0x80200000);
	h.v.mstatus = MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	assert_int_equal(vtrap_mret(&h, &virt), PRV_S);
	assert_false(virt);
	assert_int_equal(h.v.mstatus & (MSTATUS_MPRV | MSTATUS_MIE), 0); /* v1.12: MPRV cleared */
	h.v.mstatus = MSTATUS_MPV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
	assert_int_equal(vtrap_mret(&h, &virt), PRV_S);
	assert_true(virt);
	assert_int_equal(h.v.mstatus & MSTATUS_MPV, 0);
}

static void test_sret_from_m(void **state)
{
	(void)state;
	h.v.mstatus = MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_MPRV;
	assert_int_equal(vtrap_sret(&h, 0x80400000), PRV_S);
	assert_true(h.v.mstatus & MSTATUS_SIE);
	assert_int_equal(h.v.mstatus & (MSTATUS_SPP | MSTATUS_MPRV), 0);
	assert_int_equal(h.pc, 0x80400000);
}

/*
 * security.md I3: the physical mie while the firmware runs never enables an
 * interrupt the hardware delegates by itself (VS bits read-only one in
 * mideleg), whatever the virtual mie and mideleg say.
 */
static void test_firmware_mie_excludes_forced_delegation(void **state)
{
	(void)state;
	h.v.mstatus = MSTATUS_MIE;
	h.v.mideleg = 0; /* before the firmware's first access: reads 0 */
	h.v.mie = hw.mie_wmask;
	assert_int_equal(vtrap_firmware_mie(&h) & hw.mideleg_fixed, 0);
	assert_int_equal(vtrap_firmware_mie(&h), hw.mie_wmask & ~hw.mideleg_fixed);
	/* Pending VS interrupts are never taken by virtual M-mode. */
	assert_int_equal(vtrap_pending_irq(&h, hw.mideleg_fixed), -1);
	h.v.mstatus = 0;
	assert_int_equal(vtrap_firmware_mie(&h), 0);
}

static void test_pending_irq(void **state)
{
	(void)state;
	h.v.mie = MIP_MTIP | MIP_MSIP | MIP_STIP;
	assert_int_equal(vtrap_pending_irq(&h, MIP_MTIP), -1); /* MIE=0 */
	assert_int_equal(vtrap_firmware_mie(&h), 0);
	h.v.mstatus = MSTATUS_MIE;
	assert_int_equal(vtrap_pending_irq(&h, MIP_MTIP), IRQ_M_TIMER);
	/* §3.1.9 priority: MSI before MTI. */
	assert_int_equal(vtrap_pending_irq(&h, MIP_MTIP | MIP_MSIP), IRQ_M_SOFT);
	/* Not enabled in mie: not taken. */
	assert_int_equal(vtrap_pending_irq(&h, MIP_MEIP), -1);
	/* Delegated interrupts are never taken in M-mode. */
	h.v.mideleg = MIP_STIP;
	assert_int_equal(vtrap_pending_irq(&h, MIP_STIP), -1);
	assert_int_equal(vtrap_firmware_mie(&h), MIP_MTIP | MIP_MSIP);
	h.v.mideleg = 0;
	assert_int_equal(vtrap_pending_irq(&h, MIP_STIP), IRQ_S_TIMER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_inject_builds_from_virtual_state, setup),
		cmocka_unit_test_setup(test_inject_guest_fields, setup),
		cmocka_unit_test_setup(test_mret, setup),
		cmocka_unit_test_setup(test_sret_from_m, setup),
		cmocka_unit_test_setup(test_pending_irq, setup),
		cmocka_unit_test_setup(test_firmware_mie_excludes_forced_delegation, setup),
	};
	return cmocka_run_group_tests_name("vtrap", tests, NULL, NULL);
}
