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
	/* Entry 8 exists (QEMU virt: 9 entries), 9..15 read as zero. */
	assert_int_equal(pmp_layout.nvpmp, 9);
	assert_int_equal(vpmp_read_cfg(&p, 2), 0x7fULL);
	assert_false(vpmp_write_addr(&p, pmp_layout.nvpmp, 1));
	assert_int_equal(vpmp_read_addr(&p, pmp_layout.nvpmp), 0);
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
	vpmp_compose(&pmp_layout, &p, true, false, 0, &v);
	/* cordon and CLINT: deny everywhere; spacer and the OS's entries OFF. */
	for (unsigned k = 0; k < 4; k++) {
		const uint64_t *r = k == 0 ? os : k == 1 ? fw : k == 2 ? mprv : as_os;
		assert_int_equal(byte(r, pmp_layout.cordon), PMP_A_NAPOT);
		assert_int_equal(byte(r, pmp_layout.clint), PMP_A_NAPOT);
		assert_int_equal(byte(r, pmp_layout.spacer), 0);
		assert_int_equal(byte(r, pmp_layout.os_base), 0);
		assert_int_equal(byte(r, pmp_layout.os_deny), 0);
	}
	/* Borrowed for S/U: the OS's view. */
	assert_memory_equal(as_os, os, sizeof(v.os));
	/* The reset device traps for the firmware only. */
	assert_int_equal(byte(os, pmp_layout.reset), 0);
	assert_int_equal(byte(fw, pmp_layout.reset), PMP_A_NAPOT);
	assert_int_equal(byte(mprv, pmp_layout.reset), PMP_A_NAPOT);
	/* OS: entries as written, without L; no catch-all. */
	assert_int_equal(byte(os, pmp_layout.vpmp), PMP_A_NAPOT);
	assert_int_equal(byte(os, pmp_layout.vpmp + 1), PMP_A_TOR | PMP_R);
	assert_int_equal(byte(os, pmp_layout.catchall), 0);
	/* Firmware: same modes (partial matches still fail), RWX unless locked. */
	assert_int_equal(byte(fw, pmp_layout.vpmp), PMP_A_NAPOT | PMP_RWX);
	assert_int_equal(byte(fw, pmp_layout.vpmp + 1), PMP_A_TOR | PMP_R);
	assert_int_equal(byte(fw, pmp_layout.vpmp + 2), PMP_A_NA4 | PMP_RWX);
	assert_int_equal(byte(fw, pmp_layout.vpmp + 3), 0);
	assert_int_equal(byte(fw, pmp_layout.catchall), PMP_A_NAPOT | PMP_RWX);
	/* Firmware with MPRV: fetch only, so every load/store traps. */
	assert_int_equal(byte(mprv, pmp_layout.vpmp), PMP_A_NAPOT | PMP_X);
	assert_int_equal(byte(mprv, pmp_layout.vpmp + 1), PMP_A_TOR);
	assert_int_equal(byte(mprv, pmp_layout.catchall), PMP_A_NAPOT | PMP_X);
	/* No view ever has a lock bit (cordon must stay able to reprogram). */
	for (unsigned i = 0; i < 16; i++) {
		assert_int_equal(byte(os, i) & PMP_L, 0);
		assert_int_equal(byte(fw, i) & PMP_L, 0);
		assert_int_equal(byte(mprv, i) & PMP_L, 0);
	}
	/* protect-os: the OS's memory is denied in every view but the OS's. */
	struct pmp_views d;
	vpmp_compose(&pmp_layout, &p, true, true, 0, &d);
	assert_int_equal(byte(d.os, pmp_layout.os_deny), 0);
	assert_int_equal(byte(d.fw, pmp_layout.os_deny), PMP_A_TOR);
	assert_int_equal(byte(d.fw_mprv, pmp_layout.os_deny), PMP_A_TOR);
	assert_int_equal(byte(d.fw_as_os, pmp_layout.os_deny), PMP_A_TOR);
	assert_int_equal(byte(d.fw, pmp_layout.os_base), 0);
	assert_memory_equal(d.os, os, sizeof(d.os));
	/* Only that byte differs from the views without protect-os, and for
	 * the firmware's accesses as S/U the devices below RAM (entry 2). */
	assert_int_equal(d.fw[0] ^ fw[0], (uint64_t)PMP_A_TOR << 32);
	assert_int_equal(d.fw[1], fw[1]);
	assert_int_equal(d.fw_as_os[0] ^ as_os[0],
			 ((uint64_t)PMP_A_TOR << 32) | ((uint64_t)PMP_A_NAPOT << 16));
}

