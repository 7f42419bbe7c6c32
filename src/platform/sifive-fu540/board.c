// SPDX-License-Identifier: BSD-2-Clause
/*
 * SiFive FU540 (HiFive Unleashed; QEMU sifive_u): a SiFive UART, no test
 * finisher (the machine stops through its gpio-restart: QEMU exits with
 * status 0 under -no-reboot, so cordon's verdict is on the console), and
 * hart 0 an E51 without S-mode or MMU beside the U54s: cordon probes each
 * hart's own features (arch/riscv/hw.c), so nothing here is about harts.
 */
#include "cordon/platform.h"

static const struct fdt_match sifive_fu540_match[] = {
	{ "sifive,hifive-unleashed-a00" },
	{ "sifive,fu540-c000" },
	{ "sifive,fu540" },
	{ 0 },
};

const struct board board_sifive_fu540 = {
	.name = "sifive-fu540",
	.match = sifive_fu540_match,
	.early_console = &sifive_uart_driver,
	.early_console_base = 0x10010000UL,
};
