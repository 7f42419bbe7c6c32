// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/vclint.c, the virtual CLINT, on a fake CLINT of
 * four harts: the firmware sees only its own msip and mtimecmp, the
 * physical registers carry cordon's deadline and IPIs too, and the device's
 * width and alignment rules hold (QEMU 7.2 ACLINT).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "fake_hw.h"
#include "monitor.h"
#include "vclint.h"

#define BASE 0x2000000ULL
#define MSIP(n) (machine.clint.msip + 4ULL * (n))
#define MTIMECMP(n) (machine.clint.mtimecmp + 8ULL * (n))

/* A SiFive CLINT (QEMU virt, sifive_u, spike). */
static const struct platform_clint clint_layout = {
	.msip = BASE + PLAT_CLINT_MSIP,
	.mtimecmp = BASE + PLAT_CLINT_MTIMECMP,
	.mtime = BASE + PLAT_CLINT_MTIME,
	.hz = 10000000,
};
/* ACLINT devices apart, the MTIMER below the MSWI (no board cordon knows has this). */
static const struct platform_clint aclint_layout = {
	.msip = 0x3100000,
	.mtimecmp = 0x3000000,
	.mtime = 0x3000000 + PLAT_MTIMER_MTIME,
	.hz = 1000000,
};

static int setup_with(const struct platform_clint *layout)
{
	fake_reset();
	memset(harts, 0, sizeof(harts));
	machine = (struct machine){ .clint = *layout, .nharts = 4 };
	for (unsigned j = 0; j < 4; j++) {
		harts[j].hartid = j;
		fake.clint_mtimecmp[j] = ~0ULL; /* QEMU's reset value */
	}
	fake.clint_msip[2] = 1; /* pending before cordon took over */
	vclint_init(true);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	return setup_with(&clint_layout);
}

static int setup_aclint(void **state)
{
	(void)state;
	return setup_with(&aclint_layout);
}

static uint64_t load(uint64_t addr, unsigned width)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(vclint_access(addr, width, false, &v), CLINT_DONE);
	return v;
}

static void store(uint64_t addr, unsigned width, uint64_t v)
{
	assert_int_equal(vclint_access(addr, width, true, &v), CLINT_DONE);
}

/* At boot the firmware's values are what the device held. */
static void test_init(void **state)
{
	(void)state;
	assert_true(vclint_on);
	assert_int_equal(harts[2].clint.fw_msip, 1);
	assert_int_equal(harts[0].clint.fw_msip, 0);
	assert_int_equal(harts[1].clint.fw_mtimecmp, ~0ULL);
	assert_int_equal(harts[1].clint.deadline, NO_DEADLINE);
	assert_int_equal(load(MSIP(2), 4), 1);
}

/* Physical mtimecmp = min(cordon's deadline, the firmware's if MTIE). */
static void test_mtimecmp_min(void **state)
{
	struct hart *h = &harts[1];

	(void)state;
	h->v.mie = MIP_MTIP;
	store(MTIMECMP(1), 8, 5000);
	assert_int_equal(fake.clint_mtimecmp[1], 5000);
	vclint_set_deadline(h, 3000);
	assert_int_equal(fake.clint_mtimecmp[1], 3000);
	assert_int_equal(load(MTIMECMP(1), 8), 5000); /* its own, never cordon's */
	vclint_set_deadline(h, NO_DEADLINE);
	assert_int_equal(fake.clint_mtimecmp[1], 5000);
	/* MTIE off: the firmware's deadline does not fire. */
	h->v.mie = 0;
	vclint_mie_changed(h);
	assert_int_equal(fake.clint_mtimecmp[1], NO_DEADLINE);
	vclint_set_deadline(h, 7000);
	assert_int_equal(fake.clint_mtimecmp[1], 7000);
	/* Another hart's registers are not this one's. */
	assert_int_equal(fake.clint_mtimecmp[0], ~0ULL);
}

/* 32-bit halves of mtimecmp, as RV32 firmware or OpenSBI's ACLINT driver write them. */
static void test_mtimecmp_halves(void **state)
{
	struct hart *h = &harts[3];

	(void)state;
	h->v.mie = MIP_MTIP;
	store(MTIMECMP(3), 4, 0x11223344);
	store(MTIMECMP(3) + 4, 4, 0x55667788);
	assert_int_equal(h->clint.fw_mtimecmp, 0x5566778811223344ULL);
	assert_int_equal(fake.clint_mtimecmp[3], 0x5566778811223344ULL);
	assert_int_equal(load(MTIMECMP(3) + 4, 4), 0x55667788);
	assert_int_equal(load(MTIMECMP(3), 4), 0x11223344);
}

