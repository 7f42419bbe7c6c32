// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: the machine counters (§3.1.10 mcycle/minstret, writable;
 * §3.1.12 mcountinhibit; unprivileged ch. 10 cycle/time/instret). Values
 * differ between runs and under a monitor, so only properties print.
 */
#include "test.h"

int main(void)
{
	ulong a, b, c;

	test_begin("counters");
	csr_write(mcountinhibit, 0);

	a = csr_read(mcycle);
	for (volatile int i = 0; i < 1000; i++)
		;
	b = csr_read(mcycle);
	print_bool("mcycle increases", b > a);

	a = csr_read(minstret);
	__asm__ volatile(".rept 100\nnop\n.endr");
	b = csr_read(minstret);
	print_bool("minstret after 100 nops >= +100", b - a >= 100);

	/* QEMU spike has no time CSR (its ACLINT gives no rdtime): illegal there. */
	if (test_machine() == MACHINE_SPIKE) {
		println("time: not on this machine");
	} else {
		a = csr_read(time);
		for (int i = 0; i < 1000000 && csr_read(time) == a; i++)
			;
		b = csr_read(time);
		print_bool("time increases", b > a);
		c = clint_mtime();
		print_bool("time <= mtime read later", b <= c);
	}

	a = csr_read(mcycle);
	b = csr_read(cycle);
	print_bool("cycle >= mcycle read before", b >= a);
	a = csr_read(minstret);
	b = csr_read(instret);
	print_bool("instret >= minstret read before", b >= a);

	/* Writes to mcycle/minstret take effect. */
	csr_write(mcycle, 1UL << 40);
	a = csr_read(mcycle);
	print_bool("mcycle after write 2^40 in [2^40, 2^41)", a >= (1UL << 40) && a < (1UL << 41));
	csr_write(minstret, 1UL << 50);
	a = csr_read(minstret);
	print_bool("minstret after write 2^50 in [2^50, 2^51)", a >= (1UL << 50) && a < (1UL << 51));
	csr_write(mcycle, 0);
	a = csr_read(mcycle);
	print_bool("mcycle after write 0 < 2^40", a < (1UL << 40));

	/* mcountinhibit freezes mcycle (CY) and minstret (IR). */
	csr_write(mcountinhibit, 1UL | 4UL);
	a = csr_read(mcycle);
	b = csr_read(minstret);
	for (volatile int i = 0; i < 1000; i++)
		;
	quirk();	/* QEMU 7.2 without icount keeps counting */
	print_bool("mcycle frozen while inhibited", csr_read(mcycle) == a);
	quirk();
	print_bool("minstret frozen while inhibited", csr_read(minstret) == b);
	csr_write(mcountinhibit, 0);
	for (volatile int i = 0; i < 1000; i++)
		;
	print_bool("mcycle runs again", csr_read(mcycle) != a);
	test_end();
}
