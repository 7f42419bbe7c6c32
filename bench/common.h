/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the two bench programs (bench/fw: M-mode, UART; bench/payload:
 * S-mode, SBI console) share. The includer defines bench_putc() first.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

typedef unsigned long ulong;

static void bench_putc(char c);

static void bench_puts(const char *s)
{
	while (*s)
		bench_putc(*s++);
}

static void putdec(ulong v)
{
	char buf[24];
	int i = 0;
	do {
		buf[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		bench_putc(buf[--i]);
}

/* Median of a[0..n-1] (sorts a in place). */
static ulong median(ulong *a, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			ulong t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
	return a[n / 2];
}

#endif
