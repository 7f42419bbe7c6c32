// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/world.c, the world switch, on the fake hart: what
 * the hardware holds while the firmware runs (docs/security.md I3, I4) and
 * that the OS gets back exactly its own state.
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
#include "world.h"

static struct hart h;

#define OS_MSTATUS                                                                                 \
	(MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_FS_DIRTY | \
	 MSTATUS_TVM | MSTATUS_TSR | (_UL(1) << 32) /* UXL = 32 */ | MSTATUS_UBE |                 \
	 ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT))

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&h, 0, sizeof(h));
	h.world = WORLD_OS;
	h.v.medeleg = 0xb109;
	h.v.mideleg = MIP_SSIP | MIP_STIP | MIP_SEIP | hw.mideleg_fixed;
	h.v.os_ideleg = h.v.mideleg; /* the OS ran with it (world_enter_os) */
	h.v.mie = MIP_MSIP | MIP_MTIP | MIP_MEIP;
	h.v.mstatus = MSTATUS_UXL_64 | MSTATUS_TW | ((uint64_t)PRV_M << MSTATUS_MPP_SHIFT);
	h.pmp.os[0] = 0x1111;
	h.pmp.fw[0] = 0x2222;
	h.pmp.fw_mprv[0] = 0x3333;
	/* The OS runs: its live state is in the hardware. */
	fake.csr[CSR_MSTATUS] = OS_MSTATUS;
	fake.csr[CSR_SATP] = 0x8000000000012345ULL;
	fake.csr[CSR_MIE] = MIP_SSIP | MIP_STIP | MIP_MSIP | MIP_MTIP; /* the OS set sie */
	fake.csr[CSR_HSTATUS] = HSTATUS_HU | HSTATUS_SPVP;
	return 0;
}

static void test_firmware_environment_is_cordons(void **state)
{
	(void)state;
	world_enter_firmware(&h);
	uint64_t ms = fake.csr[CSR_MSTATUS];
	/* I4: U-mode execution fields are cordon's; FP state stays shared. */
	assert_int_equal(ms & MSTATUS_UXL, MSTATUS_UXL_64);
	assert_int_equal(ms & (MSTATUS_UBE | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR), 0);
	assert_int_equal(ms & (MSTATUS_TVM | MSTATUS_TSR | MSTATUS_MIE), 0);
	assert_int_equal(ms & MSTATUS_MPP, 0); /* mret enters U-mode */
	assert_true(ms & MSTATUS_TW);
	assert_int_equal(ms & MSTATUS_FS, MSTATUS_FS_DIRTY);
	/* Every trap to cordon; satp Bare; HU clear; the firmware PMP view. */
	assert_int_equal(fake.csr[CSR_MEDELEG], 0);
	assert_int_equal(fake.csr[CSR_MIDELEG] & ~hw.mideleg_fixed, 0);
	assert_int_equal(fake.csr[CSR_SATP], 0);
	assert_int_equal(fake.csr[CSR_HSTATUS] & HSTATUS_HU, 0);
	assert_int_equal(fake.csr[CSR_PMPCFG0], 0x2222);
	assert_int_equal(h.world, WORLD_FIRMWARE);
	/* The OS's live state went to the vCPU. */
	assert_int_equal(h.v.satp, 0x8000000000012345ULL);
	assert_int_equal(h.v.mstatus & MSTATUS_OS_LIVE, OS_MSTATUS & MSTATUS_OS_LIVE);
	assert_int_equal(h.os_mode, PRV_S);
	assert_int_equal(h.v.hstatus_hu, HSTATUS_HU);
	/* The OS's sie writes (delegated bits) reached the virtual mie. */
	assert_int_equal(h.v.mie & (MIP_SSIP | MIP_STIP | MIP_SEIP), MIP_SSIP | MIP_STIP);
}

static void test_round_trip_gives_the_os_its_state(void **state)
{
	(void)state;
	world_enter_firmware(&h);
	/* The firmware runs (its MPP etc. are virtual); then mret to S. */
	world_enter_os(&h, PRV_S, false);
	uint64_t ms = fake.csr[CSR_MSTATUS];
	assert_int_equal(ms & (MSTATUS_OS_LIVE | MSTATUS_MPP),
			 OS_MSTATUS & (MSTATUS_OS_LIVE | MSTATUS_MPP));
	/* The firmware's control fields (TW from the vCPU), not the OS's old ones. */
	assert_int_equal(ms & (MSTATUS_TVM | MSTATUS_TSR), 0);
	assert_true(ms & MSTATUS_TW);
	assert_int_equal(ms & (MSTATUS_MPRV | MSTATUS_MPV), 0);
	assert_int_equal(fake.csr[CSR_SATP], 0x8000000000012345ULL);
	assert_int_equal(fake.csr[CSR_MEDELEG], 0xb109);
	assert_int_equal(fake.csr[CSR_MIDELEG], h.v.mideleg);
	assert_int_equal(fake.csr[CSR_HSTATUS] & HSTATUS_HU, HSTATUS_HU);
	assert_int_equal(fake.csr[CSR_PMPCFG0], 0x1111);
	assert_int_equal(fake.csr[CSR_MIE], h.v.mie & hw.mie_wmask);
	assert_int_equal(fake.policy_enter_os, 1);
	assert_int_equal(h.world, WORLD_OS);
	/* To a VS guest: MPV set. */
	world_enter_firmware(&h);
	world_enter_os(&h, PRV_U, true);
	assert_true(fake.csr[CSR_MSTATUS] & MSTATUS_MPV);
	assert_int_equal(fake.csr[CSR_MSTATUS] & MSTATUS_MPP, 0);
	/* The OS cleared hstatus.HU itself: it stays clear. */
	fake.csr[CSR_HSTATUS] &= ~HSTATUS_HU;
	world_enter_firmware(&h);
	world_enter_os(&h, PRV_S, false);
	assert_int_equal(fake.csr[CSR_HSTATUS], HSTATUS_SPVP);
}

