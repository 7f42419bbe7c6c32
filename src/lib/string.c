// SPDX-License-Identifier: BSD-2-Clause
/*
 * Minimal string and memory functions for M-mode (no libc). Simple: none of
 * them is on a trap path; memcpy/memmove/memset/memcmp go a word at a time
 * when both ends are aligned (boot copies cordon and the firmware, ~250 KB,
 * and libfdt moves and compares device trees).
 */
#include <stdint.h>
#include <string.h>

#define WORD sizeof(uint64_t)

static int aligned(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & (WORD - 1)) == 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (aligned(d, s))
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s)
		return memcpy(dst, src, n); /* a forward copy is safe when d < s */
	/* Backwards (libfdt opens room in the tree this way): the tail bytes,
	 * then a word at a time when both ends are aligned. */
	if (aligned(d, s))
		for (; n % WORD; n--)
			d[n - 1] = s[n - 1];
	if (aligned(d, s))
		for (; n >= WORD; n -= WORD)
			*(uint64_t *)(void *)(d + n - WORD) =
				*(const uint64_t *)(const void *)(s + n - WORD);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = 0x0101010101010101ULL * (unsigned char)c;
	for (; n && ((uintptr_t)d & (WORD - 1)); n--)
		*d++ = (unsigned char)c;
	for (; n >= WORD; n -= WORD, d += WORD)
		*(uint64_t *)(void *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	/* Equal words skipped a word at a time when both are aligned (the
	 * device tree's check at the hand-over, protect.c). */
	if (aligned(x, y))
		for (; n >= WORD &&
		       *(const uint64_t *)(const void *)x == *(const uint64_t *)(const void *)y;
		     n -= WORD, x += WORD, y += WORD)
			;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)(size_t)p;
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(size_t)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;
	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(size_t)last;
	}
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
