// SPDX-License-Identifier: BSD-2-Clause
/*
 * CLINT (SiFive CLINT / ACLINT MSWI + MTIMER layout): the match table, and
 * the few register accesses cordon makes itself when it multiplexes the
 * CLINT between the firmware and its own offload policy (policy/offload.c).
 * Without offload cordon only protects the CLINT with PMP and performs the
 * firmware's accesses (core/monitor.c). Hart n's registers are at index n
 * (the hart-id order of the CLINT's interrupts-extended on qemu-virt).
 */
#include "cordon/platform.h"

const struct fdt_match clint_match[] = {
	{ "riscv,clint0" },
	{ "sifive,clint0" },
	{ 0 },
};

static uint64_t clint_base;

void clint_init(uint64_t base)
{
	clint_base = base;
}

static volatile uint32_t *msip_reg(unsigned hart)
{
	return (volatile uint32_t *)(uintptr_t)(clint_base + PLAT_CLINT_MSIP + 4ULL * hart);
}

volatile uint64_t *clint_mtimecmp_reg(unsigned hart)
{
	return (volatile uint64_t *)(uintptr_t)(clint_base + PLAT_CLINT_MTIMECMP + 8ULL * hart);
}

const volatile uint64_t *clint_mtime_reg(void)
{
	return (const volatile uint64_t *)(uintptr_t)(clint_base + PLAT_CLINT_MTIME);
}

uint32_t clint_msip(unsigned hart)
{
	return *msip_reg(hart) & 1U;
}

void clint_set_msip(unsigned hart, uint32_t val)
{
	*msip_reg(hart) = val & 1U;
}