/* Which virtual entries reach at or above a limit (Priv §3.7.1 matching). */
static void test_reaches(void **state)
{
	(void)state;
	struct vpmp p;
	const uint64_t g4 = 0x100000000ULL;
	memset(&p, 0, sizeof(p));
	p.cfg[0] = PMP_A_NAPOT; /* OpenSBI's firmware region: 0x80000000, 512 KiB */
	p.addr[0] = pmp_napot_addr(0x80000000, 0x80000);
	p.cfg[1] = PMP_A_NAPOT | PMP_RWX; /* everything */
	p.addr[1] = ~0ULL;
	p.cfg[2] = PMP_A_NAPOT | PMP_RWX; /* everything, 54-bit form */
	p.addr[2] = ~0ULL >> 10;
	p.cfg[3] = PMP_A_NAPOT; /* [0x80000000, 4 GiB): ends at the limit */
	p.addr[3] = pmp_napot_addr(0x80000000, 0x80000000);
	p.cfg[4] = PMP_A_TOR; /* [pmpaddr3, 4 GiB) */
	p.addr[4] = g4 >> 2;
	p.cfg[5] = PMP_A_TOR; /* [4 GiB, 4 GiB + 4) */
	p.addr[5] = (g4 + 4) >> 2;
	p.cfg[6] = PMP_A_TOR; /* empty: base above top */
	p.addr[6] = 0x1000 >> 2;
	p.cfg[7] = PMP_A_NA4; /* the last word below 4 GiB, then the first above */
	p.addr[7] = (g4 - 4) >> 2;
	p.cfg[8] = PMP_A_NA4;
	p.addr[8] = g4 >> 2;
	assert_false(vpmp_reaches(&p, 0, g4));
	assert_true(vpmp_reaches(&p, 1, g4));
	assert_true(vpmp_reaches(&p, 2, g4));
	assert_false(vpmp_reaches(&p, 3, g4));
	assert_false(vpmp_reaches(&p, 4, g4));
	assert_true(vpmp_reaches(&p, 5, g4));
	assert_false(vpmp_reaches(&p, 6, g4));
	assert_false(vpmp_reaches(&p, 7, g4));
	assert_true(vpmp_reaches(&p, 8, g4));
	p.cfg[8] = 0; /* OFF matches nothing */
	assert_false(vpmp_reaches(&p, 8, g4));
	/* TOR entry 0 starts at 0 (the spacer). */
	p.cfg[0] = PMP_A_TOR;
	p.addr[0] = (g4 + 8) >> 2;
	assert_true(vpmp_reaches(&p, 0, g4));
}

/* protect-os with a limit: such entries are OFF for the firmware, as written for the OS. */
static void test_views_limit(void **state)
{
	(void)state;
	struct vpmp p;
	struct pmp_views v, n;
	const uint64_t g4 = 0x100000000ULL;
	memset(&p, 0, sizeof(p));
	p.cfg[0] = PMP_A_NAPOT; /* below the limit: kept */
	p.addr[0] = pmp_napot_addr(0x80000000, 0x80000);
	p.cfg[1] = PMP_L | PMP_A_NAPOT | PMP_RWX; /* locked, over everything */
	p.addr[1] = ~0ULL;
	p.cfg[7] = PMP_A_NAPOT | PMP_RWX; /* as OpenSBI's last entry (lib: pmp_allow_all) */
	p.addr[7] = ~0ULL;
	vpmp_compose(&pmp_layout, &p, true, true, g4, &v);
	vpmp_compose(&pmp_layout, &p, true, true, 0, &n);
	assert_memory_equal(v.os, n.os, sizeof(v.os));
	assert_int_equal(byte(v.fw, pmp_layout.vpmp), PMP_A_NAPOT | PMP_RWX);
	assert_int_equal(byte(v.fw_as_os, pmp_layout.vpmp), PMP_A_NAPOT);
	for (unsigned i = 1; i < 8; i += 6) {
		assert_int_equal(byte(v.os, pmp_layout.vpmp + i), PMP_A_NAPOT | PMP_RWX);
		assert_int_equal(byte(v.fw, pmp_layout.vpmp + i), 0);
		assert_int_equal(byte(v.fw_mprv, pmp_layout.vpmp + i), 0);
		assert_int_equal(byte(v.fw_as_os, pmp_layout.vpmp + i), 0);
		assert_int_equal(byte(n.fw, pmp_layout.vpmp + i), PMP_A_NAPOT | PMP_RWX);
	}
	/* The catch-all (its address: NAPOT [0, limit), set by protect-os) stays. */
	assert_int_equal(byte(v.fw, pmp_layout.catchall), PMP_A_NAPOT | PMP_RWX);
	/* Before the hand-over no limit applies. */
	vpmp_compose(&pmp_layout, &p, true, false, g4, &v);
	assert_int_equal(byte(v.fw, pmp_layout.vpmp + 7), PMP_A_NAPOT | PMP_RWX);
}

