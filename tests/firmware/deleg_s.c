// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: trap delegation to S-mode (§3.1.8: a trap delegated in
 * medeleg/mideleg and taken in S or U goes to stvec in S-mode with
 * scause/sepc/stval/sstatus.SPP set (§4.1.1, §4.1.7-§4.1.9); traps not
 * delegated go to M; traps taken in M are never delegated).
 */
#include "test.h"

#define NS 6
static struct trap_record srecs[NS];
static const char *const snames[NS] = {
	"S illegal (delegated)", "S ebreak (delegated)", "S ecall (not delegated)",
	"S load access fault (not delegated)", "S SSI (delegated)", "U ecall (delegated)",
};
static struct trap_record mrecs[NS];
static volatile unsigned ssi_taken;

static void keep(int i)
{
	srecs[i].count = s_rec.count;
	srecs[i].cause = s_rec.cause;
	srecs[i].tval = s_rec.tval;
	srecs[i].status = s_rec.status;
	srecs[i].epc = s_rec.epc;
	mrecs[i] = trap_rec_copy();
	s_rec.count = 0;
	s_rec.cause = 0;
	s_rec.tval = 0;
	trap_begin();
}

/* S handler hook for the software interrupt: clear it in sip. */
static int s_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_INTR | IRQ_S_SOFT))
		return 0;
	s_rec.count++;
	s_rec.cause = f->cause;
	s_rec.status = f->status;
	s_rec.tval = csr_read(stval);
	ssi_taken++;
	csr_clear(sip, MIP_SSIP);
	return 1;
}

static volatile unsigned m_ssi_taken;
static volatile ulong m_ssi_mpp;

/* M hook for the undelegated software interrupt taken while in S. */
static int m_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_INTR | IRQ_S_SOFT))
		return 0;
	m_ssi_taken++;
	m_ssi_mpp = (f->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
	csr_clear(mip, MIP_SSIP);
	return 1;
}

static long s_fn(long arg)
{
	(void)arg;
	trap_begin();
	__asm__ volatile(".word 0xffffffff");
	keep(0);
	__asm__ volatile("ebreak");
	keep(1);
	__asm__ volatile("ecall");
	keep(2);
	try_ld(0x8);
	keep(3);
	csr_set(sie, MIP_SSIP);
	csr_set(sstatus, MSTATUS_SIE);
	csr_set(sip, MIP_SSIP);		/* S-mode may set its own SSIP */
	for (int i = 0; i < 1000 && !ssi_taken; i++)
		__asm__ volatile("nop");
	csr_clear(sstatus, MSTATUS_SIE);
	keep(4);
	trap_end();
	return 0;
}

static long u_fn(long arg)
{
	(void)arg;
	__asm__ volatile("ecall");
	return 0;
}

static void show(int i)
{
	println(snames[i]);
	puts_raw("  S-side: count=");
	print_dec(srecs[i].count);
	if (srecs[i].count) {
		puts_raw(" scause=");
		print_hex(srecs[i].cause);
		puts_raw(" stval=");
		print_hex(srecs[i].tval);
		puts_raw(" SPP=");
		print_dec(!!(srecs[i].status & MSTATUS_SPP));
	}
	putc_uart('\n');
	puts_raw("  M-side: count=");
	print_dec(mrecs[i].count);
	puts_raw(" mcause=");
	print_hex(mrecs[i].cause);
	puts_raw(" mtval=");
	print_hex(mrecs[i].tval);
	putc_uart('\n');
}

int main(void)
{
	test_begin("deleg_s");
	pmp_allow_all();
	s_trap_install();
	s_trap_hook = s_hook;
	csr_write(medeleg, (1UL << CAUSE_ILLEGAL) | (1UL << CAUSE_BREAKPOINT) |
		  (1UL << CAUSE_ECALL_U));
	csr_write(mideleg, MIP_SSIP);
	csr_write(mie, MIP_SSIP);
	print_kv("medeleg", csr_read(medeleg));
	print_kv("mideleg (S bits)", csr_read(mideleg) & 0x222);

	/* A delegated cause raised in M-mode stays in M. */
	TRY_ASM(".word 0xffffffff");
	print_trap("M illegal with medeleg[2]=1");

	lower_call(PRV_S, s_fn, 0);
	for (int i = 0; i < 5; i++)
		show(i);

	/* U ecall delegated to S. */
	s_trap_install();
	trap_begin();
	lower_call(PRV_U, u_fn, 0);
	trap_end();
	srecs[5].count = s_rec.count;
	srecs[5].cause = s_rec.cause;
	srecs[5].tval = s_rec.tval;
	srecs[5].status = s_rec.status;
	mrecs[5] = trap_rec_copy();
	show(5);
	print_kv("returned through mcause", lower_return_cause);

	/* Not delegated SSIP is taken in M while S runs, even with MIE=0
	 * (§3.1.6.1: interrupts for a higher privilege are always enabled). */
	csr_write(mideleg, 0);
	csr_clear(mstatus, MSTATUS_MIE);
	ssi_taken = 0;
	s_trap_install();
	m_trap_hook = m_hook;
	csr_set(mip, MIP_SSIP);		/* pending before S even starts */
	lower_call(PRV_S, s_fn, 0);
	m_trap_hook = 0;
	println("with mideleg=0, mip.SSIP set by M, MIE=0:");
	print_kv("  S handler saw", ssi_taken);
	print_kv("  M took it", m_ssi_taken);
	print_kv("  MPP in M handler", m_ssi_mpp);

	csr_write(mip, 0);
	csr_write(mie, 0);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	s_trap_hook = 0;
	test_end();
}
