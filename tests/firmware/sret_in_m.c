// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: SRET executed in M-mode (§3.3.2: SRET is legal in M-mode;
 * privilege <- SPP, SIE <- SPIE, SPIE <- 1, SPP <- U, pc <- sepc; MPRV is
 * cleared since the new mode is not M; mstatus.TSR only affects S-mode).
 */
#include "test.h"

static long s_fn(long arg)
{
	(void)arg;
	return (long)csr_read(sstatus);
}

static long u_fn(long arg)
{
	return arg + 1;
}

static void show(const char *what, ulong st)
{
	puts_raw(what);
	puts_raw(": SIE=");
	print_dec(!!(st & MSTATUS_SIE));
	puts_raw(" SPIE=");
	print_dec(!!(st & MSTATUS_SPIE));
	puts_raw(" SPP=");
	print_dec(!!(st & MSTATUS_SPP));
	putc_uart('\n');
}

int main(void)
{
	ulong st;

	test_begin("sret_in_m");
	pmp_allow_all();
	csr_write(mie, 0);
	csr_write(mideleg, 0);

	csr_clear(mstatus, MSTATUS_SIE | MSTATUS_SPIE);
	st = (ulong)lower_call_sret(PRV_S, s_fn, 0);
	print_kv("SPP=S: returned through mcause", lower_return_cause);
	show("SPP=S SPIE=0", st);

	csr_set(mstatus, MSTATUS_SPIE);
	csr_clear(mstatus, MSTATUS_SIE);
	st = (ulong)lower_call_sret(PRV_S, s_fn, 0);
	show("SPP=S SPIE=1", st);
	csr_clear(mstatus, MSTATUS_SIE | MSTATUS_SPIE);

	print_kv("SPP=U: u_fn(41)", (ulong)lower_call_sret(PRV_U, u_fn, 41));
	print_kv("SPP=U: returned through mcause", lower_return_cause);
	show("mstatus after SPP=U round trip", csr_read(mstatus));

	/* TSR=1 does not stop M-mode's sret. */
	csr_set(mstatus, MSTATUS_TSR);
	trap_begin();
	st = (ulong)lower_call_sret(PRV_S, s_fn, 0);
	trap_end();
	csr_clear(mstatus, MSTATUS_TSR);
	print_kv("TSR=1: traps in M", trap_rec.count);
	print_kv("TSR=1: returned through mcause", lower_return_cause);

	/* sret with MPRV=1 (MPP=S to keep M accesses sane): MPRV <- 0. */
	csr_clear(mstatus, MSTATUS_MPP);
	csr_set(mstatus, MPRV_MPP(PRV_M) | MSTATUS_MPRV);
	lower_call_sret(PRV_S, s_fn, 0);
	quirk();	/* spec 1.12 clears MPRV; QEMU 7.2 may not */
	print_kv("MPRV after sret to S", !!(csr_read(mstatus) & MSTATUS_MPRV));
	csr_clear(mstatus, MSTATUS_MPRV);
	test_end();
}
