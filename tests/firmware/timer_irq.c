// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: machine timer interrupt from the CLINT (§3.1.9: MTIP
 * reflects mtime >= mtimecmp and is read-only in mip; §3.2.1 mtime and
 * mtimecmp; interrupt cause 7 with bit 63 set, §3.1.15). Arms mtimecmp a
 * little ahead, waits in wfi, disarms with mtimecmp = ~0. Nothing depends
 * on speed: only the order of events is printed.
 */
#include "test.h"

static volatile unsigned fired;
static volatile ulong fired_cause, fired_mpie, fired_mip;

static int timer_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_INTR | IRQ_M_TIMER))
		return 0;
	fired++;
	fired_cause = f->cause;
	fired_mpie = !!(f->status & MSTATUS_MPIE);
	fired_mip = csr_read(mip) & MIP_MTIP;
	clint_set_mtimecmp(~0UL);	/* disarm */
	return 1;
}

int main(void)
{
	ulong t0, t1;

	test_begin("timer_irq");
	csr_write(mie, 0);
	clint_set_mtimecmp(~0UL);
	print_kv("mip.MTIP with mtimecmp=~0", csr_read(mip) & MIP_MTIP);
	clint_set_mtimecmp(0);
	print_kv("mip.MTIP with mtimecmp=0", csr_read(mip) & MIP_MTIP);
	clint_set_mtimecmp(~0UL);

	t0 = clint_mtime();
	for (int i = 0; i < 100000 && clint_mtime() == t0; i++)
		;
	t1 = clint_mtime();
	print_bool("mtime advances", t1 > t0);

	m_trap_hook = timer_hook;
	clint_set_mtimecmp(clint_mtime() + 10000);	/* ~1 ms */
	csr_write(mie, MIP_MTIP);
	csr_set(mstatus, MSTATUS_MIE);
	while (!fired)
		__asm__ volatile("wfi");
	csr_clear(mstatus, MSTATUS_MIE);
	print_kv("interrupts taken", fired);
	print_kv("mcause", fired_cause);
	print_kv("MPIE in handler", fired_mpie);
	print_kv("mip.MTIP in handler", fired_mip);
	print_kv("mip.MTIP after disarm", csr_read(mip) & MIP_MTIP);
	print_bool("mtime passed the deadline", clint_mtime() >= t1 + 10000);

	/* Read/write mtimecmp back through the CLINT. */
	clint_set_mtimecmp(0x123456789UL);
	print_kv("mtimecmp readback", *(volatile uint64_t *)CLINT_MTIMECMP);
	clint_set_mtimecmp(~0UL);
	csr_write(mie, 0);
	m_trap_hook = 0;
	test_end();
}
