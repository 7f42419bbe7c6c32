// SPDX-License-Identifier: BSD-2-Clause
/*
 * NS16550A-compatible UART, output only: cordon's boot banner, panic reports
 * and statistics. The firmware drives the same UART directly afterwards.
 */
#include <stdint.h>

#include "cordon/platform.h"

#define UART_THR 0
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LCR_DLAB 0x80
#define UART_MCR_LOOP 0x10
#define UART_LSR_THRE 0x20

static volatile uint8_t *uart;

static void uart8250_init(uint64_t base)
{
	uart = (volatile uint8_t *)(uintptr_t)base;
}

/*
 * cordon's output must not depend on the state the firmware left the UART
 * in (security.md, I9): with LCR.DLAB=1 the THR offset is the divisor
 * latch, with MCR.LOOP=1 the output never leaves the chip. Both are
 * cleared for the character and put back after it.
 */
static void uart8250_putc(char c)
{
	uint8_t lcr, mcr;

	if (!uart)
		return;
	lcr = uart[UART_LCR];
	mcr = uart[UART_MCR];
	if (lcr & UART_LCR_DLAB)
		uart[UART_LCR] = (uint8_t)(lcr & ~UART_LCR_DLAB);
	if (mcr & UART_MCR_LOOP)
		uart[UART_MCR] = (uint8_t)(mcr & ~UART_MCR_LOOP);
	while (!(uart[UART_LSR] & UART_LSR_THRE))
		;
	uart[UART_THR] = (uint8_t)c;
	if (mcr & UART_MCR_LOOP) {
		while (!(uart[UART_LSR] & UART_LSR_THRE))
			;
		uart[UART_MCR] = mcr;
	}
	if (lcr & UART_LCR_DLAB)
		uart[UART_LCR] = lcr;
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
