// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/vtrig.c, the virtual trigger module, on the fake
 * hart (QEMU 7.2's two triggers of types 2 and 6): the WARL rules the
 * firmware sees are the hardware's (the native readings of
 * tests/firmware/triggers.c), and the hardware's triggers never carry the
 * M bit, carry the firmware's M triggers as U while the firmware runs and
 * only the OS's modes while the OS runs (docs/security.md, I17).
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
#include "vtrig.h"
#include "world.h"

static struct hart h;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&h, 0, sizeof(h));
	for (unsigned i = 0; i < hw.trig_count; i++)
		h.trig.tdata1[i] = TDATA1_TYPE(2);
	h.world = WORLD_FIRMWARE;
	return 0;
}

static uint64_t rd(unsigned csr)
{
	uint64_t v = 0;
	assert_true(vtrig_read(&h, csr, &v));
	return v;
}

static bool wr(unsigned csr, uint64_t v)
{
	bool changed = false;
	assert_true(vtrig_write(&h, csr, v, &changed));
	return changed;
}

/* Every type-2/6 value, every world: no M bit; firmware: U = M; OS: the OS's own modes. */
static void test_phys_never_m(void **state)
{
	(void)state;
	for (unsigned type = 0; type < 16; type++) {
		for (uint64_t m = 0; m < 32; m++) {
			uint64_t modes = ((m & 1) ? MCTRL_U : 0) | ((m & 2) ? MCTRL_S : 0) |
					 ((m & 4) ? MCTRL_M : 0) | ((m & 8) ? MCTRL6_VU : 0) |
					 ((m & 16) ? MCTRL6_VS : 0);
			uint64_t v = TDATA1_TYPE(type) | modes | MCTRL_EXEC | MCTRL_LOAD;
			uint64_t fw = vtrig_phys(v, false), os = vtrig_phys(v, true);

			if (type != 2 && type != 6) {
				assert_int_equal(fw, v);
				assert_int_equal(os, v);
				continue;
			}
			assert_int_equal(fw & MCTRL_M, 0);
			assert_int_equal(os & MCTRL_M, 0);
			assert_int_equal(!!(fw & MCTRL_U), !!(v & MCTRL_M));
			assert_int_equal(fw & (MCTRL_S | (type == 6 ? MCTRL6_VS | MCTRL6_VU : 0)),
					 0);
			assert_int_equal(os & MCTRL_MODES(type), v & MCTRL_MODES(type) & ~MCTRL_M);
			/* The rest of the value is the firmware's. */
			assert_int_equal(fw & ~MCTRL_MODES(type), v & ~MCTRL_MODES(type));
			assert_int_equal(os & ~MCTRL_MODES(type), v & ~MCTRL_MODES(type));
		}
	}
}

/* The readings of tests/firmware/triggers.c natively on QEMU 7.2. */
static void test_warl_as_the_hardware(void **state)
{
	(void)state;
	assert_int_equal(rd(CSR_TINFO), 0x44);
	assert_false(wr(CSR_TSELECT, 0xffff));
	assert_int_equal(rd(CSR_TSELECT), 0);
	wr(CSR_TSELECT, 1);
	assert_int_equal(rd(CSR_TSELECT), 1);
	wr(CSR_TSELECT, 2);
	assert_int_equal(rd(CSR_TSELECT), 1);
	wr(CSR_TSELECT, 0);
	assert_true(wr(CSR_TDATA1, TDATA1_TYPE(2) | ((1ULL << 59) - 1)));
	assert_int_equal(rd(CSR_TDATA1), 0x200000000000005fULL);
	wr(CSR_TDATA1, TDATA1_TYPE(2) | (1ULL << 59) | MCTRL_M | MCTRL_EXEC);
	assert_int_equal(rd(CSR_TDATA1), 0x2000000000000044ULL);
	wr(CSR_TDATA1, TDATA1_TYPE(6) | ((1ULL << 59) - 1));
	assert_int_equal(rd(CSR_TDATA1), 0x600000000180005fULL);
	wr(CSR_TDATA1, TDATA1_TYPE(6) | (3ULL << 16) | MCTRL_M | MCTRL_S | MCTRL_STORE);
	assert_int_equal(rd(CSR_TDATA1), 0x6000000000030052ULL);
	assert_false(wr(CSR_TDATA1, TDATA1_TYPE(3) | 5)); /* ignored */
	assert_false(wr(CSR_TDATA1, TDATA1_TYPE(1) | 5)); /* QEMU aborts; cordon ignores */
	assert_int_equal(rd(CSR_TDATA1), 0x6000000000030052ULL);
	wr(CSR_TDATA2, 0xfedcba9876543210ULL);
	assert_int_equal(rd(CSR_TDATA2), 0xfedcba9876543210ULL);
	wr(CSR_TDATA3, 0x55);
	assert_int_equal(rd(CSR_TDATA3), 0);
	/* Trigger 1 untouched. */
	wr(CSR_TSELECT, 1);
	assert_int_equal(rd(CSR_TDATA1), TDATA1_TYPE(2));
	/* Not in QEMU 7.2: illegal instruction, as natively. */
	uint64_t v;
	bool ch;
	assert_false(vtrig_read(&h, 0x7a5, &v));
	assert_false(vtrig_write(&h, 0x7b0, 0, &ch));
	/* Never a physical M bit, even in the probing writes. */
	for (unsigned i = 0; i < hw.trig_count; i++)
		assert_int_equal(fake.trig_m_written, 0);
}

