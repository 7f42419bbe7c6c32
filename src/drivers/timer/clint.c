// SPDX-License-Identifier: BSD-2-Clause
/*
 * CLINT match table. cordon does not drive the CLINT itself: it protects it
 * with PMP and emulates the firmware's accesses (core/monitor.c).
 */
#include "cordon/platform.h"

const struct fdt_match clint_match[] = {
	{ "riscv,clint0" },
	{ "sifive,clint0" },
	{ 0 },
};
