// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: hypervisor virtual-machine loads and stores
 * (HLV/HLVX/HSV) executed in M-mode, each right after `csrr a0, mscratch`.
 * §8.3.2 (H: HLV/HSV are valid in M-mode and HS-mode; they access memory
 * as VS/VU per hstatus.SPVP, through vsatp and hgatp), §8.6.3 (guest-page
 * faults, causes 21/23; mtval2 = guest physical address >> 2), §8.6.4
 * (mstatus.GVA), §3.1.16 (mtval of an illegal instruction = its bits).
 *
 * QEMU 7.2 gives a U-mode HLV an illegal-instruction trap with a stale
 * mtval: the bits of the last instruction that stored them, here the
 * csrr. A monitor that runs the firmware in U-mode and decodes mtval
 * instead of the instruction at mepc emulates the csrr in place of the
 * HLV (wrong register contents, skipped stores). Without H, HLV is an
 * illegal instruction natively, with mtval = its bits.
 */
#include "test.h"

#define CSR_HSTATUS	0x600
#define CSR_HGATP	0x680
#define CSR_VSATP	0x280
#define CSR_MTVAL2	0x34b
#define HSTATUS_SPVP	(1UL << 8)
#define HSTATUS_HU	(1UL << 9)

#define BUF	(SCRATCH_BASE + 0x10000)	/* data */
#define VROOT	(SCRATCH_BASE + 0x20000)	/* empty Sv39 root */
#define GROOT	(SCRATCH_BASE + 0x40000)	/* empty Sv39x4 root (16 KiB) */
#define VALUE	0x1122334455667788UL
#define STORED	0xa5a5a5a5a5a5a5a5UL

static int has_h;
/*
 * QEMU 7.2 translates an M-mode HLV/HSV as an M-mode access: vsatp and
 * hgatp are ignored (the spec translates as VS/VU: a page fault, 13/15,
 * or a guest-page fault, 21/23, with empty tables). Those lines are quirks.
 */
static int qemu_quirk;

/*
 * Run `csrr a0, mscratch` then `insn` (which may use a0 = result, a1 =
 * BUF, a2 = STORED); trap_pc = insn. Print the trap, or a0 if `load`.
 */
#define HX(name, insn, load) do {					\
	ulong __v, __pc;						\
	trap_begin();							\
	__asm__ volatile(".option push\n.option norvc\n"		\
		"mv a1, %2\n" "mv a2, %3\n" "la %1, 1f\n"		\
		"csrr a0, mscratch\n" "1: " insn "\n" "mv %0, a0\n"	\
		".option pop"						\
		: "=&r"(__v), "=&r"(__pc) : "r"(BUF), "r"(STORED)	\
		: "a0", "a1", "a2", "memory");				\
	trap_pc = __pc;							\
	trap_end();							\
	report(name, __v, load);					\
} while (0)

static void q(void)
{
	if (qemu_quirk)
		quirk();
}

static void report(const char *name, ulong v, int load)
{
	q();
	print_trap(name);
	if (trap_rec.count && has_h) {
		q();
		print_kv("  mtval2", csr_read(CSR_MTVAL2));
		q();
		print_kv("  mstatus.GVA", !!(trap_rec.status & MSTATUS_GVA));
	} else if (!trap_rec.count && load) {
		q();
		print_kv("  value", v);
	}
	if (!load) {
		q();
		print_kv("  memory", *(volatile ulong *)BUF);
	}
	*(volatile ulong *)BUF = VALUE;
}

#define HLV_B	".insn r 0x73, 4, 0x30, a0, a1, x0"
#define HLV_BU	".insn r 0x73, 4, 0x30, a0, a1, x1"
#define HLV_HU	".insn r 0x73, 4, 0x32, a0, a1, x1"
#define HLVX_HU	".insn r 0x73, 4, 0x32, a0, a1, x3"
#define HLV_W	".insn r 0x73, 4, 0x34, a0, a1, x0"
#define HLVX_WU	".insn r 0x73, 4, 0x34, a0, a1, x3"
#define HLV_D	".insn r 0x73, 4, 0x36, a0, a1, x0"
#define HSV_B	".insn r 0x73, 4, 0x31, x0, a1, a2"
#define HSV_W	".insn r 0x73, 4, 0x35, x0, a1, a2"
#define HSV_D	".insn r 0x73, 4, 0x37, x0, a1, a2"

static void zero_pages(ulong base, int pages)
{
	for (ulong i = 0; i < 512UL * (ulong)pages; i++)
		((volatile ulong *)base)[i] = 0;
}

int main(void)
{
	test_begin("stale_mtval_hlv");
	*(volatile ulong *)BUF = VALUE;
	has_h = !!(csr_read(misa) & (1UL << 7));
	if (!has_h) {
		println("H absent");
		HX("hlv.d", HLV_D, 1);
		HX("hsv.d", HSV_D, 0);
		test_end();
	}
	pmp_allow_all();
	zero_pages(VROOT, 1);
	zero_pages(GROOT, 4);
	csr_write(CSR_HGATP, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_HSTATUS, csr_read(CSR_HSTATUS) & ~(HSTATUS_SPVP | HSTATUS_HU));

	println("vsatp=0 hgatp=0 SPVP=0 HU=0:");
	HX("hlv.d", HLV_D, 1);
	HX("hlv.w", HLV_W, 1);
	HX("hlv.b", HLV_B, 1);
	HX("hlv.bu", HLV_BU, 1);
	HX("hlv.hu", HLV_HU, 1);
	HX("hlvx.hu", HLVX_HU, 1);
	HX("hlvx.wu", HLVX_WU, 1);
	HX("hsv.d", HSV_D, 0);
	HX("hsv.w", HSV_W, 0);
	HX("hsv.b", HSV_B, 0);

	csr_set(CSR_HSTATUS, HSTATUS_HU);
	println("HU=1 SPVP=0:");
	HX("hlv.d", HLV_D, 1);
	csr_set(CSR_HSTATUS, HSTATUS_SPVP);
	println("HU=1 SPVP=1:");
	HX("hlv.d", HLV_D, 1);
	HX("hsv.d", HSV_D, 0);
	csr_clear(CSR_HSTATUS, HSTATUS_HU);

	println("vsatp=Sv39 (empty root) hgatp=0 SPVP=1:");
	csr_write(CSR_VSATP, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (VROOT >> 12));
	qemu_quirk = 1;
	HX("hlv.d", HLV_D, 1);
	HX("hsv.d", HSV_D, 0);
	csr_write(CSR_VSATP, 0);

	println("vsatp=0 hgatp=Sv39x4 (empty root) SPVP=1:");
	csr_write(CSR_HGATP, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | (GROOT >> 12));
	print_kv("hgatp mode", csr_read(CSR_HGATP) >> SATP_MODE_SHIFT);
	HX("hlv.d", HLV_D, 1);
	HX("hsv.d", HSV_D, 0);
	qemu_quirk = 0;
	csr_write(CSR_HGATP, 0);
	csr_write(CSR_HSTATUS, csr_read(CSR_HSTATUS) & ~HSTATUS_SPVP);
	test_end();
}
