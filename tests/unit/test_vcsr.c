// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/vcsr.c: WARL rules of the virtual CSRs, the views
 * (sstatus, sie, sip), the x0 rules of the CSR instructions, read-only and
 * missing CSRs, and pass-through to the (fake) hardware.
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
#include "vcsr.h"
#include "vpmp.h"

static struct hart h;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&h, 0, sizeof(h));
	return 0;
}

/* Run one CSR instruction given by its encoding; false = illegal. */
static bool exec(uint32_t raw, unsigned *fx)
{
	struct insn in;
	unsigned dummy = 0;
	assert_true(decode_insn(raw, &in));
	return vcsr_exec(&h, &in, fx ? fx : &dummy);
}

static void test_mstatus_warl(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_true(vcsr_write(&h, CSR_MSTATUS, ~0ULL, &fx));
	assert_true(vcsr_read(&h, CSR_MSTATUS, &v));
	/* Writable bits only; FS lands in the hardware; SD follows FS=Dirty. */
	assert_int_equal(v & ~MSTATUS_SD, hw.mstatus_wmask);
	assert_true(v & MSTATUS_SD);
	assert_int_equal(fake.shared & MSTATUS_FS, MSTATUS_FS);
	assert_true(fx & VCSR_FX_MPRV); /* MPRV changed: the other view */
	assert_true(fx & VCSR_FX_IRQ);	/* MIE changed */
	/* §3.1.6.2: MPP=2 is reserved; QEMU keeps the old value. */
	assert_true(vcsr_write(&h, CSR_MSTATUS, (uint64_t)2 << MSTATUS_MPP_SHIFT, &fx));
	assert_true(vcsr_read(&h, CSR_MSTATUS, &v));
	assert_int_equal((v & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, 3);
	assert_int_equal(v & MSTATUS_SD, 0);
}

/*
 * FS and VS are shared by both worlds (world.c): the firmware's mstatus
 * reads them from the hardware and its writes land there, whatever the
 * other world last did (found by the random difftest: a VS the OS wrote
 * through sstatus read back stale, a VS the firmware wrote was lost).
 */
static void test_mstatus_vs_shared(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	hw.mstatus_wmask |= MSTATUS_VS; /* QEMU 7.2 keeps VS writable without V */
	assert_true(vcsr_write(&h, CSR_MSTATUS, (uint64_t)2 << 9 /* VS Clean */, &fx));
	assert_int_equal(fake.shared & MSTATUS_VS, (uint64_t)2 << 9);
	fake.shared = MSTATUS_VS; /* the OS made it Dirty */
	assert_true(vcsr_read(&h, CSR_MSTATUS, &v));
	assert_int_equal(v & MSTATUS_VS, MSTATUS_VS);
	assert_true(v & MSTATUS_SD); /* §3.1.6.6: VS Dirty */
	assert_true(vcsr_read(&h, CSR_SSTATUS, &v));
	assert_int_equal(v & MSTATUS_VS, MSTATUS_VS);
}

static void test_sstatus_view(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_true(vcsr_write(&h, CSR_SSTATUS, ~0ULL, &fx));
	assert_true(vcsr_read(&h, CSR_MSTATUS, &v));
	/* Only supervisor fields change through sstatus (§4.1.1). */
	assert_int_equal(
		v & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM), 0);
	assert_true(v & MSTATUS_SIE);
	assert_true(v & MSTATUS_SUM);
	assert_true(vcsr_read(&h, CSR_SSTATUS, &v));
	assert_int_equal(v & ~SSTATUS_VIEW, 0);
}

