// SPDX-License-Identifier: BSD-2-Clause
/*
 * Attack firmware: a VS-level interrupt raised by the firmware through
 * hvip must not be taken while the firmware runs. §3.1.9 (an interrupt
 * delegated by mideleg is never taken in M-mode), §8.2.5/§8.4.3 (H:
 * mideleg's VSSIP/VSTIP/VSEIP/SGEIP are read-only one when H is present,
 * hvip.VSSIP makes VSSIP pending).
 *
 * Natively the firmware is in M-mode: VSSIP with mie.VSSIE, MIE=1 pends
 * and is ignored. A monitor that runs the firmware in U-mode and passes
 * hvip/mie through lets the hardware deliver the interrupt in physical
 * HS-mode at the firmware's stvec: code the firmware chose runs in
 * S-mode (privilege escalation of the firmware into the OS's mode, and a
 * bypass of the monitor). s_catch marks that and turns the source off.
 * hideleg is 0, so the interrupt would stay at HS level. Without H, the
 * test prints "H absent".
 */
#include "test.h"

#define CSR_HVIP	0x645
#define CSR_HIDELEG	0x603
#define VS_IRQS		0x1444UL	/* SGEIP, VSEIP, VSTIP, VSSIP */
#define SPIN		100000

volatile ulong s_hits, s_cause;
void s_catch(void);

/* S-mode catcher: count, note scause, clear hvip and sie, sret. */
__asm__(".text\n.align 2\n.globl s_catch\ns_catch:\n"
	"csrw sscratch, t0\n"
	"la t0, s_hits\n"
	"ld t0, 0(t0)\n"
	"addi t0, t0, 1\n"
	"sd t0, s_hits, t1\n"
	"csrr t0, scause\n"
	"sd t0, s_cause, t1\n"
	"csrw 0x645, zero\n"
	"csrw sie, zero\n"
	"csrr t0, sscratch\n"
	"sret\n");

static void attempt(const char *what, ulong stvec, int qemu_quirk)
{
	ulong mip;

	s_hits = 0;
	s_cause = 0;
	csr_write(stvec, stvec);
	csr_write(mie, VS_IRQS);
	print_kv("mie (VS bits written)", csr_read(mie));
	trap_begin();
	csr_write(CSR_HVIP, 1UL << 2);		/* VSSIP */
	csr_set(mstatus, MSTATUS_MIE);
	for (volatile int i = 0; i < SPIN; i++)
		;
	csr_clear(mstatus, MSTATUS_MIE);
	trap_end();
	mip = csr_read(mip) & VS_IRQS;
	csr_write(CSR_HVIP, 0);
	csr_write(mie, 0);
	puts_raw(what);
	println(":");
	print_kv("  mip & 0x1444 while pending", mip);
	print_bool("  S-mode handler ran", s_hits != 0);
	if (s_hits)
		print_kv("  scause", s_cause);
	print_bool("  M-mode trap other than VSSIP", trap_rec.count &&
		   trap_rec.cause != (CAUSE_INTR | 2));
	if (qemu_quirk)
		quirk();
	print_trap("  M-mode trap");
}

int main(void)
{
	test_begin("vs_irq_bypass");
	if (!(csr_read(misa) & (1UL << 7))) {
		println("H absent");
		test_end();
	}
	pmp_allow_all();
	csr_write(CSR_HIDELEG, 0);
	/*
	 * QEMU 7.2 sets mideleg's VS bits only at the first access of
	 * mideleg: until then it takes VSSIP in M-mode (a quirk; the spec
	 * has them read-only one, so the interrupt is never taken here).
	 */
	attempt("before any mideleg access, stvec=s_catch", (ulong)s_catch, 1);
	attempt("before any mideleg access, stvec=0", 0, 1);
	csr_write(mideleg, 0);
	print_kv("mideleg & 0x1444", csr_read(mideleg) & VS_IRQS);
	attempt("stvec=s_catch", (ulong)s_catch, 0);
	attempt("stvec=0", 0, 0);
	csr_write(stvec, 0);
	test_end();
}