/* What the hardware holds in each world. */
static void test_worlds(void **state)
{
	(void)state;
	wr(CSR_TSELECT, 0);
	wr(CSR_TDATA1, TDATA1_TYPE(2) | MCTRL_M | MCTRL_S | MCTRL_EXEC);
	wr(CSR_TDATA2, 0x80001000);
	assert_true(h.trig_active);
	world_install_triggers(&h, false);
	assert_int_equal(fake.trig_tdata1[0], TDATA1_TYPE(2) | MCTRL_U | MCTRL_EXEC);
	assert_int_equal(fake.trig_tdata2[0], 0x80001000);
	/* As monitor.c switches worlds (enter_os, os_trap). */
	h.v.mstatus = (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	world_enter_os(&h, PRV_S, false);
	if (h.trig_active)
		world_install_triggers(&h, true);
	assert_int_equal(fake.trig_tdata1[0], TDATA1_TYPE(2) | MCTRL_S | MCTRL_EXEC);
	fake.csr[CSR_MSTATUS] = (uint64_t)PRV_S << MSTATUS_MPP_SHIFT;
	world_enter_firmware(&h);
	if (h.trig_active)
		world_install_triggers(&h, false);
	assert_int_equal(fake.trig_tdata1[0], TDATA1_TYPE(2) | MCTRL_U | MCTRL_EXEC);
	/* Disarmed: the hardware's trigger too, and the world switch stops programming them. */
	wr(CSR_TDATA1, TDATA1_TYPE(2));
	assert_false(h.trig_active);
	world_install_triggers(&h, false);
	assert_int_equal(fake.trig_tdata1[0], TDATA1_TYPE(2));
	/* Disarmed: the world switch leaves the hardware's triggers alone. */
	assert_false(h.trig_active);
	assert_int_equal(fake.trig_m_written, 0);
}

/* Without a trigger module: the CSRs do not exist, as on the hardware. */
static void test_absent(void **state)
{
	uint64_t v;
	bool ch;
	(void)state;
	hw.trig_count = 0;
	assert_false(vtrig_read(&h, CSR_TSELECT, &v));
	assert_false(vtrig_write(&h, CSR_TDATA1, 0, &ch));
}

/* Through vcsr: a change of a trigger is reported to the monitor. */
/*
 * A hardware whose tselect holds any index (or has more triggers than
 * cordon keeps): a select past the triggers cordon keeps is ignored, so
 * tdata1/tdata2 never index past h.trig (they did: the next hart's stack
 * pointer lay 42 entries on; security.md I17).
 */
static void test_select_bounded(void **state)
{
	(void)state;
	fake.trig_select_any = true;
	wr(CSR_TSELECT, 1);
	for (uint64_t sel = 2; sel < 300; sel += 7) {
		wr(CSR_TSELECT, sel);
		assert_int_equal(rd(CSR_TSELECT), 1);
	}
	wr(CSR_TSELECT, ~0ULL);
	assert_int_equal(rd(CSR_TSELECT), 1);
	wr(CSR_TDATA2, 0x80000000);
	assert_int_equal(rd(CSR_TDATA2), 0x80000000);
	assert_int_equal(fake.trig_tdata2[1], 0x80000000);
	for (unsigned i = 2; i < VTRIG_MAX; i++)
		assert_int_equal(h.trig.tdata2[i], 0);
	wr(CSR_TSELECT, 0);
	assert_int_equal(rd(CSR_TSELECT), 0);
}

static void test_vcsr_reports(void **state)
{
	unsigned fx = 0;
	(void)state;
	assert_true(vcsr_write(&h, CSR_TDATA1, TDATA1_TYPE(2) | MCTRL_M | MCTRL_LOAD, &fx));
	assert_true(fx & VCSR_FX_TRIG);
	fx = 0;
	assert_true(vcsr_write(&h, CSR_TINFO, 0, &fx));
	assert_false(fx & VCSR_FX_TRIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_phys_never_m, setup),
		cmocka_unit_test_setup(test_warl_as_the_hardware, setup),
		cmocka_unit_test_setup(test_worlds, setup),
		cmocka_unit_test_setup(test_absent, setup),
		cmocka_unit_test_setup(test_select_bounded, setup),
		cmocka_unit_test_setup(test_vcsr_reports, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