static void test_deleg_and_ie(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_true(vcsr_write(&h, CSR_MIDELEG, 0, &fx));
	assert_true(vcsr_read(&h, CSR_MIDELEG, &v));
	assert_int_equal(v, hw.mideleg_fixed); /* VS interrupts: read-only one with H */
	assert_true(vcsr_write(&h, CSR_MEDELEG, ~0ULL, &fx));
	assert_true(vcsr_read(&h, CSR_MEDELEG, &v));
	assert_int_equal(v, hw.medeleg_wmask);
	assert_true(vcsr_write(&h, CSR_MIE, ~0ULL, &fx));
	assert_true(vcsr_read(&h, CSR_MIE, &v));
	assert_int_equal(v, hw.mie_wmask);
	/* sie shows only delegated S interrupts (§4.1.3). */
	assert_true(vcsr_read(&h, CSR_SIE, &v));
	assert_int_equal(v, 0);
	assert_true(vcsr_write(&h, CSR_MIDELEG, MIP_STIP | MIP_SSIP, &fx));
	assert_true(vcsr_read(&h, CSR_SIE, &v));
	assert_int_equal(v, MIP_STIP | MIP_SSIP);
	assert_true(vcsr_write(&h, CSR_SIE, 0, &fx));
	assert_true(vcsr_read(&h, CSR_MIE, &v));
	assert_int_equal(v, hw.mie_wmask & ~(MIP_STIP | MIP_SSIP));
	/* sip: SSIP writable when delegated, reaches the hardware mip. */
	assert_true(vcsr_write(&h, CSR_SIP, MIP_SSIP, &fx));
	assert_int_equal(fake.mip & MIP_SSIP, MIP_SSIP);
	assert_true(vcsr_read(&h, CSR_SIP, &v));
	assert_int_equal(v, MIP_SSIP);
}

/* QEMU 7.2: the first read of mideleg returns 0 yet forces the fixed bits. */
static void test_mideleg_first_read(void **state)
{
	(void)state;
	uint64_t v;
	h.v.mideleg = 0; /* the reset value, never accessed */
	assert_true(vcsr_read(&h, CSR_MIDELEG, &v));
	assert_int_equal(v, 0);
	assert_true(vcsr_read(&h, CSR_MIDELEG, &v));
	assert_int_equal(v, hw.mideleg_fixed);
}

/* security.md I4: hstatus.HU is the firmware's only virtually. */
static void test_hstatus_hu_virtual(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_true(vcsr_write(&h, CSR_HSTATUS, HSTATUS_HU | HSTATUS_SPVP, &fx));
	assert_int_equal(fake.csr[CSR_HSTATUS], HSTATUS_SPVP); /* HU never physical */
	assert_int_equal(h.v.hstatus_hu, HSTATUS_HU);
	assert_true(vcsr_read(&h, CSR_HSTATUS, &v));
	assert_int_equal(v, HSTATUS_HU | HSTATUS_SPVP);
	assert_true(exec(0x60029573, NULL)); /* csrrw a0, hstatus, t0 (t0 = 0) */
	assert_int_equal(h.v.hstatus_hu, 0);
	assert_int_equal(h.regs[10], HSTATUS_HU | HSTATUS_SPVP);
}

static void test_mtvec_mepc(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_true(vcsr_write(&h, CSR_MTVEC, 0x80001001, &fx));
	assert_true(vcsr_read(&h, CSR_MTVEC, &v));
	assert_int_equal(v, 0x80001001);
	/* §3.1.7: MODE >= 2 reserved; the write is ignored on QEMU. */
	assert_true(vcsr_write(&h, CSR_MTVEC, 0x80002002, &fx));
	assert_true(vcsr_read(&h, CSR_MTVEC, &v));
	assert_int_equal(v, 0x80001001);
	assert_true(vcsr_write(&h, CSR_MEPC, 0x80000003, &fx));
	assert_true(vcsr_read(&h, CSR_MEPC, &v));
	assert_int_equal(v, 0x80000002); /* §3.1.14: bit 0 is zero */
}

static void test_satp(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v, sv39 = (8ULL << 60) | 0x80400;
	assert_true(vcsr_write(&h, CSR_SATP, sv39, &fx));
	assert_true(vcsr_read(&h, CSR_SATP, &v));
	assert_int_equal(v, sv39);
	/* §4.1.11: unsupported MODE: the whole write is ignored. */
	assert_true(vcsr_write(&h, CSR_SATP, (5ULL << 60) | 1, &fx));
	assert_true(vcsr_read(&h, CSR_SATP, &v));
	assert_int_equal(v, sv39);
}

