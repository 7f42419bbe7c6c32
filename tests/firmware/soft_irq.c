// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: machine software interrupt through the CLINT msip register
 * (§3.1.9: MSIP is read-only in mip, written through a memory-mapped
 * register; interrupt cause 3, §3.1.15). Checks pending-before-enable,
 * taking it when MIE opens, and clearing it.
 */
#include "test.h"

static volatile unsigned fired;
static volatile ulong fired_cause, fired_epc_ok;
static volatile ulong window;

static int msi_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_INTR | IRQ_M_SOFT))
		return 0;
	fired++;
	fired_cause = f->cause;
	fired_epc_ok = f->epc >= window;
	clint_set_msip(0);
	return 1;
}

int main(void)
{
	test_begin("soft_irq");
	csr_write(mie, 0);
	csr_clear(mstatus, MSTATUS_MIE);
	print_kv("msip reg reset", *(volatile uint32_t *)CLINT_MSIP);
	clint_set_msip(1);
	print_kv("msip reg after write 1", *(volatile uint32_t *)CLINT_MSIP);
	print_kv("mip.MSIP (MIE=0, mie=0)", csr_read(mip) & MIP_MSIP);
	csr_write(mie, MIP_MSIP);
	print_kv("mip.MSIP (MIE=0, mie.MSIE=1)", csr_read(mip) & MIP_MSIP);
	print_kv("taken so far", fired);

	m_trap_hook = msi_hook;
	csr_set(mstatus, MSTATUS_MIE);
	for (int i = 0; i < 1000 && !fired; i++)
		__asm__ volatile("nop");
	csr_clear(mstatus, MSTATUS_MIE);
	print_kv("taken after MIE=1", fired);
	print_kv("mcause", fired_cause);
	print_kv("mip.MSIP after clearing msip", csr_read(mip) & MIP_MSIP);
	print_kv("msip reg after clear", *(volatile uint32_t *)CLINT_MSIP);

	/* Only bit 0 of msip is implemented. */
	clint_set_msip(0xfffffffe);
	print_kv("msip reg after write 0xfffffffe", *(volatile uint32_t *)CLINT_MSIP);
	clint_set_msip(0);
	csr_write(mie, 0);
	m_trap_hook = 0;
	test_end();
}