/* I3: whatever the firmware enables, no forced-delegated interrupt is enabled. */
static void test_firmware_mie_never_enables_forced_delegation(void **state)
{
	(void)state;
	world_enter_firmware(&h);
	h.v.mie = hw.mie_wmask;
	h.v.mideleg = 0;
	h.v.mstatus |= MSTATUS_MIE;
	world_firmware_mie_update(&h);
	assert_int_equal(fake.csr[CSR_MIE] & hw.mideleg_fixed, 0);
	assert_true(fake.csr[CSR_MIE] & MIP_MSIP);
	h.v.mstatus &= ~MSTATUS_MIE;
	world_firmware_mie_update(&h);
	assert_int_equal(fake.csr[CSR_MIE], 0);
}

static void test_borrow_and_mprv_view(void **state)
{
	(void)state;
	world_enter_firmware(&h);
	world_borrow(&h, h.pmp.os, true);
	assert_int_equal(fake.csr[CSR_PMPCFG0], 0x1111);
	assert_int_equal(fake.csr[CSR_SATP], 0x8000000000012345ULL);
	world_end_borrow(&h, true);
	assert_int_equal(fake.csr[CSR_SATP], 0);
	assert_int_equal(fake.csr[CSR_PMPCFG0], 0x2222);
	h.v.mstatus |= MSTATUS_MPRV;
	world_install_pmp(&h);
	assert_int_equal(fake.csr[CSR_PMPCFG0], 0x3333);
}

static void test_start_firmware(void **state)
{
	(void)state;
	fake.csr[CSR_MSTATUS] = MSTATUS_MIE | MSTATUS_MPRV | (_UL(1) << 32);
	fake.csr[CSR_MIE] = ~0ULL;
	world_start_firmware(&h);
	assert_int_equal(fake.csr[CSR_MSTATUS], MSTATUS_UXL_64 | MSTATUS_TW);
	assert_int_equal(fake.csr[CSR_MIE], 0);
	assert_int_equal(fake.csr[CSR_SATP], 0);
	assert_int_equal(h.world, WORLD_FIRMWARE);
}

/*
 * protect-os (I15): with hide_os the firmware runs with FS Off and the OS's
 * FP registers untouched; its first use keeps them and zeroes the unit;
 * the OS gets its registers, fcsr and FS back. Without a use, nothing moves.
 */
static void test_fp_hidden(void **state)
{
	(void)state;
	h.v.hide_os = 1;
	h.fp_hide = 1;
	for (unsigned i = 0; i < 33; i++)
		fake.fp[i] = 0x5ec2e7000 + i;
	world_enter_firmware(&h);
	assert_int_equal(fake.csr[CSR_MSTATUS] & MSTATUS_FS, 0);
	assert_true(h.fp_hidden);
	world_fp_take(&h); /* the firmware's first FP instruction */
	assert_int_equal(fake.csr[CSR_MSTATUS] & MSTATUS_FS, MSTATUS_FS_INITIAL);
	for (unsigned i = 0; i < 33; i++)
		assert_int_equal(fake.fp[i], 0);
	fake.fp[5] = 0xbad; /* the firmware's own */
	world_enter_os(&h, PRV_S, false);
	for (unsigned i = 0; i < 33; i++)
		assert_int_equal(fake.fp[i], 0x5ec2e7000 + i);
	assert_int_equal(fake.csr[CSR_MSTATUS] & MSTATUS_FS, OS_MSTATUS & MSTATUS_FS);
	assert_false(h.fp_hidden || h.fp_saved);
	/* A round trip where the firmware uses no FP: only FS moves. */
	world_enter_firmware(&h);
	world_enter_os(&h, PRV_S, false);
	assert_int_equal(fake.fp[5], 0x5ec2e7005);
	assert_int_equal(fake.csr[CSR_MSTATUS] & MSTATUS_FS, OS_MSTATUS & MSTATUS_FS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_firmware_environment_is_cordons, setup),
		cmocka_unit_test_setup(test_round_trip_gives_the_os_its_state, setup),
		cmocka_unit_test_setup(test_firmware_mie_never_enables_forced_delegation, setup),
		cmocka_unit_test_setup(test_borrow_and_mprv_view, setup),
		cmocka_unit_test_setup(test_start_firmware, setup),
		cmocka_unit_test_setup(test_fp_hidden, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
