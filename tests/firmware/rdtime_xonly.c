// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: an illegal instruction (a read of time, and an
 * unimp) in S- and U-mode code that they may execute but not read (PMP X
 * only), mcounteren.TM = 1. On a hart without a time CSR (spike,
 * sifive_u) the read of time traps, and M-mode must get the trap's mepc
 * (the instruction) and mtval (its bits), not those of a monitor's own
 * faulted read of the instruction: cordon's time offload gave the firmware
 * an mepc in cordon's code and mtval = the code's address (found by review,
 * twelfth session; hw_fetch_os_insn now keeps the trap CSRs). Where the
 * hart has a time CSR (virt) the read does not trap; its value is not
 * printed (it is the time).
 */
#include "test.h"

#define CODE	(SCRATCH_BASE + 0x30000)	/* one page, X only for S/U */

/* csrr a0, time; ret */
static const uint32_t code_time[] = { 0xc0102573U, 0x00008067U };
/* unimp (csrrw x0, cycle, x0); ret */
static const uint32_t code_unimp[] = { 0xc0001073U, 0x00008067U };

static void run(const char *what, const uint32_t *code, ulong mode)
{
	struct trap_record t;

	for (unsigned i = 0; i < 2; i++)
		((volatile uint32_t *)CODE)[i] = code[i];
	fence_i();
	(void)lower_call_catch(mode, (long (*)(long))CODE, 0, &t);
	puts_raw(what);
	if (!t.count) {
		println(": no trap");
		return;
	}
	puts_raw(": mcause=");
	print_hex(t.cause);
	puts_raw(" mtval=");
	print_hex(t.tval);
	puts_raw(" mepc=");
	if (t.epc == CODE)
		puts_raw("the insn");
	else
		print_hex(t.epc);
	putc_uart('\n');
}

int main(void)
{
	test_begin("rdtime_xonly");
	csr_write(medeleg, 0);
	csr_write(mcounteren, 0x2);
	csr_write(scounteren, 0x2);
	pmp_allow_all();
	csr_write(pmpaddr0, PMP_NAPOT_ADDR(CODE, 0x1000));
	pmpcfg0_set(0, PMP_NAPOT | PMP_X);
	run("S csrr time, code X only", code_time, PRV_S);
	run("S unimp, code X only", code_unimp, PRV_S);
	run("U csrr time, code X only", code_time, PRV_U);
	pmpcfg0_set(0, PMP_OFF);
	csr_write(mcounteren, 0);
	csr_write(scounteren, 0);
	test_end();
}
