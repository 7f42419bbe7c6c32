// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: a misaligned AMO in S-mode, in code that S-mode may
 * execute but not read (a PMP entry with X only), reaches M-mode with mepc
 * at the AMO and mtval = its address. §3.7.1 (PMP: an unlocked entry binds
 * S and U; X without R lets S fetch, not load; mstatus.MXR does not apply
 * to PMP), §3.1.15 (mepc), §3.1.16 (mtval of a misaligned access), §8.4
 * (the A extension: a misaligned AMO raises an address-misaligned or
 * access-fault exception; QEMU 7.2 raises load address misaligned, 4).
 *
 * A monitor that reads the trapping instruction to decide whether it can
 * answer the trap itself (an AMO it would redirect to S-mode) must not
 * lose the trap when its own read faults: the firmware must see the
 * trap's mepc and mtval, not its read's (cordon's offload policy gave the
 * firmware an mepc in cordon's memory and mtval = the code's address).
 */
#include "test.h"

#define CODE	(SCRATCH_BASE + 0x30000)	/* one page, X only for S/U */
#define DATA	(SCRATCH_BASE + 0x31000)

/* amoadd.w zero, zero, (a0); ret */
static const uint32_t code[] = { 0x0005202fU, 0x00008067U };

static void run(const char *what, ulong addr)
{
	struct trap_record t;
	long r;

	r = lower_call_catch(PRV_S, (long (*)(long))CODE, (long)addr, &t);
	puts_raw(what);
	if (!t.count) {
		print_kv(": no trap, returned", (ulong)r);
		return;
	}
	puts_raw(": mcause=");
	print_hex(t.cause);
	puts_raw(" mtval=");
	print_hex(t.tval);
	puts_raw(" mepc=");
	if (t.epc == CODE)
		puts_raw("the AMO");
	else
		print_hex(t.epc);
	puts_raw(" MPP=");
	print_dec((t.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	putc_uart('\n');
}

int main(void)
{
	test_begin("misaligned_amo_xonly");
	csr_write(medeleg, 0);
	pmp_allow_all();
	for (unsigned i = 0; i < sizeof(code) / 4; i++)
		((volatile uint32_t *)CODE)[i] = code[i];
	*(volatile ulong *)DATA = 0;
	fence_i();

	/*
	 * Execute only. (With the code readable, a monitor that answers
	 * misaligned AMOs itself, as cordon's offload policy does, redirects
	 * it to S-mode as OpenSBI would: not this firmware's behaviour.)
	 */
	csr_write(pmpaddr0, PMP_NAPOT_ADDR(CODE, 0x1000));
	pmpcfg0_set(0, PMP_NAPOT | PMP_X);
	run("S misaligned AMO, code X only", DATA + 2);
	run("S aligned AMO, code X only", DATA);
	pmpcfg0_set(0, PMP_OFF);
	test_end();
}
