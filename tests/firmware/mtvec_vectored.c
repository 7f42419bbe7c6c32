// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: direct vs vectored mtvec (§3.1.7: in vectored mode,
 * synchronous exceptions go to BASE, interrupts to BASE + 4 * cause).
 * The library's vector table records which slot was entered.
 */
#include "test.h"

extern char trap_vector_table[], trap_entry[];

/* Clear the source of an interrupt and record it. */
static int irq_hook(struct trap_frame *f)
{
	if (!(f->cause & CAUSE_INTR))
		return 0;
	trap_rec.count++;
	trap_rec.cause = f->cause;
	trap_rec.vector = f->vector;
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

static void show(const char *what)
{
	puts_raw(what);
	puts_raw(": count=");
	print_dec(trap_rec.count);
	puts_raw(" cause=");
	print_hex(trap_rec.cause);
	puts_raw(" slot=");
	if (trap_rec.vector < 0)
		puts_raw("direct");
	else
		print_dec((ulong)trap_rec.vector);
	putc_uart('\n');
}

/* Pend `bit` through `pend`, enable it in mie, open MIE briefly. */
static void take_irq(const char *what, ulong mie_bit, void (*pend)(void))
{
	trap_begin();
	csr_write(mie, mie_bit);
	pend();
	csr_set(mstatus, MSTATUS_MIE);
	for (int i = 0; i < 1000 && !trap_rec.count; i++)
		__asm__ volatile("nop");
	csr_clear(mstatus, MSTATUS_MIE);
	csr_write(mie, 0);
	trap_end();
	show(what);
}

static void pend_msip(void) { clint_set_msip(1); }
static void pend_mtip(void) { clint_set_mtimecmp(0); }
static void pend_ssip(void) { csr_set(mip, MIP_SSIP); }
static void pend_stip(void) { csr_set(mip, MIP_STIP); }
static void pend_seip(void) { csr_set(mip, MIP_SEIP); }

int main(void)
{
	test_begin("mtvec_vectored");
	clint_set_mtimecmp(~0UL);
	csr_write(mideleg, 0);
	csr_clear(menvcfg, MENVCFG_STCE);
	m_trap_hook = irq_hook;

	/* Direct mode first: everything arrives at BASE. */
	TRY_ASM("ecall");
	show("direct ecall");
	take_irq("direct MSI", MIP_MSIP, pend_msip);

	csr_write(mtvec, (ulong)trap_vector_table | 1);
	print_bool("mtvec vectored accepted",
		   csr_read(mtvec) == ((ulong)trap_vector_table | 1));
	TRY_ASM("ecall");
	show("vectored ecall");
	TRY_ASM(".word 0xffffffff");
	show("vectored illegal");
	TRY_ASM("ebreak");
	show("vectored ebreak");
	take_irq("vectored MSI", MIP_MSIP, pend_msip);
	take_irq("vectored MTI", MIP_MTIP, pend_mtip);
	take_irq("vectored SSI", MIP_SSIP, pend_ssip);
	take_irq("vectored STI", MIP_STIP, pend_stip);
	take_irq("vectored SEI", MIP_SEIP, pend_seip);

	csr_write(mtvec, (ulong)trap_entry);
	m_trap_hook = 0;
	test_end();
}
