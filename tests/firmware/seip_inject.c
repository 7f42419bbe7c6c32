// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: M-mode injecting a supervisor external interrupt by
 * writing mip.SEIP (§3.1.9: SEIP is writable by M-mode; with mideleg.SEIP
 * the interrupt is taken in S with scause 9|bit63; S cannot clear it
 * through sip, §4.1.3). A monitor must forward the firmware's SEIP write to
 * the hardware at once.
 */
#include "test.h"

static volatile unsigned s_taken;
static volatile ulong s_cause, s_sip_before, s_sip_after;

static int s_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_INTR | IRQ_S_EXT))
		return 0;
	s_taken++;
	s_cause = f->cause;
	s_sip_before = csr_read(sip) & MIP_SEIP;
	csr_clear(sip, MIP_SEIP);		/* read-only for S: no effect */
	s_sip_after = csr_read(sip) & MIP_SEIP;
	csr_clear(sie, MIP_SEIP);
	return 1;
}

static long s_fn(long arg)
{
	(void)arg;
	csr_set(sie, MIP_SEIP);
	csr_set(sstatus, MSTATUS_SIE);
	for (int i = 0; i < 1000 && !s_taken; i++)
		__asm__ volatile("nop");
	csr_clear(sstatus, MSTATUS_SIE);
	return 0;
}

int main(void)
{
	test_begin("seip_inject");
	pmp_allow_all();
	s_trap_install();
	s_trap_hook = s_hook;
	csr_write(mideleg, MIP_SEIP);
	csr_write(mie, MIP_SEIP);

	csr_set(mip, MIP_SEIP);
	print_kv("mip.SEIP after M write", csr_read(mip) & MIP_SEIP);
	print_kv("sip.SEIP seen from M", csr_read(sip) & MIP_SEIP);
	lower_call(PRV_S, s_fn, 0);
	print_kv("S interrupts", s_taken);
	print_kv("scause", s_cause);
	print_kv("sip.SEIP in handler", s_sip_before);
	print_kv("sip.SEIP after S tried to clear", s_sip_after);
	csr_clear(mip, MIP_SEIP);
	print_kv("mip.SEIP after M clears", csr_read(mip) & MIP_SEIP);

	csr_write(mie, 0);
	csr_write(mideleg, 0);
	s_trap_hook = 0;
	test_end();
}
