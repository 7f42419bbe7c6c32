// SPDX-License-Identifier: BSD-2-Clause
/*
 * What this build of cordon knows: its boards and, per class, its drivers
 * in order of preference (an earlier driver's node wins when a tree has
 * several, unless /chosen/stdout-path names the console). One image runs
 * on every board listed; the first is the default when the tree cannot be
 * read. Adding a board or a driver: docs/porting.md.
 */
#include <stddef.h>

#include "cordon/platform.h"

const struct board *const boards[] = {
	&board_qemu_virt,
	&board_sifive_fu540,
	&board_spike,
	NULL,
};

const struct console_driver *const console_drivers[] = {
	&uart8250_driver,
	&sifive_uart_driver,
	&htif_console_driver,
	NULL,
};

const struct reset_driver *const reset_drivers[] = {
	&sifive_test_driver,
	&htif_reset_driver,
	&gpio_restart_driver,
	NULL,
};
