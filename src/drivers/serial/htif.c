// SPDX-License-Identifier: BSD-2-Clause
/*
 * HTIF, the host-target interface of Spike and QEMU spike ("ucb,htif0"):
 * a console (device 1, command 1: put a character) and the machine's stop
 * (device 0, command 0, payload code << 1 | 1: the simulator exits with
 * code). fromhost at the node's first register, tohost 8 bytes above it
 * (QEMU 7.2: `htif_mm_init` without ELF symbols) or at its second.
 *
 * HTIF has one tohost for everyone: cordon writes it only when it prints
 * (the boot banner, a panic, statistics) or stops the machine, waits for
 * tohost to be free first, as the firmware's driver does, and takes back
 * its own character's reply from fromhost, leaving any other there.
 */
#include <stdint.h>

#include "cordon/platform.h"

#define HTIF_CMD(dev, cmd, payload) (((uint64_t)(dev) << 56) | ((uint64_t)(cmd) << 48) | (payload))
#define HTIF_DEV_SYSTEM 0U
#define HTIF_DEV_CONSOLE 1U
#define HTIF_CONSOLE_PUTC 1U

static volatile uint64_t *fromhost, *tohost;

static void htif_init(uint64_t base)
{
	fromhost = (volatile uint64_t *)(uintptr_t)base;
	tohost = (volatile uint64_t *)(uintptr_t)(base + 8U);
}

static void htif_putc(char c)
{
	uint64_t fh;

	if (!tohost)
		return;
	while (*tohost)
		;
	*tohost = HTIF_CMD(HTIF_DEV_CONSOLE, HTIF_CONSOLE_PUTC, (uint8_t)c);
	while (*tohost)
		;
	fh = *fromhost;
	if ((fh >> 48) == ((HTIF_DEV_CONSOLE << 8) | HTIF_CONSOLE_PUTC))
		*fromhost = 0;
}

static void htif_exit(unsigned code)
{
	if (!tohost)
		return;
	while (*tohost)
		;
	*tohost = HTIF_CMD(HTIF_DEV_SYSTEM, 0U, ((uint64_t)(code & 0xffffU) << 1) | 1U);
}

static const struct fdt_match htif_match[] = {
	{ "ucb,htif0" },
	{ 0 },
};

const struct console_driver htif_console_driver = {
	.name = "htif",
	.match = htif_match,
	.init = htif_init,
	.putc = htif_putc,
};

const struct reset_driver htif_reset_driver = {
	.name = "htif",
	.match = htif_match,
	.init = htif_init,
	.exit = htif_exit,
};
