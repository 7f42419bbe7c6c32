// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: SRET executed in M-mode with hstatus.SPV=1 enters
 * VS-mode. §8.4 / §8.6.4 (H: SRET in M-mode or HS-mode sets V =
 * hstatus.SPV; the privilege comes from sstatus.SPP), §8.6.1 (an ECALL in
 * VS-mode raises cause 10, and the trap to M-mode sets mstatus.MPV=1).
 *
 * A monitor that emulates the firmware's SRET as a plain return to S-mode
 * runs the target in HS-mode (with the OS's privileges instead of a
 * guest's): the ECALL then arrives with cause 9 and MPV=0. vsatp and
 * hgatp are Bare, so the VS-mode function runs on the same memory.
 */
#include "test.h"

#define CSR_HSTATUS	0x600
#define CSR_HGATP	0x680
#define CSR_VSATP	0x280
#define HSTATUS_SPV	(1UL << 7)
#define CAUSE_ECALL_VS	10

extern char lower_trampoline_ecall[];
void lower_resume(long value) __attribute__((noreturn));

static volatile ulong ecall_cause;

/* The lib recognises ecalls 8/9 from lower_trampoline; this adds 10. */
static int ecall_hook(struct trap_frame *f)
{
	if (f->epc != (ulong)lower_trampoline_ecall || f->x[17] != LOWER_MAGIC)
		return 0;
	ecall_cause = f->cause;
	lower_resume((long)f->x[10]);
}

static long in_guest(long arg)
{
	return arg + 1;
}

int main(void)
{
	long r;
	ulong mpv;

	test_begin("sret_spv");
	if (!(csr_read(misa) & (1UL << 7))) {
		println("H absent");
		test_end();
	}
	pmp_allow_all();
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HGATP, 0);
	csr_set(CSR_HSTATUS, HSTATUS_SPV);
	print_bool("hstatus.SPV set", !!(csr_read(CSR_HSTATUS) & HSTATUS_SPV));
	m_trap_hook = ecall_hook;
	r = lower_call_sret(PRV_S, in_guest, 41);
	mpv = csr_read(mstatus) & MSTATUS_MPV;	/* as the ecall left it */
	m_trap_hook = 0;
	print_kv("returned", (ulong)r);
	print_kv("ecall mcause", ecall_cause ? ecall_cause : lower_return_cause);
	print_kv("mstatus.MPV on the ecall", !!mpv);
	csr_clear(mstatus, MSTATUS_MPV);
	csr_clear(CSR_HSTATUS, HSTATUS_SPV);

	/* The same with SPV=0: a plain return to HS-mode. */
	ecall_cause = 0;
	m_trap_hook = ecall_hook;
	r = lower_call_sret(PRV_S, in_guest, 7);
	mpv = csr_read(mstatus) & MSTATUS_MPV;
	m_trap_hook = 0;
	print_kv("SPV=0: returned", (ulong)r);
	print_kv("SPV=0: ecall mcause", ecall_cause ? ecall_cause : lower_return_cause);
	print_kv("SPV=0: mstatus.MPV on the ecall", !!mpv);
	csr_clear(mstatus, MSTATUS_MPV);
	test_end();
}
