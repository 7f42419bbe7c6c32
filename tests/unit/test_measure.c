// SPDX-License-Identifier: BSD-2-Clause
/*
 * measure (src/core/measure.c), its pure logic: the RISC-V Linux Image
 * header, the range rule that keeps cordon's own region out of what it
 * reads and writes at the hand-over (including ranges that wrap), the
 * allowlist verdict, and the hex form; the image's digest of the real kernel
 * matches tools/measure.py's.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "measure.h"

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void linux_header(void **state)
{
	uint8_t h[64] = { 0 };

	(void)state;
	put_le(h + 16, 0x236b28, 8);
	assert_int_equal(measure_linux_image_size(h), 0); /* no magic */
	memcpy(h + 48, "RISCV\0\0\0", 8);
	assert_int_equal(measure_linux_image_size(h), 0); /* the old magic alone is not enough */
	memcpy(h + 56, "RSC\x05", 4);
	assert_int_equal(measure_linux_image_size(h), 0x236b28);
	memcpy(h + 56, "RSC\x06", 4);
	assert_int_equal(measure_linux_image_size(h), 0);
}

static void ranges(void **state)
{
	const uint64_t ram = 0x80000000, len = 0x40000000, hole = 0xbff00000, hsz = 0x100000;

	(void)state;
	assert_true(measure_range_ok(0x80200000, 0x236b28, ram, len, hole, hsz));
	assert_true(measure_range_ok(ram, hole - ram, ram, len, hole, hsz)); /* up to the hole */
	assert_false(measure_range_ok(ram, hole - ram + 1, ram, len, hole, hsz));  /* one byte in */
	assert_false(measure_range_ok(hole + 0x10, 0x10, ram, len, hole, hsz));	   /* inside */
	assert_false(measure_range_ok(0xbfe00000, 0x200000, ram, len, hole, hsz)); /* over it */
	assert_true(measure_range_ok(0xbfe00000, 0x100000, ram, len, hole, hsz));
	assert_false(measure_range_ok(ram - 1, 2, ram, len, hole, hsz));       /* below RAM */
	assert_false(measure_range_ok(ram + len - 1, 2, ram, len, hole, hsz)); /* past RAM */
	assert_false(measure_range_ok(0x80200000, ~0ULL - 0x10, ram, len, hole, hsz)); /* wraps */
	assert_false(measure_range_ok(~0ULL - 8, 0x20, ram, len, hole, hsz));
	assert_false(measure_range_ok(0x80200000, 0, ram, len, hole, hsz)); /* empty */
	assert_false(measure_range_ok(0, 0x1000, ram, len, hole, hsz));
}

static void verdict(void **state)
{
	struct measurements m = { 0 };
	uint8_t allow[MEASURE_COUNT][SHA256_DIGEST_SIZE] = { { 0 } };

	(void)state;
	for (int i = 0; i < MEASURE_COUNT; i++) {
		memset(m.digest[i], 0x11 * (i + 1), SHA256_DIGEST_SIZE);
		memset(allow[i], 0x11 * (i + 1), SHA256_DIGEST_SIZE);
	}
	assert_int_equal(measure_verify(&m, 0, allow), -1); /* nothing required */
	assert_int_equal(measure_verify(&m, 1U << MEASURE_OS, allow), MEASURE_OS); /* not taken */
	m.taken = (1U << MEASURE_COUNT) - 1U;
	assert_int_equal(measure_verify(&m, 7U, allow), -1);
	allow[MEASURE_DTB][31] ^= 1U; /* one bit */
	assert_int_equal(measure_verify(&m, 7U, allow), MEASURE_DTB);
	assert_int_equal(measure_verify(&m, 5U, allow), -1); /* the dtb is not named */
	allow[MEASURE_FIRMWARE][0] ^= 0x80U;
	assert_int_equal(measure_verify(&m, 7U, allow), MEASURE_FIRMWARE); /* the first one */
	assert_int_equal(measure_verify(&m, 1U << 5, allow), -1); /* unknown bits: ignored */
}

static void hex(void **state)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char out[2 * SHA256_DIGEST_SIZE + 1];

	(void)state;
	for (unsigned i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(i * 0x11U + 0x0fU);
	measure_hex(out, d);
	assert_int_equal(strlen(out), 64);
	assert_memory_equal(out, "0f2031425364758697a8b9cadbecfd0e", 32);
	assert_string_equal(out + 60, "0d1e");
}

/* The guest's kernel (once built) hashed as measure.c does == tools/measure.py's digest. */
static void real_kernel(void **state)
{
	char k[400] = "", cmd[512], want[80] = "", got[2 * SHA256_DIGEST_SIZE + 1];
	uint8_t hdr[64], digest[SHA256_DIGEST_SIZE], *img;
	uint64_t size;
	FILE *f, *p;
	size_t n;

	(void)state;
	p = popen("tools/guest/build-linux.sh --print 2>/dev/null", "r");
	if (p) {
		if (!fgets(k, sizeof(k), p))
			k[0] = '\0';
		pclose(p);
	}
	k[strcspn(k, "\n")] = '\0';
	if (!k[0] || !(f = fopen(k, "rb"))) {
		print_message("skipped: the guest kernel is not built (%s)\n", k);
		skip(); /* does not return */
	}
	assert_int_equal(fread(hdr, 1, sizeof(hdr), f), sizeof(hdr));
	size = measure_linux_image_size(hdr);
	assert_true(size > sizeof(hdr) && size < (256U << 20));
	img = calloc(1, size); /* the bytes past the file: fresh memory's zeros */
	assert_non_null(img);
	rewind(f);
	n = fread(img, 1, size, f);
	assert_true(n > 0);
	fclose(f);
	sha256(img, size, digest);
	free(img);
	measure_hex(got, digest);
	snprintf(cmd, sizeof(cmd), "python3 tools/measure.py --os '%s'", k);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(want, sizeof(want), p));
	pclose(p);
	assert_memory_equal(got, want, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linux_header), cmocka_unit_test(ranges),
		cmocka_unit_test(verdict),	cmocka_unit_test(hex),
		cmocka_unit_test(real_kernel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
