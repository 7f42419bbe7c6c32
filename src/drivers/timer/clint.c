// SPDX-License-Identifier: BSD-2-Clause
/*
 * CLINT (SiFive CLINT, or ACLINT MSWI and MTIMER devices): the match
 * tables, and the few register accesses cordon makes itself when it multiplexes the
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

const struct fdt_match aclint_mswi_match[] = {
	{ "riscv,aclint-mswi" },
	{ 0 },
};

const struct fdt_match aclint_mtimer_match[] = {
	{ "riscv,aclint-mtimer" },
	{ 0 },
};

static struct platform_clint regs;

void clint_init(const struct platform_clint *clint)
{
	regs = *clint;
}

static volatile uint32_t *msip_reg(unsigned hart)
{
	return (volatile uint32_t *)(uintptr_t)(regs.msip + 4ULL * hart);
}

volatile uint64_t *clint_mtimecmp_reg(unsigned hart)
{
	return (volatile uint64_t *)(uintptr_t)(regs.mtimecmp + 8ULL * hart);
}

const volatile uint64_t *clint_mtime_reg(void)
{
	return (const volatile uint64_t *)(uintptr_t)regs.mtime;
}

uint32_t clint_msip(unsigned hart)
{
	return *msip_reg(hart) & 1U;
}

void clint_set_msip(unsigned hart, uint32_t val)
{
	*msip_reg(hart) = val & 1U;
}
