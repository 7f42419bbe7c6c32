// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: priority of simultaneously pending M-mode interrupts
 * (§3.1.9: MEI > MSI > MTI > SEI > SSI > STI). All sources are made
 * pending with MIE=0, then MIE opens; the handler clears one source per
 * trap, so the order of causes is the priority order.
 */
#include "test.h"

static volatile ulong order[8];
static volatile unsigned n;

static int hook(struct trap_frame *f)
{
	if (!(f->cause & CAUSE_INTR))
		return 0;
	if (n < 8)
		order[n] = f->cause & ~CAUSE_INTR;
	n++;
	switch (f->cause & ~CAUSE_INTR) {
	case IRQ_M_SOFT: clint_set_msip(0); break;
	case IRQ_M_TIMER: clint_set_mtimecmp(~0UL); break;
	case IRQ_S_SOFT: csr_clear(mip, MIP_SSIP); break;
	case IRQ_S_TIMER: csr_clear(mip, MIP_STIP); break;
	case IRQ_S_EXT: csr_clear(mip, MIP_SEIP); break;
	default: csr_write(mie, 0); break;
	}
	return 1;
}

int main(void)
{
	ulong all = MIP_MSIP | MIP_MTIP | MIP_SSIP | MIP_STIP | MIP_SEIP;

	test_begin("irq_priority");
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mideleg, 0);
	csr_clear(menvcfg, MENVCFG_STCE);
	csr_write(mie, 0);

	clint_set_msip(1);
	clint_set_mtimecmp(0);
	csr_set(mip, MIP_SSIP | MIP_STIP | MIP_SEIP);
	print_kv("mip pending (before enable)", csr_read(mip) & all);
	csr_write(mie, all);
	print_kv("mip & mie", csr_read(mip) & csr_read(mie));

	m_trap_hook = hook;
	csr_set(mstatus, MSTATUS_MIE);
	for (int i = 0; i < 1000 && n < 5; i++)
		__asm__ volatile("nop");
	csr_clear(mstatus, MSTATUS_MIE);
	m_trap_hook = 0;

	print_kv("interrupts taken", n);
	quirk();	/* QEMU 7.2 takes the lowest cause first, not MEI>MSI>MTI>SEI>SSI>STI */
	puts_raw("order:");
	for (unsigned i = 0; i < n && i < 8; i++) {
		putc_uart(' ');
		print_dec(order[i]);
	}
	putc_uart('\n');
	print_kv("mip after", csr_read(mip) & all);
	csr_write(mie, 0);
	test_end();
}
