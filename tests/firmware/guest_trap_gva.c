// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: traps into M-mode from a guest (V=1: VS- and
 * VU-mode, entered by mret with MPV=1) and from hypervisor loads of
 * HS-mode, and what M-mode's trap CSRs say about them. Priv §9.4.1
 * (mstatus.MPV = the trap came from V=1; mstatus.GVA = 1 exactly when
 * mtval holds a guest virtual address), §9.4.4 (mtval2 = the guest
 * physical address >> 2 of a guest-page fault, else 0), §9.4.5 (mtinst:
 * the transformed instruction or 0), §9.5 (two-stage translation: vsatp,
 * then hgatp's Sv39x4 G-stage), §9.6.3 (guest-page faults 20/21/23).
 *
 * Under a monitor that runs this firmware deprivileged, everything below
 * M-mode is "the OS's world": each mret to VS/VU/HS enters it, and each
 * trap here is one the monitor forwards as a virtual trap. A monitor that
 * builds that trap from its own idea of the state (GVA 0, mtval2 0) and
 * not from what the hardware reported shows a guest-page fault's guest
 * virtual address as if it were a physical one.
 *
 * Memory: the G-stage table (Sv39x4, 16 KiB root) maps GPA 0x80000000-
 * 0xbfffffff to the same PA with one gigapage and nothing at 0xc0000000;
 * the VS-stage table (Sv39) maps VA 0x80000000 to GPA 0x80000000 (the
 * code, data, stacks), VA 0x100000000 to GPA 0xc0000000 (not in the
 * G-stage: a guest-page fault whose mtval and mtval2 differ) and nothing
 * at VA 0xc0000000 (a VS-stage page fault). medeleg = 0: every trap
 * reaches M-mode.
 */
#include "test.h"

#define CSR_HSTATUS	0x600
#define CSR_HGATP	0x680
#define CSR_VSATP	0x280
#define CSR_MTINST	0x34a
#define CSR_MTVAL2	0x34b
#define HSTATUS_SPVP	(1UL << 8)
#define HGATP_SV39X4	(8UL << 60)

#define VROOT	(SCRATCH_BASE + 0x20000)	/* Sv39 root, 4 KiB */
#define GROOT	(SCRATCH_BASE + 0x40000)	/* Sv39x4 root, 16 KiB aligned */
#define DATA	(SCRATCH_BASE + 0x200000)	/* a mapped page */
#define GPA_NONE	0xc0000000UL		/* no G-stage mapping */
#define VA_NONE		0xc0000000UL		/* no VS-stage mapping */
#define VA_TO_NONE	0x100000000UL		/* VS-stage -> GPA_NONE */
#define PTE_PPN(pa) (((ulong)(pa) >> 12) << 10)

#define HFENCE_GVMA	".insn r 0x73, 0, 0x31, x0, x0, x0"
#define HFENCE_VVMA	".insn r 0x73, 0, 0x11, x0, x0, x0"
#define HLV_D		".insn r 0x73, 4, 0x36, a0, a0, x0"	/* a0 = hlv.d (a0) */

extern char lower_trampoline_ecall[];
void lower_resume(long value) __attribute__((noreturn));

static volatile ulong t_cause, t_tval, t_tval2, t_tinst, t_status, t_epc;
static volatile int expecting;

/* Every trap of a guest function: record what M-mode sees, back to main. */
static int guest_trap(struct trap_frame *f)
{
	if (!expecting)
		return 0;
	/* A guest function that returned: its lower_trampoline ecall (cause 10). */
	if (f->epc == (ulong)lower_trampoline_ecall && f->x[17] == LOWER_MAGIC)
		lower_resume((long)f->x[10]);
	expecting = 0;
	t_cause = f->cause;
	t_tval = f->tval;
	t_status = f->status;
	t_epc = f->epc;
	t_tval2 = csr_read(CSR_MTVAL2);
	t_tinst = csr_read(CSR_MTINST);
	lower_resume(-1);
}

static void build_tables(void)
{
	volatile ulong *v = (volatile ulong *)VROOT, *g = (volatile ulong *)GROOT;

	for (int i = 0; i < 512; i++)
		v[i] = 0;
	for (int i = 0; i < 2048; i++)
		g[i] = 0;
	/* G-stage leaves are user pages (§9.5.1). */
	g[2] = PTE_PPN(0x80000000UL) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
	v[2] = PTE_PPN(0x80000000UL) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
	v[4] = PTE_PPN(GPA_NONE) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
	*(volatile ulong *)DATA = 0x600d;
}

static void fences(void)
{
	__asm__ volatile(HFENCE_GVMA "\n" HFENCE_VVMA ::: "memory");
	sfence_vma();
}

/* The guest functions: each traps at its first instruction that touches addr. */
static long g_load(long addr)
{
	ulong v;

	__asm__ volatile("ld %0, 0(%1)" : "=r"(v) : "r"(addr) : "memory");
	return (long)v;
}

static long g_store(long addr)
{
	__asm__ volatile("sd %0, 0(%0)" ::"r"(addr) : "memory");
	return 0;
}

static long g_amo_misaligned(long addr)
{
	ulong v;

	__asm__ volatile("amoadd.w %0, zero, (%1)" : "=r"(v) : "r"(addr + 2) : "memory");
	return (long)v;
}

static long g_csr_m(long arg)
{
	(void)arg;
	return (long)csr_read(mscratch);	/* illegal below M */
}

static long g_csr_h(long arg)
{
	(void)arg;
	return (long)csr_read(CSR_HSTATUS);	/* virtual instruction from VS */
}

static long g_ecall(long arg)
{
	register long a0 __asm__("a0") = arg;
	register long a7 __asm__("a7") = 0x47564100;	/* not LOWER_MAGIC */

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

static long hs_hlv(long addr)
{
	register long a0 __asm__("a0") = addr;

	__asm__ volatile(HLV_D : "+r"(a0) :: "memory");
	return a0;
}

/* How QEMU 7.2 differs from the spec for a trap (run's quirks argument). */
enum { EXACT, QUIRK_GVA, QUIRK_ALL };

/*
 * Run fn(arg) in mode (V = virt) and print the trap M-mode took. GVA is
 * cleared first: QEMU 7.2 sets it on a trap but never clears it (the spec
 * writes it on every trap into M-mode), so natively a stale 1 would show.
 * quirks: QUIRK_GVA, QEMU 7.2's GVA differs from the spec's for this trap
 * (it sets GVA for any trap from V=1 with a nonzero mtval, instruction
 * bits included, and never from V=0, an hlv's guest virtual address
 * included): GVA goes on a "quirk:" line of its own; QUIRK_ALL, the cause
 * differs too (a misaligned AMO is cause 4, where the spec has 6).
 */
static void run(const char *what, ulong mode, int virt, long (*fn)(long), long arg, int quirks)
{
	long r;

	t_cause = t_tval = t_tval2 = t_tinst = t_status = t_epc = 0;
	csr_clear(mstatus, MSTATUS_GVA | MSTATUS_MPV);
	if (virt)
		csr_set(mstatus, MSTATUS_MPV);
	expecting = 1;
	m_trap_hook = guest_trap;
	r = lower_call(mode, fn, arg);
	m_trap_hook = 0;
	csr_clear(mstatus, MSTATUS_MPV);
	if (quirks == QUIRK_ALL)
		quirk();
	puts_raw(what);
	if (expecting) {
		expecting = 0;
		print_kv(": no trap, returned", (ulong)r);
		return;
	}
	puts_raw(": mcause=");
	print_hex(t_cause);
	puts_raw(" mtval=");
	print_hex(t_tval);
	puts_raw(" mtval2=");
	print_hex(t_tval2);
	puts_raw(" mtinst=");
	print_hex(t_tinst);
	puts_raw(" MPV=");
	print_dec(!!(t_status & MSTATUS_MPV));
	puts_raw(" MPP=");
	print_dec((t_status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	puts_raw(" mepc=");
	print_hex(t_epc);
	if (quirks == QUIRK_GVA) {
		putc_uart('\n');
		quirk();
		puts_raw(what);
		puts_raw(":");
	}
	puts_raw(" GVA=");
	print_dec(!!(t_status & MSTATUS_GVA));
	putc_uart('\n');
}

int main(void)
{
	test_begin("guest_trap_gva");
	if (!(csr_read(misa) & (1UL << 7))) {
		println("H absent");
		test_end();
	}
	pmp_allow_all();
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	build_tables();
	csr_write(satp, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HGATP, HGATP_SV39X4 | (GROOT >> 12));
	print_kv("hgatp mode", csr_read(CSR_HGATP) >> 60);
	fences();

	/* vsatp Bare: guest virtual = guest physical. */
	run("VS load, no G-stage page", PRV_S, 1, g_load, (long)(GPA_NONE + 8), EXACT);
	run("VS store, no G-stage page", PRV_S, 1, g_store, (long)(GPA_NONE + 0x10), EXACT);
	run("VU load, no G-stage page", PRV_U, 1, g_load, (long)(GPA_NONE + 0x18), EXACT);
	run("VS load, mapped", PRV_S, 1, g_load, (long)DATA, EXACT);
	run("VS misaligned AMO", PRV_S, 1, g_amo_misaligned, (long)DATA, QUIRK_ALL);
	run("VS M-mode CSR", PRV_S, 1, g_csr_m, 0, QUIRK_GVA);
	run("VS hstatus", PRV_S, 1, g_csr_h, 0, QUIRK_GVA);
	run("VS ecall", PRV_S, 1, g_ecall, 5, EXACT);

	/* Two stages: vsatp Sv39. */
	csr_write(CSR_VSATP, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (VROOT >> 12));
	fences();
	run("VS load, no VS-stage page", PRV_S, 1, g_load, (long)(VA_NONE + 0x20), EXACT);
	run("VS load, VS-stage page, no G-stage page", PRV_S, 1, g_load,
	    (long)(VA_TO_NONE + 0x28), EXACT);
	run("VS store, VS-stage page, no G-stage page", PRV_S, 1, g_store,
	    (long)(VA_TO_NONE + 0x30), EXACT);
	run("VS ecall after the faults", PRV_S, 1, g_ecall, 6, EXACT);

	/* HS-mode (V=0): a hypervisor load of a guest address. */
	csr_write(CSR_VSATP, 0);
	csr_set(CSR_HSTATUS, HSTATUS_SPVP);
	fences();
	run("HS hlv.d, no G-stage page", PRV_S, 0, hs_hlv, (long)(GPA_NONE + 0x38), QUIRK_GVA);
	run("HS hlv.d, mapped", PRV_S, 0, hs_hlv, (long)DATA, EXACT);
	run("HS ecall", PRV_S, 0, g_ecall, 7, EXACT);
	run("HS load, mapped", PRV_S, 0, g_load, (long)DATA, EXACT);

	csr_clear(CSR_HSTATUS, HSTATUS_SPVP);
	csr_write(CSR_HGATP, 0);
	fences();
	test_end();
}
