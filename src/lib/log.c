// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small printf to the console. Lines of different harts do not interleave
 * within one call: a spinlock serialises whole calls.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cordon/log.h"
#include "cordon/platform.h"

static volatile int log_lock;

static void lock(void)
{
	while (__atomic_exchange_n(&log_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_store_n(&log_lock, 0, __ATOMIC_RELEASE);
}

static void put_padded(const char *s, unsigned len, unsigned width, bool left, char pad)
{
	unsigned fill = width > len ? width - len : 0;
	if (!left)
		while (fill--)
			platform_putc(pad);
	while (len--)
		platform_putc(*s++);
	if (left)
		while (fill--)
			platform_putc(' ');
}

static void put_number(uint64_t v, unsigned base, bool negative, unsigned width, bool left,
		       char pad)
{
	char buf[24];
	unsigned n = 0;
	do {
		unsigned d = (unsigned)(v % base);
		buf[sizeof(buf) - 1 - n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (negative)
		buf[sizeof(buf) - 1 - n++] = '-';
	put_padded(&buf[sizeof(buf) - n], n, width, left, pad);
}

void log_vprintf(const char *fmt, va_list ap)
{
	lock();
	for (; *fmt; fmt++) {
		bool left = false, is_long = false;
		char pad = ' ';
		unsigned width = 0;

		if (*fmt != '%') {
			if (*fmt == '\n')
				platform_putc('\r');
			platform_putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = true;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10U + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l') {
			is_long = true;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			unsigned len = 0;
			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			put_padded(s, len, width, left, ' ');
			break;
		}
		case 'c':
			platform_putc((char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = is_long ? va_arg(ap, long) : va_arg(ap, int);
			put_number(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, left, pad);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			put_number(v, *fmt == 'x' ? 16U : 10U, false, width, left, pad);
			break;
		}
		case 'p':
			put_number((uint64_t)(uintptr_t)va_arg(ap, void *), 16, false, width, left,
				   pad);
			break;
		case '%':
			platform_putc('%');
			break;
		default:
			platform_putc('?');
			break;
		}
	}
	unlock();
}

void log_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}
