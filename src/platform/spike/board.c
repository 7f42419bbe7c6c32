// SPDX-License-Identifier: BSD-2-Clause
/*
 * Spike, and QEMU's spike machine: HTIF for the console and the stop
 * (QEMU 7.2 puts it at 0x1000000 when the firmware is not an ELF with
 * tohost/fromhost symbols: cordon's image is a flat binary), a CLINT, no
 * interrupt controller but the harts' own.
 */
#include "cordon/platform.h"

static const struct fdt_match spike_match[] = {
	{ "ucbbar,spike-bare-dev" },
	{ "ucbbar,spike-bare" },
	{ 0 },
};

const struct board board_spike = {
	.name = "spike",
	.match = spike_match,
	.early_console = &htif_console_driver,
	.early_console_base = 0x1000000UL,
	.early_reset = &htif_reset_driver,
	.early_reset_base = 0x1000000UL,
};
