// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of core/access.c: the firmware's loads and stores that
 * cordon performs on its behalf (watched devices, the virtual MPRV,
 * hypervisor loads and stores), driven by a load or store access fault of
 * the firmware with random registers, virtual mstatus, devices and code,
 * on a fake hart whose memory another hart rewrites between any two of
 * cordon's reads (the race of security.md, I1/I2), whose accesses may fault.
 *
 * The invariants checked (docs/security.md):
 *  - I1: cordon performs at most one access, and only the trapped one: the
 *    instruction as cordon read it decodes to a load for a load fault or a
 *    store for a store fault, at exactly mtval, of its width; else nothing
 *    is performed (the firmware re-executes, or takes the fault);
 *  - I2: cordon reads the firmware's code only at pc (which the hardware
 *    fetched) and at pc+2 in the same PROTECT_ALIGN block plainly, or at a
 *    block's start through a checked, guarded load; never in cordon's
 *    memory or where the policy closed the OS's;
 *  - an access performed in M-mode (MPRV clear) lies wholly in a watched
 *    device; an access with MPRV never has MPP=M, runs under the PMP view
 *    of its privilege (fw for virtual MPP=M, fw_as_os otherwise), and the
 *    firmware's view and satp are back afterwards;
 *  - the firmware's state changes only as the instruction says: no register
 *    but rd, pc advanced by its length, or the fault delivered to virtual
 *    M-mode with the trap's (or the hardware's) cause and address; nothing
 *    at all when every register must be saved first;
 *  - a panic only for an AMO/LR/SC at the faulting address.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <string.h>

#include "../../src/core/access.h"
#include "../../src/policy/policy.h"
#include "cordon/arch.h"
#include "cordon/config.h"
#include "cordon/riscv.h"
#include "decode.h"
#include "fake_hw.h"
#include "fuzz.h"
#include "hart.h"
#include "monitor.h"
#include "vclint.h"
#include "world.h"

/* cordon's own memory: the window of firmware code ends where it starts. */
char _cordon_start[PROTECT_ALIGN] __attribute__((aligned(PROTECT_ALIGN)));
bool protect_on;
uint64_t protect_fw_limit;

#define WIN 64U /* bytes of simulated memory around pc */
#define CLINT_BASE 0x2000000ULL
#define RESET_BASE 0x100000ULL
#define PDEV_BASE 0x10000000ULL /* a device protect-os emulates for the firmware */
#define PDEV_SIZE 0x100ULL

static struct hart h;
static struct stream in;
static uint64_t win_base;	  /* simulated address of mem[0] */
static uint8_t mem[WIN];	  /* what memory holds now */
static uint64_t os_base, os_size; /* where protect-os closed the OS's memory (0: none) */
static bool pdev_on;
static uint64_t pc0;
static unsigned reads; /* cordon's reads of the code */
static uint32_t seen_lo, seen_hi;
static bool seen_hi_valid;
static unsigned performed; /* data accesses performed */
static jmp_buf panic_jmp;
static int mask_read_mode; /* what the policy's MPRV-load hook answers */

static bool in_win(uint64_t a, unsigned n)
{
	return a >= win_base && a - win_base <= WIN - n;
}

static bool fw_may_read(uint64_t a)
{
	uint64_t cb = (uint64_t)(uintptr_t)_cordon_start;
	return !(a - cb < CORDON_SIZE) && !(os_size && a - os_base < os_size);
}

/* Another hart rewrites the code (a halfword at pc or pc+2) before this read, if the input says so. */
static void race(void)
{
	uint8_t r = stream_u8(&in);
	if (r & 1U) {
		uint64_t a = pc0 + ((r & 2U) ? 2U : 0U);
		uint16_t v = (uint16_t)stream_bytes(&in, 2);
		if (in_win(a, 2))
			memcpy(&mem[a - win_base], &v, 2);
	}
}

static uint16_t mem16(uint64_t a)
{
	uint16_t v;
	memcpy(&v, &mem[a - win_base], 2);
	return v;
}

static void saw(uint64_t a, uint16_t v)
{
	if (a == pc0) {
		seen_lo = v;
	} else {
		seen_hi = v;
		seen_hi_valid = true;
	}
}

