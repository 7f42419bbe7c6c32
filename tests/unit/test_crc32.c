// SPDX-License-Identifier: BSD-2-Clause
/* crc32 (src/lib/crc32.c): the check value, and slicing-by-8 == a bit at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cordon/crc32.h"

static uint32_t crc32_bitwise(const uint8_t *p, uint64_t len)
{
	uint32_t crc = 0xffffffffU;

	while (len--) {
		crc ^= *p++;
		for (unsigned i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
	}
	return ~crc;
}

static void check_value(void **state)
{
	(void)state;
	/* The CRC-32 check value (zlib, IEEE 802.3). */
	assert_int_equal(crc32("123456789", 9), 0xcbf43926U);
	assert_int_equal(crc32("", 0), 0);
}

static void slices_match_bitwise(void **state)
{
	static uint8_t buf[4096 + 16];
	uint32_t x = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245U + 12345U;
		buf[i] = (uint8_t)(x >> 16);
	}
	/* Every alignment of the start and every length of the tail. */
	for (size_t off = 0; off < 16; off++)
		for (size_t len = 0; len < 64; len++)
			assert_int_equal(crc32(buf + off, len), crc32_bitwise(buf + off, len));
	assert_int_equal(crc32(buf + 3, 4096), crc32_bitwise(buf + 3, 4096));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_value),
		cmocka_unit_test(slices_match_bitwise),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