/* Physical msip = the firmware's | a policy's requests; the firmware reads its own. */
static void test_msip(void **state)
{
	struct hart *t = &harts[0];

	(void)state;
	store(MSIP(0), 4, 1);
	assert_int_equal(fake.clint_msip[0], 1);
	assert_int_equal(load(MSIP(0), 4), 1);
	store(MSIP(0), 4, 0);
	assert_int_equal(fake.clint_msip[0], 0);
	/* cordon's IPI: physical msip raised, the firmware still reads 0. */
	vclint_kick(t);
	assert_int_equal(fake.clint_msip[0], 1);
	assert_int_equal(load(MSIP(0), 4), 0);
	/* The firmware clears its msip while a request is pending: it stays raised. */
	fake.policy_ipi_pending = true;
	store(MSIP(0), 4, 0);
	assert_int_equal(fake.clint_msip[0], 1);
	/* Taken: back to the firmware's value. */
	fake.policy_ipi_pending = false;
	vclint_ack(t);
	assert_int_equal(fake.clint_msip[0], 0);
	/* Only bit 0 of msip exists. */
	store(MSIP(0), 4, 0xfffffffe);
	assert_int_equal(load(MSIP(0), 4), 0);
}

/* mip as the firmware sees it: its msip, its deadline. */
static void test_virtual_mip(void **state)
{
	struct hart *h = &harts[1];
	uint64_t mip = MIP_MSIP | MIP_MTIP | MIP_SSIP;

	(void)state;
	h->v.mie = MIP_MTIP;
	store(MTIMECMP(1), 8, 100);
	fake.clint_mtime = 50;
	assert_int_equal(vclint_virtual_mip(h, mip), MIP_SSIP); /* cordon's, not its own */
	fake.clint_mtime = 100;
	store(MSIP(1), 4, 1);
	assert_int_equal(vclint_virtual_mip(h, 0), MIP_MSIP | MIP_MTIP);
}

/* The device's rules: what faults, what the device serves, misaligned loads. */
static void test_widths(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(vclint_access(MSIP(1), 1, false, &v), CLINT_FAULT);
	assert_int_equal(vclint_access(MSIP(1), 8, false, &v), CLINT_FAULT);
	assert_int_equal(vclint_access(MTIMECMP(1), 2, true, &v), CLINT_FAULT);
	assert_int_equal(vclint_access(MTIMECMP(1) + 2, 4, true, &v), CLINT_FAULT);
	/* Past the harts' registers and mtime: the device's own. */
	assert_int_equal(vclint_access(MSIP(4), 4, false, &v), CLINT_HARDWARE);
	assert_int_equal(vclint_access(machine.clint.mtime, 8, false, &v), CLINT_HARDWARE);
	assert_int_equal(vclint_access(MTIMECMP(4), 8, false, &v), CLINT_HARDWARE);
	/* A misaligned load composes the firmware's bytes. */
	store(MTIMECMP(2), 8, 0x0807060504030201ULL);
	assert_int_equal(load(MTIMECMP(2) + 2, 4), 0x06050403);
	store(MSIP(1), 4, 1);
	assert_int_equal(load(MSIP(0) + 2, 4), 0x00010000); /* msip0 bytes 2-3, msip1 bytes 0-1 */
}

/* Each register is found where the layout puts it, not at a CLINT's offsets. */
static void test_layout(void **state)
{
	uint64_t v = 0;

	(void)state;
	harts[3].v.mie = MIP_MTIP;
	store(MTIMECMP(3), 8, 1234);
	assert_int_equal(fake.clint_mtimecmp[3], 1234);
	assert_int_equal(harts[3].clint.fw_mtimecmp, 1234);
	store(MSIP(3), 4, 1);
	assert_int_equal(harts[3].clint.fw_msip, 1);
	assert_int_equal(harts[2].clint.fw_msip, 1); /* from setup: untouched */
	/* A CLINT's offsets from the lower device mean nothing in this layout. */
	if (machine.clint.mtimecmp != machine.clint.msip + PLAT_CLINT_MTIMECMP)
		assert_int_equal(
			vclint_access(machine.clint.msip + PLAT_CLINT_MTIMECMP, 8, false, &v),
			CLINT_HARDWARE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_mtimecmp_min, setup),
		cmocka_unit_test_setup(test_mtimecmp_halves, setup),
		cmocka_unit_test_setup(test_msip, setup),
		cmocka_unit_test_setup(test_virtual_mip, setup),
		cmocka_unit_test_setup(test_widths, setup),
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_init, setup_aclint),
		cmocka_unit_test_setup(test_mtimecmp_min, setup_aclint),
		cmocka_unit_test_setup(test_mtimecmp_halves, setup_aclint),
		cmocka_unit_test_setup(test_msip, setup_aclint),
		cmocka_unit_test_setup(test_virtual_mip, setup_aclint),
		cmocka_unit_test_setup(test_widths, setup_aclint),
		cmocka_unit_test_setup(test_layout, setup_aclint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
