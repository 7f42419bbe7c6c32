// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware (for sifive_u's E51: M and U, no S-mode, no time
 * CSR): U-mode reads time with mcounteren.TM = 1. Natively the read traps
 * to M and the firmware answers it from mtime. Where S-mode does not
 * exist, scounteren does not either, and mcounteren alone lets U read
 * (Priv §3.1.11). cordon's time offload read scounteren there, trapped
 * itself and stopped the machine (found by review, twelfth session).
 * On a hart with S-mode, scounteren.TM is set too; with a time CSR the
 * read does not trap. The output is the same whoever answers: a value
 * between two mtime readings.
 */
#include "test.h"

static unsigned answered; /* reads the firmware answered (info: only) */

static int has_s(void)
{
	return (csr_read(misa) >> ('S' - 'A')) & 1;
}

static int emulate_time(struct trap_frame *f)
{
	ulong insn = f->tval, rd = (insn >> 7) & 31;

	if (f->cause != CAUSE_ILLEGAL || (insn & 0x7f) != 0x73 || (insn >> 20) != 0xc01 ||
	    ((insn >> 12) & 7) != 2 || ((insn >> 15) & 31) || !(csr_read(mcounteren) & 2))
		return 0;
	if (rd)
		f->x[rd] = clint_mtime();
	f->epc += 4;
	answered++;
	return 1;
}

static long probe(long unused)
{
	ulong v;

	(void)unused;
	__asm__ volatile("csrr %0, time" : "=r"(v));
	return (long)v;
}

int main(void)
{
	ulong before, after, v;

	test_begin("rdtime_e51");
	pmp_allow_all();
	csr_write(mcounteren, 0x2);
	if (has_s())
		csr_write(scounteren, 0x2);
	m_trap_hook = emulate_time;
	before = clint_mtime();
	v = (ulong)lower_call(PRV_U, probe, 0);
	after = clint_mtime();
	m_trap_hook = 0;
	println(v >= before && v <= after ? "U csrr time, mcounteren.TM=1: value within mtime"
					  : "U csrr time, mcounteren.TM=1: value OUTSIDE mtime");
	csr_write(mcounteren, 0);
	puts_raw("info: time reads the firmware answered: ");
	print_dec(answered);
	putc_uart('\n');
	test_end();
}
