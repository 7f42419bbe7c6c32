// SPDX-License-Identifier: BSD-2-Clause
/*
 * NS16550A-compatible UART, output only: cordon's boot banner, panic reports
 * and statistics. The firmware drives the same UART directly afterwards.
 */
#include <stdint.h>

#include "cordon/platform.h"

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

static volatile uint8_t *uart;

static void uart8250_init(uint64_t base)
{
	uart = (volatile uint8_t *)(uintptr_t)base;
}

static void uart8250_putc(char c)
{
	if (!uart)
		return;
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
}

static const struct fdt_match uart8250_match[] = {
	{ "ns16550a" },
	{ "ns16550" },
	{ "snps,dw-apb-uart" },
	{ 0 },
};

const struct console_driver uart8250_driver = {
	.name = "ns16550a",
	.match = uart8250_match,
	.init = uart8250_init,
	.putc = uart8250_putc,
};
