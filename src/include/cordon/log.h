// SPDX-License-Identifier: BSD-2-Clause
/* The one logger of cordon: printf-like output to the platform console. */
#ifndef CORDON_LOG_H
#define CORDON_LOG_H

#include <stdarg.h>

/* Supports %s %c %d %u %x %p %% with l/ll, width, '0' and '-' flags. */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap);

#endif
