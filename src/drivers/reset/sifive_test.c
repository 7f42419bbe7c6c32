// SPDX-License-Identifier: BSD-2-Clause
/*
 * SiFive test finisher (QEMU virt "sifive,test0/1"): stops the machine with
 * an exit status. cordon uses it to stop after an error.
 */
#include <stdint.h>

#include "cordon/platform.h"

#define FINISHER_PASS 0x5555U
#define FINISHER_FAIL 0x3333U

static volatile uint32_t *finisher;

static void sifive_test_init(uint64_t base)
{
	finisher = (volatile uint32_t *)(uintptr_t)base;
}

static void sifive_test_exit(unsigned code)
{
	if (!finisher)
		return;
	*finisher = code == 0 ? FINISHER_PASS : ((code & 0xffffU) << 16) | FINISHER_FAIL;
}

static const struct fdt_match sifive_test_match[] = {
	{ "sifive,test1" },
	{ "sifive,test0" },
	{ 0 },
};

const struct reset_driver sifive_test_driver = {
	.name = "sifive,test",
	.match = sifive_test_match,
	.init = sifive_test_init,
	.exit = sifive_test_exit,
	.watch = true,
};
