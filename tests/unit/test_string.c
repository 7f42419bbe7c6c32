// SPDX-License-Identifier: BSD-2-Clause
/*
 * cordon's own string functions (src/lib/string.c, no libc in M-mode),
 * renamed here so that they do not replace the host's: memcpy, memmove,
 * memset and memcmp, which go a word at a time when the ends are aligned,
 * against byte-at-a-time references, over every alignment and length up
 * to a few words and overlapping moves both ways.
 */
#define memcpy cordon_memcpy
#define memmove cordon_memmove
#define memset cordon_memset
#define memcmp cordon_memcmp
#define memchr cordon_memchr
#define strlen cordon_strlen
#define strnlen cordon_strnlen
#define strchr cordon_strchr
#define strrchr cordon_strrchr
#define strcmp cordon_strcmp
#include "../../src/lib/string.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef strlen
#undef strnlen
#undef strchr
#undef strrchr
#undef strcmp

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define SPAN 96
#define TRIES 64

static unsigned char pattern(unsigned i)
{
	return (unsigned char)(i * 131U + 7U);
}

static void fill(unsigned char *p, unsigned n, unsigned seed)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = pattern(i + seed);
}

static int same(const unsigned char *a, const unsigned char *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Every destination and source offset in two words, every length up to SPAN - 16. */
static void copies(void **state)
{
	static unsigned char buf[SPAN + 16] __attribute__((aligned(8))), want[sizeof(buf)];

	(void)state;
	for (unsigned d = 0; d < 16; d++)
		for (unsigned s = 0; s < 16; s++)
			for (unsigned n = 0; n + 16 <= SPAN; n++) {
				/* memmove, overlapping either way, against a copy through a temporary. */
				unsigned char tmp[SPAN];
				fill(buf, sizeof(buf), d + s + n);
				fill(want, sizeof(want), d + s + n);
				for (unsigned i = 0; i < n; i++)
					tmp[i] = want[s + i];
				for (unsigned i = 0; i < n; i++)
					want[d + i] = tmp[i];
				assert_ptr_equal(cordon_memmove(buf + d, buf + s, n), buf + d);
				assert_true(same(buf, want, sizeof(buf)));
				/* memset with a byte whose sign bit is set. */
				fill(buf, sizeof(buf), n);
				fill(want, sizeof(want), n);
				for (unsigned i = 0; i < n; i++)
					want[d + i] = 0xa5;
				assert_ptr_equal(cordon_memset(buf + d, 0x1a5, n), buf + d);
				assert_true(same(buf, want, sizeof(buf)));
			}
}

static void compares(void **state)
{
	static unsigned char a[SPAN + 16] __attribute__((aligned(8))),
		b[SPAN + 16] __attribute__((aligned(8)));

	(void)state;
	for (unsigned oa = 0; oa < 16; oa++)
		for (unsigned ob = 0; ob < 16; ob++)
			for (unsigned n = 0; n + 16 <= SPAN; n += 3)
				for (unsigned k = 0; k <= n && k < TRIES; k += 5) {
					/* Equal up to byte k, then b's byte larger (or equal if k == n). */
					fill(a, sizeof(a), 1);
					for (unsigned i = 0; i < n; i++)
						b[ob + i] = a[oa + i];
					int want = 0;
					if (k < n) {
						b[ob + k] = (unsigned char)(a[oa + k] + 1U);
						want = a[oa + k] == 0xff ? 1 : -1;
					}
					assert_int_equal(sign(cordon_memcmp(a + oa, b + ob, n)),
							 want);
					assert_int_equal(sign(cordon_memcmp(b + ob, a + oa, n)),
							 -want);
				}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copies),
		cmocka_unit_test(compares),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