uint16_t hw_fetch16(uint64_t a)
{
	uint16_t v;

	race();
	CHECK(a == pc0 || a == pc0 + 2, "a plain code read at %#lx, pc %#lx", (unsigned long)a,
	      (unsigned long)pc0);
	CHECK(in_win(a, 2) && fw_may_read(a), "a plain read where the firmware may not: %#lx",
	      (unsigned long)a);
	/* I2: a plain read at pc+2 only inside pc's block (the hardware fetched pc). */
	CHECK(a == pc0 || ((a ^ pc0) & ~(PROTECT_ALIGN - 1U)) == 0,
	      "a plain read across a PROTECT_ALIGN block: %#lx", (unsigned long)a);
	reads++;
	v = mem16(a);
	saw(a, v);
	return v;
}

static uint64_t fw_pmp_now(void)
{
	return fake.csr[CSR_PMPCFG0];
}

/* The one access cordon may perform: the instruction as it read it, checked against the trap. */
static void check_access(uint64_t addr, unsigned width, bool store, uint64_t ms)
{
	struct insn d;
	uint32_t bits = seen_lo | (seen_hi_valid ? seen_hi << 16 : 0U);
	bool mprv = (ms & MSTATUS_MPRV) != 0;
	unsigned vmpp = mstatus_mpp(h.v.mstatus);

	performed++;
	CHECK(performed == 1, "a second data access at %#lx", (unsigned long)addr);
	if (h.cause == CAUSE_ILLEGAL_INSN) { /* hlv/hsv: decoded by the caller */
		CHECK(mprv && (ms & MSTATUS_MPV), "hlv/hsv without MPRV and MPV");
		CHECK(mstatus_mpp(ms) != PRV_M, "hlv/hsv as M");
		CHECK(fw_pmp_now() == h.pmp.fw_as_os[0], "hlv/hsv outside the fw_as_os view");
		return;
	}
	CHECK(reads > 0, "an access before the instruction was read");
	CHECK(decode_insn(bits, &d), "performed an undecodable instruction %#x", bits);
	CHECK(d.kind == (store ? INSN_STORE : INSN_LOAD), "the kind differs from the instruction");
	CHECK(store == (h.cause == CAUSE_STORE_ACCESS), "the kind differs from the trap's cause");
	CHECK(addr == h.tval, "performed at %#lx, the trap's address is %#lx", (unsigned long)addr,
	      (unsigned long)h.tval);
	CHECK(width == d.width, "width %u, the instruction's is %u", width, d.width);
	if (!mprv) {
		bool dev = (addr - CLINT_BASE < machine.clint_size &&
			    addr + width - 1 - CLINT_BASE < machine.clint_size) ||
			   (addr - RESET_BASE < machine.reset_size &&
			    addr + width - 1 - RESET_BASE < machine.reset_size) ||
			   (pdev_on && addr - PDEV_BASE < PDEV_SIZE &&
			    addr + width - 1 - PDEV_BASE < PDEV_SIZE);
		CHECK(dev, "an M-mode access outside the watched devices: %#lx/%u",
		      (unsigned long)addr, width);
		CHECK(!(h.v.mstatus & MSTATUS_MPRV) || vmpp == PRV_M,
		      "an M-mode access for a firmware with MPRV and MPP != M");
		return;
	}
	CHECK(mstatus_mpp(ms) != PRV_M, "an MPRV access as M-mode");
	CHECK(h.v.mstatus & MSTATUS_MPRV, "MPRV without the firmware's MPRV");
	if (vmpp == PRV_M) {
		CHECK(mstatus_mpp(ms) == PRV_U && !(ms & MSTATUS_MPV), "MPP=M not performed as U");
		CHECK(fw_pmp_now() == h.pmp.fw[0], "MPP=M not under the firmware's view");
		CHECK(fake.csr[CSR_SATP] == 0, "MPP=M translated by a satp");
	} else {
		CHECK(mstatus_mpp(ms) == vmpp, "MPP %u, the firmware's is %u", mstatus_mpp(ms),
		      vmpp);
		CHECK(fw_pmp_now() == h.pmp.fw_as_os[0], "MPP=S/U not under the fw_as_os view");
		CHECK(fake.csr[CSR_SATP] == (h.v.hide_os ? h.v.fw_satp : h.v.satp),
		      "MPP=S/U not translated by the satp virtual M-mode sees");
	}
}

/* The hardware may fault on it (the input says), as the guard records. */
static bool fault_or_not(void)
{
	uint8_t f = stream_u8(&in);
	if (f & 1U) {
		h.guard.cause = (f & 2U) ? CAUSE_LOAD_PAGE_FAULT : CAUSE_STORE_ACCESS;
		h.guard.tval = stream_bytes(&in, 8);
		return false;
	}
	return true;
}