static void test_insn_x0_rules(void **state)
{
	(void)state;
	h.regs[5] = 0x1234;
	h.v.mscratch = 0x55;
	assert_true(exec(0x34029573, NULL)); /* csrrw a0, mscratch, t0 */
	assert_int_equal(h.regs[10], 0x55);
	assert_int_equal(h.v.mscratch, 0x1234);
	/* Read-only CSR: csrr (csrrs rs1=x0) is legal, csrrw/csrrs rs1!=0 are not. */
	fake.csr[CSR_MHARTID] = 3;
	assert_true(exec(0xf1402573, NULL)); /* csrr a0, mhartid */
	assert_int_equal(h.regs[10], 3);
	assert_false(exec(0xf1429073, NULL)); /* csrw mhartid, t0 */
	assert_false(exec(0xf142a073, NULL)); /* csrs mhartid, t0 */
	assert_true(exec(0xf1406573, NULL));  /* csrrsi a0, mhartid, 0: no write */
	/* csrrc with rs1=x0 does not write: a write-only side effect is absent. */
	unsigned writes = fake.csr_writes;
	assert_true(exec(0x10503573, NULL)); /* csrrc a0, stvec, x0 */
	assert_int_equal(fake.csr_writes, writes);
	assert_true(exec(0x1052b573, NULL)); /* csrrc a0, stvec, t0 */
	assert_int_equal(fake.csr_writes, writes + 1);
}

/*
 * csrs/csrc on a pass-through CSR must be one hardware read-modify-write:
 * mip.SEIP driven by the PLIC must not be written back as a software bit.
 */
static void test_passthrough_rmw_is_atomic(void **state)
{
	(void)state;
	fake.mip = MIP_SEIP; /* the PLIC line, as the CSR read shows it */
	h.regs[5] = MIP_SSIP;
	assert_true(exec(0x3442a073, NULL)); /* csrs mip, t0 */
	assert_int_equal(fake.mip, MIP_SEIP | MIP_SSIP);
	fake.mip &= ~MIP_SEIP;		     /* the PLIC drops the line */
	assert_true(exec(0x3442b073, NULL)); /* csrc mip, t0 */
	assert_int_equal(fake.mip, 0);
}

static void test_missing_csrs(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_false(vcsr_read(&h, 0x7ff, &v)); /* unknown */
	assert_false(vcsr_read(&h, 0x3a1, &v)); /* pmpcfg1: RV32 only */
	assert_false(vcsr_read(&h, 0x3c0, &v)); /* pmpaddr16: not implemented */
	assert_false(vcsr_read(&h, 0x7a5, &v)); /* tcontrol: QEMU 7.2 has none */
	hw.trig_count = 0;
	assert_false(vcsr_read(&h, CSR_TSELECT, &v)); /* no trigger module */
	hw.trig_count = 2;
	assert_false(vcsr_read(&h, CSR_MSECCFG, &v));	 /* no Smepmp */
	assert_false(vcsr_write(&h, CSR_HGATP, 0, &fx)); /* missing in the fake: hardware says no */
	assert_true(vcsr_read(&h, CSR_PMPADDR15, &v));	 /* beyond the virtual entries: reads 0 */
	assert_int_equal(v, 0);
	hw.has_h = false;
	assert_false(vcsr_read(&h, CSR_MTINST, &v));
}

/*
 * protect-os (hide_os, security.md I14): the OS's supervisor state is not
 * the firmware's. S/VS/H CSRs read 0 and ignore writes (existence as the
 * hardware says); mstatus' S fields, satp and the OS's enables in mie are
 * the firmware's own shadows, the OS's values untouched.
 */
