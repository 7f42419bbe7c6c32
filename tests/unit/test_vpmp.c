// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host unit tests of core/vpmp.c: the lock rules of Priv §3.7.1.3, reads of
 * unimplemented entries, and the composition of the three physical views
 * (the OS's, the firmware's, the firmware's with MPRV=1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cordon/riscv.h"
#include "vpmp.h"

static uint8_t byte(const uint64_t regs[2], unsigned phys)
{
	return (uint8_t)(regs[phys / 8] >> (8 * (phys % 8)));
}

static void test_cfg_layout_and_unimplemented(void **state)
{
	(void)state;
	struct vpmp p;
	memset(&p, 0, sizeof(p));
	vpmp_write_cfg(&p, 0, 0x0102030405060708ULL);
	assert_int_equal(vpmp_read_cfg(&p, 0), 0x0102030405060708ULL);
	vpmp_write_cfg(&p, 2, ~0ULL & ~0x8080808080808080ULL);
	/* Entry 8 exists (VPMP_ENTRIES = 9), 9..15 read as zero. */
	assert_int_equal(vpmp_read_cfg(&p, 2), 0x7fULL);
	assert_false(vpmp_write_addr(&p, VPMP_ENTRIES, 1));
	assert_int_equal(vpmp_read_addr(&p, VPMP_ENTRIES), 0);
}

static void test_lock_rules(void **state)
{
	(void)state;
	struct vpmp p;
	memset(&p, 0, sizeof(p));
	assert_true(vpmp_write_addr(&p, 0, 0x100));
	assert_true(vpmp_write_addr(&p, 1, 0x200));
	vpmp_write_cfg(&p, 0, (uint64_t)(PMP_L | PMP_A_TOR | PMP_R) << 8); /* entry 1 locked TOR */
	assert_false(vpmp_write_addr(&p, 1, 0x300));			   /* locked */
	assert_false(vpmp_write_addr(&p, 0, 0x300)); /* TOR base of a locked entry */
	assert_int_equal(vpmp_read_addr(&p, 0), 0x100);
	vpmp_write_cfg(&p, 0, 0); /* cannot unlock */
	assert_int_equal(p.cfg[1], PMP_L | PMP_A_TOR | PMP_R);
	assert_true(vpmp_write_addr(&p, 2, 0x400));
}

static void test_views(void **state)
{
	(void)state;
	struct vpmp p;
	struct pmp_views v;
	uint64_t *os = v.os, *fw = v.fw, *mprv = v.fw_mprv, *as_os = v.fw_as_os;
	memset(&p, 0, sizeof(p));
	p.cfg[0] = PMP_A_NAPOT;		      /* deny S/U */
	p.cfg[1] = PMP_L | PMP_A_TOR | PMP_R; /* locked: binds M too */
	p.cfg[2] = PMP_A_NA4 | PMP_R | PMP_X;
	vpmp_compose(&p, true, false, &v);
	/* cordon and CLINT: deny everywhere; spacer and the OS's entries OFF. */
	for (unsigned k = 0; k < 4; k++) {
		const uint64_t *r = k == 0 ? os : k == 1 ? fw : k == 2 ? mprv : as_os;
		assert_int_equal(byte(r, PMP_IDX_CORDON), PMP_A_NAPOT);
		assert_int_equal(byte(r, PMP_IDX_CLINT), PMP_A_NAPOT);
		assert_int_equal(byte(r, PMP_IDX_SPACER), 0);
		assert_int_equal(byte(r, PMP_IDX_OS_BASE), 0);
		assert_int_equal(byte(r, PMP_IDX_OS_DENY), 0);
	}
	/* Borrowed for S/U: the OS's view. */
	assert_memory_equal(as_os, os, sizeof(v.os));
	/* The reset device traps for the firmware only. */
	assert_int_equal(byte(os, PMP_IDX_RESET), 0);
	assert_int_equal(byte(fw, PMP_IDX_RESET), PMP_A_NAPOT);
	assert_int_equal(byte(mprv, PMP_IDX_RESET), PMP_A_NAPOT);
	/* OS: entries as written, without L; no catch-all. */
	assert_int_equal(byte(os, PMP_IDX_VPMP), PMP_A_NAPOT);
	assert_int_equal(byte(os, PMP_IDX_VPMP + 1), PMP_A_TOR | PMP_R);
	assert_int_equal(byte(os, PMP_IDX_CATCHALL), 0);
	/* Firmware: same modes (partial matches still fail), RWX unless locked. */
	assert_int_equal(byte(fw, PMP_IDX_VPMP), PMP_A_NAPOT | PMP_RWX);
	assert_int_equal(byte(fw, PMP_IDX_VPMP + 1), PMP_A_TOR | PMP_R);
	assert_int_equal(byte(fw, PMP_IDX_VPMP + 2), PMP_A_NA4 | PMP_RWX);
	assert_int_equal(byte(fw, PMP_IDX_VPMP + 3), 0);
	assert_int_equal(byte(fw, PMP_IDX_CATCHALL), PMP_A_NAPOT | PMP_RWX);
	/* Firmware with MPRV: fetch only, so every load/store traps. */
	assert_int_equal(byte(mprv, PMP_IDX_VPMP), PMP_A_NAPOT | PMP_X);
	assert_int_equal(byte(mprv, PMP_IDX_VPMP + 1), PMP_A_TOR);
	assert_int_equal(byte(mprv, PMP_IDX_CATCHALL), PMP_A_NAPOT | PMP_X);
	/* No view ever has a lock bit (cordon must stay able to reprogram). */
	for (unsigned i = 0; i < 16; i++) {
		assert_int_equal(byte(os, i) & PMP_L, 0);
		assert_int_equal(byte(fw, i) & PMP_L, 0);
		assert_int_equal(byte(mprv, i) & PMP_L, 0);
	}
	/* protect-os: the OS's memory is denied in every view but the OS's. */
	struct pmp_views d;
	vpmp_compose(&p, true, true, &d);
	assert_int_equal(byte(d.os, PMP_IDX_OS_DENY), 0);
	assert_int_equal(byte(d.fw, PMP_IDX_OS_DENY), PMP_A_TOR);
	assert_int_equal(byte(d.fw_mprv, PMP_IDX_OS_DENY), PMP_A_TOR);
	assert_int_equal(byte(d.fw_as_os, PMP_IDX_OS_DENY), PMP_A_TOR);
	assert_int_equal(byte(d.fw, PMP_IDX_OS_BASE), 0);
	assert_memory_equal(d.os, os, sizeof(d.os));
	/* Only that byte differs from the views without protect-os. */
	assert_int_equal(d.fw[0] ^ fw[0], (uint64_t)PMP_A_TOR << 32);
	assert_int_equal(d.fw[1], fw[1]);
	assert_int_equal(d.fw_as_os[0] ^ as_os[0], (uint64_t)PMP_A_TOR << 32);
}

static void test_napot_encoding(void **state)
{
	(void)state;
	assert_int_equal(pmp_napot_addr(0x8ff00000, 0x100000), (0x8ff00000 >> 2) | 0x1ffff);
	assert_int_equal(pmp_napot_addr(0x2000000, 0x10000), (0x2000000 >> 2) | 0x1fff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_layout_and_unimplemented),
		cmocka_unit_test(test_lock_rules),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_napot_encoding),
	};
	return cmocka_run_group_tests_name("vpmp", tests, NULL, NULL);
}