bool hw_mem_load(struct hart *hh, uint64_t addr, unsigned width, bool is_signed, uint64_t ms,
		 uint64_t *val)
{
	uint64_t v;

	CHECK(hh == &h, "another hart's record");
	if (addr == pc0 + 2 && width == 2 && !(ms & MSTATUS_MPRV) && !seen_hi_valid &&
	    h.cause != CAUSE_ILLEGAL_INSN && reads == 1) {
		/* The checked read of pc+2 at a block's start (I2). */
		race();
		CHECK(fw_may_read(addr), "the upper half read where the firmware may not: %#lx",
		      (unsigned long)addr);
		if (!in_win(addr, 2))
			return false; /* nothing there: it faults */
		reads++;
		*val = mem16(addr);
		saw(addr, (uint16_t)*val);
		return true;
	}
	check_access(addr, width, false, ms);
	if (!fault_or_not())
		return false;
	v = stream_bytes(&in, 8);
	if (width < 8) {
		unsigned sh = 64U - 8U * width;
		v = is_signed ? (uint64_t)((int64_t)(v << sh) >> sh) : (v << sh) >> sh;
	}
	*val = v;
	return true;
}

bool hw_mem_store(struct hart *hh, uint64_t addr, unsigned width, uint64_t ms, uint64_t val)
{
	(void)val;
	CHECK(hh == &h, "another hart's record");
	check_access(addr, width, true, ms);
	return fault_or_not();
}

uint64_t fp_reg_read(unsigned n)
{
	CHECK(n < 32, "FP register %u", n);
	return fake.fp[n];
}

void fp_reg_write(unsigned n, uint64_t val)
{
	CHECK(n < 32, "FP register %u", n);
	fake.fp[n] = val;
}

/* ---- the policy hooks access.c reaches (policy/policy.h) ---- */

bool protect_firmware_may_read(uint64_t addr)
{
	return !(os_size && addr - os_base < os_size);
}

int protect_mask_read(struct hart *hh, uint64_t addr, unsigned width, unsigned mode, bool virt,
		      uint64_t *val)
{
	(void)hh;
	(void)width;
	(void)virt;
	CHECK(mode != PRV_M, "the policy asked for an M-mode load");
	CHECK(addr == h.tval, "the policy asked for another address");
	if (mask_read_mode == 1)
		*val = 0x5a5a;
	if (mask_read_mode == 2) {
		h.guard.cause = CAUSE_LOAD_PAGE_FAULT;
		h.guard.tval = addr;
	}
	return mask_read_mode;
}

bool protect_device(uint64_t addr, uint64_t *base, uint64_t *size)
{
	if (!pdev_on || addr - PDEV_BASE >= PDEV_SIZE)
		return false;
	*base = PDEV_BASE;
	*size = PDEV_SIZE;
	return true;
}

void monitor_print_stats(void)
{
}

void monitor_panic(struct hart *hh, const char *what)
{
	(void)hh;
	(void)what;
	longjmp(panic_jmp, 1);
}

/* ---- one trap ---- */