static void test_hide_os(void **state)
{
	(void)state;
	unsigned fx = 0, writes;
	uint64_t v;
	h.v.hide_os = 1;
	h.v.os_ideleg = MIP_SSIP | MIP_STIP | MIP_SEIP;
	fake.csr[0x105] = 0xfeed0000; /* stvec */
	fake.csr[0x141] = 0xbeef;     /* sepc */
	writes = fake.csr_writes;
	h.regs[5] = 0x1234;
	assert_true(exec(0x10502573, NULL)); /* csrr a0, stvec */
	assert_int_equal(h.regs[10], 0);
	assert_true(exec(0x14129573, NULL)); /* csrrw a0, sepc, t0 */
	assert_int_equal(h.regs[10], 0);
	assert_int_equal(fake.csr[0x141], 0xbeef);
	assert_true(exec(0x1412a573, NULL)); /* csrrs a0, sepc, t0 */
	assert_int_equal(fake.csr[0x141], 0xbeef);
	assert_int_equal(fake.csr_writes, writes);
	assert_false(vcsr_write(&h, CSR_HGATP, 1, &fx)); /* absent: illegal, as the hardware */
	hw.misa |= BIT('S' - 'A');			 /* sie: cordon's view of mie, hidden too */
	assert_true(vcsr_read(&h, CSR_SIE, &v));
	assert_int_equal(v, 0);
	/* mstatus: the OS's SIE/SUM stay, the firmware reads and writes its own. */
	h.v.mstatus = MSTATUS_SIE | MSTATUS_SUM | MSTATUS_SPP;
	assert_true(vcsr_read(&h, CSR_MSTATUS, &v));
	assert_int_equal(v & MSTATUS_OS_PRIVATE, 0);
	assert_true(vcsr_write(&h, CSR_MSTATUS, MSTATUS_MXR | MSTATUS_MPIE, &fx));
	assert_int_equal(h.v.mstatus & MSTATUS_OS_PRIVATE, MSTATUS_SIE | MSTATUS_SUM | MSTATUS_SPP);
	assert_true(h.v.mstatus & MSTATUS_MPIE);
	assert_true(vcsr_read(&h, CSR_SSTATUS, &v));
	assert_int_equal(v & MSTATUS_OS_PRIVATE, MSTATUS_MXR);
	/* FS written while the OS's FP registers are in the unit: taken first (I15). */
	h.fp_hidden = 1;
	fake.fp[3] = 0x5ec2e7;
	assert_true(vcsr_write(&h, CSR_MSTATUS, MSTATUS_FS_DIRTY, &fx));
	assert_true(h.fp_saved && !h.fp_hidden);
	assert_int_equal(h.os_fp[3], 0x5ec2e7);
	assert_int_equal(fake.fp[3], 0);
	/* satp: the firmware's own. */
	h.v.satp = 0x8000000000012345ULL;
	assert_true(vcsr_read(&h, CSR_SATP, &v));
	assert_int_equal(v, 0);
	assert_true(vcsr_write(&h, CSR_SATP, (8ULL << 60) | 0x80400, &fx));
	assert_int_equal(h.v.satp, 0x8000000000012345ULL);
	assert_true(vcsr_read(&h, CSR_SATP, &v));
	assert_int_equal(v, (8ULL << 60) | 0x80400);
	/* mie: the OS's delegated enables stay, M ones are the firmware's. */
	h.v.mie = MIP_STIP | MIP_SEIP;
	assert_true(vcsr_write(&h, CSR_MIE, MIP_MTIP | MIP_SSIP, &fx));
	assert_int_equal(h.v.mie & (MIP_SSIP | MIP_STIP | MIP_SEIP), MIP_STIP | MIP_SEIP);
	assert_true(h.v.mie & MIP_MTIP);
	assert_true(vcsr_read(&h, CSR_MIE, &v));
	assert_int_equal(v & (MIP_SSIP | MIP_STIP | MIP_SEIP), MIP_SSIP);
}

static void test_pmp_through_csrs(void **state)
{
	(void)state;
	unsigned fx = 0;
	uint64_t v;
	assert_true(vcsr_write(&h, CSR_PMPADDR0, 0x20000000, &fx));
	assert_true(fx & VCSR_FX_PMP);
	assert_int_equal(fake.pmpaddr[pmp_layout.vpmp], 0x20000000);
	assert_true(vcsr_write(&h, CSR_PMPCFG0, 0x8f, &fx)); /* L|TOR|RWX */
	assert_true(vcsr_write(&h, CSR_PMPADDR0, 0x1, &fx)); /* locked: ignored */
	assert_true(vcsr_read(&h, CSR_PMPADDR0, &v));
	assert_int_equal(v, 0x20000000);
	assert_int_equal(fake.pmpaddr[pmp_layout.vpmp], 0x20000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mstatus_warl, setup),
		cmocka_unit_test_setup(test_mstatus_vs_shared, setup),
		cmocka_unit_test_setup(test_sstatus_view, setup),
		cmocka_unit_test_setup(test_deleg_and_ie, setup),
		cmocka_unit_test_setup(test_mideleg_first_read, setup),
		cmocka_unit_test_setup(test_hstatus_hu_virtual, setup),
		cmocka_unit_test_setup(test_mtvec_mepc, setup),
		cmocka_unit_test_setup(test_satp, setup),
		cmocka_unit_test_setup(test_insn_x0_rules, setup),
		cmocka_unit_test_setup(test_missing_csrs, setup),
		cmocka_unit_test_setup(test_passthrough_rmw_is_atomic, setup),
		cmocka_unit_test_setup(test_pmp_through_csrs, setup),
		cmocka_unit_test_setup(test_hide_os, setup),
	};
	return cmocka_run_group_tests_name("vcsr", tests, NULL, NULL);
}
