// SPDX-License-Identifier: BSD-2-Clause
/*
 * SiFive UART ("sifive,uart0": FU540, FU740; QEMU sifive_u), output only:
 * cordon's boot banner, panic reports and statistics. The firmware drives
 * the same UART directly afterwards.
 */
#include <stdint.h>

#include "cordon/platform.h"

#define SIFIVE_UART_TXDATA 0x00U /* bit 31: FIFO full */
#define SIFIVE_UART_TXCTRL 0x08U /* bit 0: transmit enable */
#define SIFIVE_UART_TXDATA_FULL 0x80000000U
#define SIFIVE_UART_TXCTRL_TXEN 0x1U

static volatile uint32_t *uart;

static void sifive_uart_init(uint64_t base)
{
	uart = (volatile uint32_t *)(uintptr_t)base;
}

/*
 * The transmitter is enabled for each character (the firmware may have
 * turned it off: security.md, I9); the baud divisor is left as the boot
 * ROM or the firmware set it.
 */
static void sifive_uart_putc(char c)
{
	if (!uart)
		return;
	uart[SIFIVE_UART_TXCTRL / 4U] |= SIFIVE_UART_TXCTRL_TXEN;
	while (uart[SIFIVE_UART_TXDATA / 4U] & SIFIVE_UART_TXDATA_FULL)
		;
	uart[SIFIVE_UART_TXDATA / 4U] = (uint8_t)c;
}

static const struct fdt_match sifive_uart_match[] = {
	{ "sifive,uart0" },
	{ 0 },
};

const struct console_driver sifive_uart_driver = {
	.name = "sifive,uart0",
	.match = sifive_uart_match,
	.init = sifive_uart_init,
	.putc = sifive_uart_putc,
};
