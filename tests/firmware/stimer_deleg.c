// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: the S-mode timer interrupt (§3.1.9: M-mode writes
 * mip.STIP to give S a timer interrupt, as an SBI set_timer does; with
 * mideleg.STIP it is taken in S at stvec with scause 5|bit63, §4.1.3);
 * with Sstc and menvcfg.STCE=1, S-mode drives STIP itself through
 * stimecmp (Sstc spec; §3.1.18 STCE).
 */
#include "test.h"

static volatile unsigned s_taken;
static volatile ulong s_cause, s_sip;

static int s_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_INTR | IRQ_S_TIMER))
		return 0;
	s_taken++;
	s_cause = f->cause;
	s_sip = csr_read(sip) & MIP_STIP;
	if (f->x[10] == 1)			/* Sstc run: disarm stimecmp */
		csr_write(stimecmp, ~0UL);
	else
		csr_clear(sie, MIP_STIP);	/* S cannot clear STIP itself */
	return 1;
}

/* a0 = 0: wait for an STIP set by M; a0 = 1: arm stimecmp = 0. */
static long s_fn(long sstc)
{
	register long a0 __asm__("a0") = sstc;	/* seen by the hook via the frame */

	csr_set(sie, MIP_STIP);
	if (a0 == 1)
		csr_write(stimecmp, 0);
	csr_set(sstatus, MSTATUS_SIE);
	for (int i = 0; i < 100000 && !s_taken; i++)
		__asm__ volatile("nop" :: "r"(a0));
	csr_clear(sstatus, MSTATUS_SIE);
	return (long)(csr_read(sip) & MIP_STIP);
}

int main(void)
{
	long r;
	int has_sstc;

	test_begin("stimer_deleg");
	pmp_allow_all();
	TRY_CSRR(stimecmp);
	has_sstc = !trap_rec.count;
	if (has_sstc)
		csr_clear(menvcfg, MENVCFG_STCE);
	s_trap_install();
	s_trap_hook = s_hook;
	csr_write(mideleg, MIP_STIP);
	csr_write(mie, MIP_STIP);

	csr_set(mip, MIP_STIP);
	r = lower_call(PRV_S, s_fn, 0);
	print_kv("STIP by M: S interrupts", s_taken);
	print_kv("STIP by M: scause", s_cause);
	print_kv("STIP by M: sip.STIP in handler", s_sip);
	print_kv("STIP by M: sip.STIP at S return", (ulong)r);
	csr_clear(mip, MIP_STIP);
	print_kv("mip.STIP after M clears", csr_read(mip) & MIP_STIP);

	print_bool("Sstc present", has_sstc);
	if (has_sstc) {
		s_taken = 0;
		s_cause = 0;
		csr_set(menvcfg, MENVCFG_STCE);
		csr_write(mcounteren, 2);	/* TM: S may touch stimecmp */
		s_trap_install();
		r = lower_call(PRV_S, s_fn, 1);
		print_kv("Sstc: S interrupts", s_taken);
		print_kv("Sstc: scause", s_cause);
		print_kv("Sstc: sip.STIP in handler", s_sip);
		print_kv("Sstc: sip.STIP after stimecmp=~0", (ulong)r);
		print_kv("Sstc: stimecmp seen by M", csr_read(stimecmp));
		csr_clear(menvcfg, MENVCFG_STCE);
		csr_write(mcounteren, 0);
	}

	/* Not delegated: STIP goes to M even from S. */
	s_taken = 0;
	csr_write(mideleg, 0);
	csr_set(mip, MIP_STIP);
	trap_begin();
	s_trap_install();
	lower_call(PRV_S, s_fn, 0);
	trap_end();
	print_kv("undelegated STIP: S interrupts", s_taken);
	print_kv("undelegated STIP: M mcause", trap_rec.cause);
	csr_clear(mip, MIP_STIP);
	csr_write(mie, 0);
	s_trap_hook = 0;
	test_end();
}