/* The layout computed at boot (core/vpmp.h; docs/architecture.md). */
static void expect_layout(const struct pmp_layout *l, unsigned reset, unsigned os_base,
			  unsigned spacer, unsigned nvpmp)
{
	assert_int_equal(l->cordon, 0);
	assert_int_equal(l->clint, 1);
	assert_int_equal(l->reset, reset);
	assert_int_equal(l->os_base, os_base);
	assert_int_equal(l->os_deny, os_base == PMP_IDX_NONE ? PMP_IDX_NONE : os_base + 1U);
	assert_int_equal(l->spacer, spacer);
	assert_int_equal(l->vpmp, spacer + 1U);
	assert_int_equal(l->nvpmp, nvpmp);
	assert_int_equal(l->catchall, spacer + 1U + nvpmp);
	assert_int_equal(l->nphys, spacer + 2U + nvpmp);
}

static void test_layout(void **state)
{
	(void)state;
	struct pmp_layout l, qemu = pmp_layout;

	/* QEMU virt, 16 entries: today's layout, with protect-os or without. */
	assert_int_equal(pmp_layout_compute(16, true, true, &l), 0);
	expect_layout(&l, 2, 3, 5, 9);
	assert_memory_equal(&l, &qemu, sizeof(l)); /* the default the host tests use */
	assert_int_equal(pmp_layout_compute(16, true, false, &l), 0);
	assert_memory_equal(&l, &qemu, sizeof(l));
	assert_int_equal(l.probed, 16);
	/* No reset device, no protect-os: the firmware gets the entry. */
	assert_int_equal(pmp_layout_compute(16, false, false, &l), 0);
	expect_layout(&l, PMP_IDX_NONE, 2, 4, 10);
	/* 64 entries: a view holds 16 (pmpcfg0, pmpcfg2), the rest stay OFF. */
	assert_int_equal(pmp_layout_compute(64, true, true, &l), 0);
	expect_layout(&l, 2, 3, 5, 9);
	assert_int_equal(l.probed, 64);
	/* 8 entries: without protect-os the firmware's 4 come first. */
	assert_int_equal(pmp_layout_compute(8, true, false, &l), 0);
	expect_layout(&l, PMP_IDX_NONE, PMP_IDX_NONE, 2, VPMP_ENTRIES_MIN);
	assert_int_equal(pmp_layout_compute(9, true, false, &l), 0);
	expect_layout(&l, 2, PMP_IDX_NONE, 3, VPMP_ENTRIES_MIN);
	assert_int_equal(pmp_layout_compute(10, true, false, &l), 0);
	expect_layout(&l, 2, PMP_IDX_NONE, 3, 5);
	assert_int_equal(pmp_layout_compute(11, true, false, &l), 0);
	expect_layout(&l, 2, 3, 5, VPMP_ENTRIES_MIN);
	/* protect-os needs 7 of its own: 11 entries at least. */
	assert_int_equal(pmp_layout_compute(8, true, true, &l), -1);
	assert_int_equal(pmp_layout_compute(10, false, true, &l), -1);
	assert_int_equal(pmp_layout_compute(11, false, true, &l), 0);
	expect_layout(&l, 2, 3, 5, VPMP_ENTRIES_MIN);
	/* Too few for anyone. */
	assert_int_equal(pmp_layout_compute(7, true, false, &l), -1);
	assert_int_equal(pmp_layout_compute(0, false, false, &l), -1);
}

/* Another layout: the views follow it (8 entries, no protect-os). */
static void test_views_small_layout(void **state)
{
	(void)state;
	struct pmp_layout l;
	struct vpmp p;
	struct pmp_views v;

	assert_int_equal(pmp_layout_compute(8, true, false, &l), 0);
	memset(&p, 0, sizeof(p));
	p.cfg[0] = PMP_A_TOR | PMP_R;
	p.cfg[3] = PMP_A_NAPOT;
	vpmp_compose(&l, &p, true, false, 0, &v);
	assert_int_equal(v.fw[0], (uint64_t)PMP_A_NAPOT | ((uint64_t)PMP_A_NAPOT << 8) |
					  ((uint64_t)(PMP_A_TOR | PMP_RWX) << 24) |
					  ((uint64_t)(PMP_A_NAPOT | PMP_RWX) << 48) |
					  ((uint64_t)(PMP_A_NAPOT | PMP_RWX) << 56));
	assert_int_equal(v.fw[1], 0);
	assert_int_equal(v.os[0], (uint64_t)PMP_A_NAPOT | ((uint64_t)PMP_A_NAPOT << 8) |
					  ((uint64_t)(PMP_A_TOR | PMP_R) << 24) |
					  ((uint64_t)PMP_A_NAPOT << 48));
	assert_int_equal(v.os[1], 0);
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
		cmocka_unit_test(test_reaches),
		cmocka_unit_test(test_views_limit),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_views_small_layout),
		cmocka_unit_test(test_napot_encoding),
	};
	return cmocka_run_group_tests_name("vpmp", tests, NULL, NULL);
}