/* An instruction that the trap would have come from, often a plausible one. */
static uint32_t pick_insn(uint8_t sel)
{
	static const uint32_t forms[] = {
		0x0005b503, /* ld a0, 0(a1) */
		0x00a5b023, /* sd a0, 0(a1) */
		0x00459503, /* lh a0, 4(a1) */
		0x0005c503, /* lbu a0, 0(a1) */
		0x0005a023, /* sw zero, 0(a1) */
		0x0085b007, /* fld f0, 8(a1) */
		0x0005a027, /* fsw f0, 0(a1) */
		0x6188,	    /* c.ld a0, 0(a1) */
		0xe188,	    /* c.sd a0, 0(a1) */
		0x4188,	    /* c.lw a0, 0(a1) */
		0x0ab5b02f, /* amoswap.d a0, a1... (an AMO) */
		0x1005b52f, /* lr.d a0, (a1) */
	};
	uint32_t bits = (uint32_t)stream_bytes(&in, 4);
	if (sel < 200)
		bits = forms[sel % (sizeof(forms) / sizeof(forms[0]))] ^
		       (uint32_t)(bits & 0x0ff8f000U);
	return bits;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t cfg, where, sel;
	uint32_t bits;
	struct insn d;
	struct hart before;
	bool done, hlsv;
	uint64_t tval;

	in = (struct stream){ data, size, 0 };
	fake_reset();
	memset(&h, 0, sizeof(h));
	cfg = stream_u8(&in);
	where = stream_u8(&in);
	sel = stream_u8(&in);
	hw.has_h = (cfg & 1U) != 0;
	machine.clint = (struct platform_clint){ CLINT_BASE + PLAT_CLINT_MSIP,
						 CLINT_BASE + PLAT_CLINT_MTIMECMP,
						 CLINT_BASE + PLAT_CLINT_MTIME, 10000000 };
	machine.clint_base = CLINT_BASE;
	machine.clint_size = 0x10000;
	machine.reset_base = (cfg & 2U) ? RESET_BASE : 0;
	machine.reset_size = (cfg & 2U) ? 0x1000 : 0;
	machine.nharts = 4;
	memset(harts, 0, sizeof(harts));
	vclint_init((cfg & 4U) != 0);
	pdev_on = (cfg & 8U) != 0;
	protect_on = (cfg & 16U) != 0;
	mask_read_mode = (cfg >> 5) % 3;
	fake.csr[CSR_MSTATUS] = (cfg & 128U) ? MSTATUS_FS : 0;
	fake.shared = fake.csr[CSR_MSTATUS] & MSTATUS_FS;

	/* Where the code lies: plain firmware memory, just below cordon's, or
	 * against the OS's memory that protect-os closed (whole blocks). */
	switch (where & 3U) {
	case 0:
		win_base = 0x80001000ULL - WIN / 2;
		break;
	case 1:
		win_base = (uint64_t)(uintptr_t)_cordon_start - WIN;
		break;
	default:
		win_base = 0x80200000ULL - WIN;
		os_base = 0x80200000ULL;
		os_size = protect_on ? 0x200000ULL : 0;
		break;
	}
	if ((where & 3U) != 2U)
		os_base = os_size = 0;
	for (unsigned i = 0; i < WIN; i++)
		mem[i] = stream_u8(&in);
	pc0 = win_base + (((where >> 2) & 31U) * 2U) % (WIN - 2);
	hlsv = (where & 0x80U) != 0 && hw.has_h;

	/* The trap: its registers, its cause and address, the firmware's mstatus. */
	for (unsigned r = 1; r < 32; r++)
		h.regs[r] = (sel & (1U << (r & 7))) ? stream_bytes(&in, 8) : stream_u8(&in);
	h.regs_valid = (stream_u8(&in) < 240) ? ~0ULL : TRAP_FAST_REGS;
	bits = pick_insn(sel);
	memcpy(&mem[pc0 - win_base], &bits, pc0 + 4 <= win_base + WIN ? 4 : 2);
	/* The address the trap reports: mostly the instruction's own. */
	tval = stream_bytes(&in, 8);
	if (decode_insn(bits, &d) && (d.kind == INSN_LOAD || d.kind == INSN_STORE)) {
		switch (stream_u8(&in) & 3U) {
		case 0:
			tval = CLINT_BASE + (tval & 0xffffU);
			break;
		case 1:
			tval = RESET_BASE + (tval & 0x1fffU);
			break;
		case 2:
			tval = PDEV_BASE + (tval & 0x1ffU);
			break;
		default:
			break;
		}
		if (d.rs1 != 0)
			h.regs[d.rs1] = tval - (uint64_t)d.imm;
	}
	h.pc = pc0;
	h.tval = tval;
	h.cause = (stream_u8(&in) & 1U) ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS;
	h.v.mstatus =
		stream_bytes(&in, 8) & (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_SUM |
					MSTATUS_MXR | MSTATUS_MIE | MSTATUS_MPIE);
	h.v.mtvec = 0x80000100ULL;
	h.v.satp = 0x8000000000000123ULL;
	h.v.fw_satp = 0x8000000000000456ULL;
	h.v.hide_os = (sel & 0x20U) != 0;
	h.pmp.fw[0] = 0x1111;
	h.pmp.fw_mprv[0] = 0x2222;
	h.pmp.fw_as_os[0] = 0x3333;
	fake.csr[CSR_PMPCFG0] = (h.v.mstatus & MSTATUS_MPRV) ? 0x2222 : 0x1111;
	fake.csr[CSR_HSTATUS] = stream_bytes(&in, 8) & HSTATUS_SPVP;
	for (unsigned f = 0; f < 32; f++)
		fake.fp[f] = 0x1000 + f;

	reads = performed = 0;
	seen_hi_valid = false;
	before = h;
	if (setjmp(panic_jmp)) {
		uint32_t seen = seen_lo | (seen_hi_valid ? seen_hi << 16 : 0U);
		CHECK((seen & 0x7fU) == 0x2fU && h.regs[(seen >> 15) & 31U] == h.tval,
		      "a panic for %#x, which is no AMO at the faulting address", seen);
		return 0;
	}
	if (hlsv) {
		/* hlv/hsv (monitor.c decoded it from the illegal-instruction trap). */
		/* hlv.b, hlv.d, hsv.d, hlvx.hu a0/a1 */
		static const uint32_t hl[] = { 0x6005c573, 0x6c05c573, 0x6ea5c073, 0x6435c573 };
		struct insn hi;
		h.cause = CAUSE_ILLEGAL_INSN;
		CHECK(decode_insn(hl[sel & 3U], &hi) && hi.kind == INSN_HLSV,
		      "the harness's hlv/hsv does not decode");
		before = h;
		done = access_hlsv(&h, &hi);
		if (!done) {
			CHECK(memcmp(&before, &h, sizeof(h)) == 0,
			      "changed state, then asked for regs");
			return 0;
		}
		CHECK(fw_pmp_now() == (uint64_t)((h.v.mstatus & MSTATUS_MPRV) ? 0x2222 : 0x1111),
		      "the firmware's PMP view not back after hlv/hsv");
		for (unsigned r = 0; r < 32; r++)
			CHECK(r == hi.rd || h.regs[r] == before.regs[r], "x%u changed by hlv/hsv",
			      r);
		return 0;
	}
	done = access_fault(&h);
	if (!done) {
		CHECK(memcmp(&before, &h, sizeof(h)) == 0,
		      "changed state, then asked for registers");
		CHECK(before.regs_valid != ~0ULL, "asked for registers it had");
		CHECK(performed == 0, "performed an access, then asked for registers");
		return 0;
	}
	/* The firmware's PMP view and satp are back. */
	CHECK(fw_pmp_now() == (uint64_t)((h.v.mstatus & MSTATUS_MPRV) ? 0x2222 : 0x1111),
	      "the firmware's PMP view not back: %#lx", (unsigned long)fw_pmp_now());
	CHECK(fake.csr[CSR_SATP] == 0, "the OS's satp left installed");
	CHECK(h.regs[0] == 0, "x0 written");
	if (h.pc == before.pc) { /* re-executed: nothing else changed */
		CHECK(performed == 0, "performed, then re-executed");
		CHECK(memcmp(before.regs, h.regs, sizeof(h.regs)) == 0,
		      "re-executed with registers changed");
		return 0;
	}
	if (h.pc == (before.v.mtvec & ~3ULL) && h.v.mepc == before.pc) {
		/* Delivered to virtual M-mode: the trap's fault or the hardware's. */
		CHECK((h.v.mcause == before.cause && h.v.mtval == before.tval) ||
			      ((performed == 1 || mask_read_mode == 2) &&
			       h.v.mcause == h.guard.cause && h.v.mtval == h.guard.tval),
		      "delivered cause %#lx tval %#lx", (unsigned long)h.v.mcause,
		      (unsigned long)h.v.mtval);
		CHECK(memcmp(before.regs, h.regs, sizeof(h.regs)) == 0,
		      "a fault with registers changed");
		return 0;
	}
	/* Performed (or answered by the virtual CLINT or the policy): pc past it, only rd changed. */
	{
		uint32_t seen = seen_lo | (seen_hi_valid ? seen_hi << 16 : 0U);
		CHECK(decode_insn(seen, &d), "completed an undecodable instruction");
		CHECK(h.pc == before.pc + d.len, "pc %#lx after an instruction of %u bytes at %#lx",
		      (unsigned long)h.pc, d.len, (unsigned long)before.pc);
		for (unsigned r = 0; r < 32; r++)
			CHECK(h.regs[r] == before.regs[r] ||
				      (d.kind == INSN_LOAD && !d.is_fp && r == d.rd),
			      "x%u changed by a %s", r, d.kind == INSN_LOAD ? "load" : "store");
		CHECK(memcmp(&before.v, &h.v, sizeof(h.v)) == 0, "the virtual CSRs changed");
	}
	return 0;
}
