// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt (-M virt, with the CLINT or -M virt,aclint=on): an NS16550A
 * UART and the SiFive test finisher, at the addresses used before the
 * device tree is read. Nothing else: the tree says the rest.
 */
#include "cordon/platform.h"

static const struct fdt_match qemu_virt_match[] = {
	{ "riscv-virtio" },
	{ 0 },
};

const struct board board_qemu_virt = {
	.name = "qemu-virt",
	.match = qemu_virt_match,
	.early_console = &uart8250_driver,
	.early_console_base = 0x10000000UL,
	.early_reset = &sifive_test_driver,
	.early_reset_base = 0x100000UL,
};
