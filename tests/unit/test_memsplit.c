// SPDX-License-Identifier: BSD-2-Clause
/*
 * memsplit (src/policy/memsplit.c): the firmware keeps its image and the
 * regions it reserved, never the OS's image, initrd or tree, never
 * cordon's region, never memory outside RAM; a claim over the OS is cut
 * back and reported; plus a brute-force cross-check of the set algebra on
 * random inputs against a byte map.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/policy/memsplit.h"

static const struct range ram = { 0x80000000, 0xc0000000 };
static const struct range hole = { 0xbff00000, 0xc0000000 };
static const struct range image = { 0x80000000, 0x8001c280 };

static void opensbi_like(void **state)
{
	/* OpenSBI 1.1 reserves 0x80000000-0x8003ffff (its image, heap, scratch). */
	const struct range claims[] = { { 0x80000000, 0x80040000 } };
	const struct range os[] = { { 0x80200000, 0x80436b28 },	  /* kernel */
				    { 0x82200000, 0x82201883 },	  /* tree */
				    { 0x84000000, 0x843c0000 } }; /* initrd */
	struct memsplit m;

	(void)state;
	assert_true(memsplit_compute(&ram, 1, hole, image, claims, 1, os, 3, &m));
	assert_int_equal(m.nfw, 1);
	assert_int_equal(m.fw[0].base, 0x80000000);
	assert_int_equal(m.fw[0].end, 0x80040000);
	assert_int_equal(m.nrefused, 0);
}

static void claims_the_kernel(void **state)
{
	/* The attack: the firmware "reserves" the kernel and the initrd. */
	const struct range claims[] = { { 0x80000000, 0x80040000 },
					{ 0x80100000, 0x80300000 },
					{ 0x84000000, 0x84001000 } };
	const struct range os[] = { { 0x80200000, 0x80436b28 }, { 0x84000000, 0x843c0000 } };
	struct memsplit m;

	(void)state;
	assert_true(memsplit_compute(&ram, 1, hole, image, claims, 3, os, 2, &m));
	assert_int_equal(m.nfw, 2);
	assert_int_equal(m.fw[0].base, 0x80000000);
	assert_int_equal(m.fw[0].end, 0x80040000);
	assert_int_equal(m.fw[1].base, 0x80100000); /* below the kernel: granted */
	assert_int_equal(m.fw[1].end, 0x80200000);
	assert_int_equal(m.nrefused, 2);
	assert_int_equal(m.refused[0].base, 0x80200000);
	assert_int_equal(m.refused[0].end, 0x80300000);
	assert_int_equal(m.refused[1].base, 0x84000000);
	assert_int_equal(m.refused[1].end, 0x84001000);
}

static void outside_ram_and_cordon(void **state)
{
	const struct range claims[] = { { 0x10000000, 0x10001000 },   /* a device */
					{ 0xbfe00000, 0xc0100000 },   /* over cordon and past RAM */
					{ 0x7ffff000, 0x80001000 } }; /* below RAM */
	struct memsplit m;

	(void)state;
	assert_true(memsplit_compute(&ram, 1, hole, image, claims, 3, NULL, 0, &m));
	assert_int_equal(m.nfw, 2);
	assert_int_equal(m.fw[0].base, 0x80000000);
	assert_int_equal(m.fw[0].end, 0x8001c280);
	assert_int_equal(m.fw[1].base, 0xbfe00000);
	assert_int_equal(m.fw[1].end, 0xbff00000);
}

static void empty_and_wrapping(void **state)
{
	const struct range claims[] = { { 0x80500000, 0x80500000 },   /* empty */
					{ 0x80600000, 0x80500000 } }; /* end < base */
	struct memsplit m;

	(void)state;
	assert_true(memsplit_compute(&ram, 1, hole, image, claims, 2, NULL, 0, &m));
	assert_int_equal(m.nfw, 1);
}

static void too_many(void **state)
{
	struct range claims[40];
	struct memsplit m;

	(void)state;
	for (unsigned i = 0; i < 40; i++) {
		claims[i].base = 0x81000000 + i * 0x20000;
		claims[i].end = claims[i].base + 0x1000;
	}
	assert_false(memsplit_compute(&ram, 1, hole, image, claims, 40, NULL, 0, &m));
}

/* Random small worlds, checked page by page against the rule itself. */
#define PAGES 64
static void cross_check(void **state)
{
	(void)state;
	srand(12345);
	for (int round = 0; round < 20000; round++) {
		struct range banks[2], claims[4], os[3], hole_r, img;
		unsigned nb = 1 + (unsigned)rand() % 2, nc = (unsigned)rand() % 5,
			 no = (unsigned)rand() % 4;
		bool in_ram[PAGES] = { 0 }, want[PAGES] = { 0 }, got[PAGES] = { 0 },
		     refused_want[PAGES] = { 0 }, refused_got[PAGES] = { 0 }, mine[PAGES] = { 0 };
		struct memsplit m;
#define R(r)                                                                                       \
	do {                                                                                       \
		uint64_t a = (uint64_t)rand() % PAGES, b = (uint64_t)rand() % (PAGES + 1);         \
		(r).base = a < b ? a : b;                                                          \
		(r).end = a < b ? b : a;                                                           \
	} while (0)
		for (unsigned i = 0; i < nb; i++)
			R(banks[i]);
		for (unsigned i = 0; i < nc; i++)
			R(claims[i]);
		for (unsigned i = 0; i < no; i++)
			R(os[i]);
		R(hole_r);
		R(img);
		for (uint64_t p = 0; p < PAGES; p++) {
			bool os_p = false;
			for (unsigned i = 0; i < nb; i++)
				in_ram[p] |= p >= banks[i].base && p < banks[i].end;
			mine[p] = p >= img.base && p < img.end;
			for (unsigned i = 0; i < nc; i++)
				mine[p] |= p >= claims[i].base && p < claims[i].end;
			for (unsigned i = 0; i < no; i++)
				os_p |= p >= os[i].base && p < os[i].end;
			bool hole_p = p >= hole_r.base && p < hole_r.end;
			want[p] = mine[p] && in_ram[p] && !hole_p && !os_p;
			refused_want[p] = mine[p] && in_ram[p] && !hole_p && os_p;
		}
		if (!memsplit_compute(banks, nb, hole_r, img, claims, nc, os, no, &m))
			continue; /* refusing is always safe */
		for (unsigned i = 0; i < m.nfw; i++) {
			assert_true(m.fw[i].base < m.fw[i].end);
			if (i)
				assert_true(m.fw[i - 1].end < m.fw[i].base); /* sorted, merged */
			for (uint64_t p = m.fw[i].base; p < m.fw[i].end; p++)
				got[p] = true;
		}
		for (unsigned i = 0; i < m.nrefused; i++)
			for (uint64_t p = m.refused[i].base; p < m.refused[i].end; p++)
				refused_got[p] = true;
		assert_memory_equal(got, want, sizeof(got));
		assert_memory_equal(refused_got, refused_want, sizeof(got));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opensbi_like),
		cmocka_unit_test(claims_the_kernel),
		cmocka_unit_test(outside_ram_and_cordon),
		cmocka_unit_test(empty_and_wrapping),
		cmocka_unit_test(too_many),
		cmocka_unit_test(cross_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
