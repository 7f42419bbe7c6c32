// SPDX-License-Identifier: BSD-2-Clause
/*
 * The monitor: dispatch of every trap that reaches cordon, emulation of the
 * privileged instructions of virtual M-mode, and the world switch.
 *
 * Worlds (see hart.h): while the firmware runs (U-mode) the physical
 * medeleg/mideleg are 0, so every trap of the firmware comes here, satp is
 * Bare and the PMP holds the firmware view. While the OS runs (S/U-mode)
 * the physical delegation, mie, satp and PMP are the ones the firmware
 * configured, so delegated traps never leave the OS and the others come here
 * to be forwarded to the firmware, as they would reach M-mode natively.
 */
#include "monitor.h"

#include "../arch/riscv/arch_riscv.h"
#include "../policy/offload.h"
#include "cordon/arch.h"
#include "cordon/image.h"
#include "cordon/log.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "decode.h"
#include "vcsr.h"
#include "vpmp.h"
#include "vtrap.h"

/* Paths off the hot one (CSR emulation): kept out of line, so that the hot
 * path needs few registers and saves little. */
#define COLD __attribute__((noinline, cold))

struct machine machine;
struct hart harts[MAX_HARTS];

static unsigned mpp_of(uint64_t mstatus)
{
	return (unsigned)((mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

/* ---- world switch ---------------------------------------------------- */

static void write_mie(struct hart *h, uint64_t mie)
{
	if (h->mie_phys != mie) {
		csr_write(mie, mie);
		h->mie_phys = mie;
	}
}

static const uint64_t *firmware_pmp_view(const struct hart *h)
{
	return (h->v.mstatus & MSTATUS_MPRV) ? h->pmpcfg_fw_mprv : h->pmpcfg_fw;
}

/* Recompute the PMP views after the firmware changed its PMP or MPRV. */
COLD static void pmp_views_update(struct hart *h)
{
	vpmp_compose(&h->v.pmp, machine.reset_size != 0, h->pmpcfg_os, h->pmpcfg_fw,
		     h->pmpcfg_fw_mprv);
	hw_write_pmpcfg(h->world == WORLD_OS ? h->pmpcfg_os : firmware_pmp_view(h));
}

/* OS -> firmware: keep the OS's live supervisor state in the vCPU. */
COLD static void world_enter_firmware(struct hart *h)
{
	uint64_t ms = csr_read(mstatus);

	h->os_mode = mpp_of(ms) == PRV_S ? PRV_S : PRV_U;
	h->os_virt = (ms & MSTATUS_MPV) != 0;
	h->v.mstatus = (h->v.mstatus & ~MSTATUS_OS_LIVE) | (ms & MSTATUS_OS_LIVE);
	/* The OS writes the delegated bits of mie through sie without trapping. */
	h->mie_phys = csr_read(mie);
	h->v.mie = (h->v.mie & ~h->v.mideleg) | (h->mie_phys & h->v.mideleg);
	h->v.satp = csr_swap(satp, 0);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	hw_write_pmpcfg(firmware_pmp_view(h));
	/* Firmware runs in U-mode; TW=1 so that its wfi always traps. */
	ms &= ~(MSTATUS_MPP | MSTATUS_MPV | MSTATUS_MPRV);
	csr_write(mstatus, ms | MSTATUS_TW);
	h->world = WORLD_FIRMWARE;
	h->stat_world_switches++;
}

/* firmware -> OS at privilege mode (S or U), after mret/sret. */
COLD static void world_enter_os(struct hart *h, unsigned mode, bool virt)
{
	uint64_t ms = csr_read(mstatus);
	const uint64_t from_v = MSTATUS_OS_LIVE | MSTATUS_OS_CONTROL;

	ms &= ~(from_v | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_MPRV);
	ms |= (h->v.mstatus & from_v) | ((uint64_t)mode << MSTATUS_MPP_SHIFT);
	if (virt)
		ms |= MSTATUS_MPV;
	csr_write(mstatus, ms);
	csr_write(satp, h->v.satp);
	csr_write(medeleg, h->v.medeleg);
	csr_write(mideleg, h->v.mideleg);
	hw_write_pmpcfg(h->pmpcfg_os);
	if (offload_on) {
		offload_service_pending(h);
		write_mie(h, offload_os_mie(h));
	} else {
		write_mie(h, h->v.mie);
	}
	h->world = WORLD_OS;
	h->stat_world_switches++;
}

/* ---- interrupts ------------------------------------------------------ */

/*
 * While the firmware runs, the physical mie enables exactly the virtual
 * interrupts virtual M-mode would take (vtrap_firmware_mie), and the
 * virtual mip is the physical one: so the hardware itself traps as soon as
 * one is deliverable, before the next instruction as natively, and a masked
 * pending one never traps (no livelock). Call after anything that changes
 * mstatus.MIE, mie or mideleg.
 */
static void firmware_update_mie(struct hart *h)
{
	write_mie(h, vtrap_firmware_mie(h));
	if (offload_on)
		offload_mie_changed(h);
}

/* mip as the firmware sees it (with offload, msip/mtimecmp are virtual). */
static uint64_t firmware_mip(const struct hart *h)
{
	uint64_t mip = hw_read_mip();

	return offload_on ? offload_virtual_mip(h, mip) : mip;
}

/*
 * A physical interrupt while the firmware runs: deliver the highest-priority
 * one (with offload, it may have been cordon's own: served first).
 */
COLD static void firmware_interrupt(struct hart *h)
{
	int irq;

	if (offload_on)
		offload_service(h);
	irq = vtrap_pending_irq(h, firmware_mip(h));

	if (irq >= 0)
		vtrap_inject(h, MCAUSE_INTERRUPT | (uint64_t)irq, 0, PRV_M, false);
	firmware_update_mie(h);
}

/*
 * wfi in virtual M-mode (Priv §3.3.3): wakes on pending & enabled, even with
 * MIE=0. Always a physical wfi, even with one pending (it then returns at
 * once, as natively): under -icount QEMU's round robin moves on to the next
 * hart only at a wfi, so a firmware loop around wfi must not spin in cordon.
 */
COLD static void emulate_wfi(struct hart *h)
{
	for (;;) {
		write_mie(h, h->v.mie);
		wfi();
		/* With offload, cordon's own interrupts wake the hart too: serve
		 * them, and sleep on unless the firmware has one. */
		if (!offload_on)
			return;
		offload_service(h);
		if (firmware_mip(h) & h->v.mie)
			return;
	}
}

/* ---- emulation -------------------------------------------------------- */

/*
 * Emulations report EMU_NEED_REGS, before they change any state, when they
 * need a guest register trap.S has not saved yet (see TRAP_FAST_REGS).
 */
enum emu { EMU_DONE = MONITOR_DONE, EMU_NEED_REGS = MONITOR_NEED_ALL_REGS };

static bool regs_ready(const struct hart *h, unsigned a, unsigned b)
{
	return ((h->regs_valid >> a) & (h->regs_valid >> b) & 1U) != 0;
}

static uint32_t fetch_insn(uint64_t pc)
{
	/* The firmware runs untranslated; fetch by halfwords (pc may be 2-aligned). */
	const volatile uint16_t *p = (const volatile uint16_t *)(uintptr_t)pc;
	uint32_t lo = p[0];
	return insn_length(lo) == 4 ? lo | ((uint32_t)p[1] << 16) : lo;
}

static void apply_effects(struct hart *h, unsigned fx)
{
	if (fx & VCSR_FX_PMP)
		pmp_views_update(h);
	if (fx & VCSR_FX_IRQ)
		firmware_update_mie(h);
}

/* An exception into the firmware: it clears the virtual mstatus.MIE. */
COLD static void firmware_exception(struct hart *h, uint64_t cause, uint64_t tval)
{
	vtrap_inject(h, cause, tval, PRV_M, false);
	firmware_update_mie(h);
}

static void inject_illegal(struct hart *h, uint64_t insn)
{
	firmware_exception(h, CAUSE_ILLEGAL_INSN, insn);
}

static enum emu emulate_privileged(struct hart *h)
{
	uint64_t bits = h->tval;
	struct insn in;
	unsigned fx = 0;
	bool virt;

	if (bits == 0)
		bits = fetch_insn(h->pc);
	if (vcsr_fast(h, (uint32_t)bits, h->regs_valid) == VCSR_FAST_DONE) {
		h->pc += 4;
		return EMU_DONE;
	}
	/* The hot CSR cases were vcsr_fast's: the general decoder for the rest. */
	if (!decode_insn((uint32_t)bits, &in) || in.len != 4) {
		inject_illegal(h, bits);
		return EMU_DONE;
	}
	switch (in.kind) {
	case INSN_CSR:
		if (!regs_ready(h, in.csr_imm ? 0 : in.rs1, in.rd))
			return EMU_NEED_REGS;
		if (!vcsr_exec(h, &in, &fx)) {
			inject_illegal(h, bits);
			return EMU_DONE;
		}
		/* mip passes through; with offload, its MSIP/MTIP are virtual. */
		if (in.csr == CSR_MIP && in.rd != 0 && offload_on)
			h->regs[in.rd] = offload_virtual_mip(h, h->regs[in.rd]);
		h->pc += 4;
		apply_effects(h, fx);
		return EMU_DONE;
	case INSN_MRET: {
		unsigned mode = vtrap_mret(h, &virt);
		if (mode != PRV_M) {
			world_enter_os(h, mode, virt);
		} else {
			pmp_views_update(h); /* MPRV may have changed */
			firmware_update_mie(h);
		}
		return EMU_DONE;
	}
	case INSN_SRET: {
		uint64_t sepc = 0;
		(void)hw_csr_read(h, CSR_SEPC, &sepc);
		world_enter_os(h, vtrap_sret(h, sepc), false);
		return EMU_DONE;
	}
	case INSN_WFI:
		emulate_wfi(h);
		h->pc += 4;
		firmware_update_mie(h);
		return EMU_DONE;
	case INSN_SFENCE_VMA:
		if (!regs_ready(h, in.rs1, in.rs2))
			return EMU_NEED_REGS;
		/* M-mode may always fence; TVM only traps S-mode (§3.1.6.5). */
		__asm__ volatile("sfence.vma %0, %1"
				 :
				 : "r"(h->regs[in.rs1]), "r"(h->regs[in.rs2])
				 : "memory");
		h->pc += 4;
		return EMU_DONE;
	case INSN_HFENCE:
		if (!hw.has_h) {
			inject_illegal(h, bits);
			return EMU_DONE;
		}
		__asm__ volatile(
			".option push\n.option arch, +h\nhfence.gvma\nhfence.vvma\n.option pop"
			:
			:
			: "memory");
		h->pc += 4;
		return EMU_DONE;
	default:
		inject_illegal(h, bits);
		return EMU_DONE;
	}
}

/* Value of integer or FP register r as the store data of an emulated access. */
static uint64_t store_data(const struct hart *h, const struct insn *in)
{
	if (in->is_fp)
		return fp_reg_read(in->rs2);
	return h->regs[in->rs2];
}

static void load_result(struct hart *h, const struct insn *in, uint64_t val)
{
	if (in->is_fp) {
		/* FLW NaN-boxes the single (unprivileged ISA §12.2). */
		fp_reg_write(in->rd, in->width == 4 ? (val | 0xffffffff00000000ULL) : val);
	} else if (in->rd != 0) {
		h->regs[in->rd] = val;
	}
}

static bool decode_access(struct hart *h, struct insn *in, uint64_t *addr)
{
	uint32_t bits = fetch_insn(h->pc);

	if (!decode_insn(bits, in) || (in->kind != INSN_LOAD && in->kind != INSN_STORE))
		return false;
	*addr = h->regs[in->rs1] + (uint64_t)in->imm;
	return true;
}

static bool in_region(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr - base < size;
}

/*
 * The firmware accessed a device cordon watches (denied by its PMP entry):
 *  - CLINT: msip, mtimecmp and mtime pass through (cordon has no timer or
 *    IPI of its own yet, so the firmware's values are the hardware's);
 *  - reset device: a store stops the machine, so print the statistics first
 *    if asked (make image STATS=1), then let the store happen.
 * The access itself is performed by cordon with the same width.
 */
COLD static enum emu emulate_mmio(struct hart *h)
{
	struct insn in;
	uint64_t addr, val = 0;
	const uint64_t ms_m = csr_read(mstatus) & ~MSTATUS_MPRV;

	if (h->regs_valid != ~0ULL)
		return EMU_NEED_REGS;
	if (!decode_access(h, &in, &addr) || in.is_fp)
		monitor_panic(h, "unsupported device access instruction");
	if (in.kind == INSN_STORE)
		val = store_data(h, &in);
	/* With offload, msip and mtimecmp are virtual (policy/offload.c). */
	if (offload_on && in_region(addr, machine.clint_base, machine.clint_size) &&
	    offload_clint_access(h, addr, in.width, in.kind == INSN_STORE, &val)) {
		if (in.kind == INSN_LOAD && in.is_signed && in.width < 8) {
			unsigned sh = 64U - 8U * in.width;
			val = (uint64_t)((int64_t)(val << sh) >> sh);
		}
	} else if (in.kind == INSN_STORE) {
		if (in_region(addr, machine.reset_base, machine.reset_size) &&
		    (machine.flags & IMAGE_FLAG_STATS))
			monitor_print_stats();
		if (!hw_mem_store(h, addr, in.width, ms_m, val))
			monitor_panic(h, "device store faulted in cordon");
	} else if (!hw_mem_load(h, addr, in.width, in.is_signed, ms_m, &val)) {
		monitor_panic(h, "device load faulted in cordon");
	}
	if (in.kind == INSN_LOAD)
		load_result(h, &in, val);
	h->pc += in.len;
	return EMU_DONE;
}

/*
 * A load or store of the firmware while its mstatus.MPRV=1 (every data
 * access traps: PMP view fw_mprv). Perform it with the privilege and
 * translation of the virtual MPP (Priv §3.1.6.3): physical MPRV=1, MPP,
 * SUM, MXR and the OS's satp; the PMP view of that privilege. A fault
 * is delivered to the firmware as M-mode would take it.
 */
COLD static enum emu emulate_mprv(struct hart *h)
{
	struct insn in;
	uint64_t addr, val = 0, ms = csr_read(mstatus);
	unsigned mpp = mpp_of(h->v.mstatus);
	bool ok;

	if (h->regs_valid != ~0ULL)
		return EMU_NEED_REGS;
	if (!decode_access(h, &in, &addr))
		monitor_panic(h, "unsupported instruction with mstatus.MPRV=1");
	ms &= ~(MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR);
	ms |= MSTATUS_MPRV | (h->v.mstatus & (MSTATUS_SUM | MSTATUS_MXR));
	if (mpp == PRV_M) {
		ms |= (uint64_t)PRV_U << MSTATUS_MPP_SHIFT; /* the firmware itself */
		hw_write_pmpcfg(h->pmpcfg_fw);
	} else {
		ms |= (uint64_t)mpp << MSTATUS_MPP_SHIFT;
		hw_write_pmpcfg(h->pmpcfg_os);
		csr_write(satp, h->v.satp);
	}
	if (in.kind == INSN_STORE) {
		ok = hw_mem_store(h, addr, in.width, ms, store_data(h, &in));
	} else {
		ok = hw_mem_load(h, addr, in.width, in.is_signed && !in.is_fp, ms, &val);
	}
	if (mpp != PRV_M)
		csr_write(satp, 0);
	hw_write_pmpcfg(h->pmpcfg_fw_mprv);
	if (!ok) {
		firmware_exception(h, h->guard.cause, h->guard.tval);
		return EMU_DONE;
	}
	if (in.kind == INSN_LOAD)
		load_result(h, &in, val);
	h->pc += in.len;
	return EMU_DONE;
}

static bool is_watched_device(uint64_t addr)
{
	return in_region(addr, machine.clint_base, machine.clint_size) ||
	       in_region(addr, machine.reset_base, machine.reset_size);
}

static enum emu firmware_trap(struct hart *h)
{
	uint64_t cause = h->cause;
	enum emu r = EMU_DONE;

	if (cause & MCAUSE_INTERRUPT) {
		h->stat_irq[WORLD_FIRMWARE][cause & 15U]++;
		firmware_interrupt(h);
		return EMU_DONE;
	}
	switch (cause) {
	case CAUSE_ILLEGAL_INSN:
		r = emulate_privileged(h);
		break;
	case CAUSE_ECALL_U:
		firmware_exception(h, CAUSE_ECALL_M, 0);
		break;
	case CAUSE_LOAD_ACCESS:
	case CAUSE_STORE_ACCESS:
		/* With MPRV=1 and MPP=M the access is the firmware's own (§3.1.6.3),
		 * so a watched device is emulated as without MPRV. */
		if ((h->v.mstatus & MSTATUS_MPRV) &&
		    (mpp_of(h->v.mstatus) != PRV_M || !is_watched_device(h->tval)))
			r = emulate_mprv(h);
		else if (is_watched_device(h->tval))
			r = emulate_mmio(h);
		else
			firmware_exception(h, cause, h->tval);
		break;
	default:
		/* Same cause and mtval as M-mode would see (fetch faults, breakpoints...). */
		firmware_exception(h, cause, h->tval);
		break;
	}
	if (r == EMU_DONE && cause < CAUSE_COUNT_STAT)
		h->stat_exc[WORLD_FIRMWARE][cause]++;
	return r;
}

/* A trap of the OS that natively goes to M-mode: forward it to the firmware. */
COLD static void os_trap(struct hart *h)
{
	uint64_t cause = h->cause;

	if (cause & MCAUSE_INTERRUPT)
		h->stat_irq[WORLD_OS][cause & 15U]++;
	else if (cause < CAUSE_COUNT_STAT)
		h->stat_exc[WORLD_OS][cause]++;
	world_enter_firmware(h);
	vtrap_inject(h, cause, h->tval, h->os_mode, h->os_virt);
	write_mie(h, vtrap_firmware_mie(h));
}

/* mret of the firmware on the hot path (h->pc is not loaded: use mepc). */
COLD static long fast_mret(struct hart *h)
{
	bool virt;
	unsigned mode = vtrap_mret(h, &virt);

	h->stat_exc[WORLD_FIRMWARE][CAUSE_ILLEGAL_INSN]++;
	if (mode != PRV_M) {
		world_enter_os(h, mode, virt);
	} else {
		pmp_views_update(h); /* MPRV may have changed */
		firmware_update_mie(h);
	}
	csr_write(mepc, h->pc);
	return MONITOR_DONE;
}

/* A trap of the OS on the hot path: to the firmware, which needs no register. */
COLD static long fast_os_trap(struct hart *h, uint64_t cause)
{
	if (offload_on && offload_os_trap(h, cause))
		return MONITOR_DONE;
	h->cause = cause;
	h->tval = csr_read(mtval);
	h->pc = csr_read(mepc);
	os_trap(h);
	csr_write(mepc, h->pc);
	return MONITOR_DONE;
}

/* A CSR instruction done on the hot path: step over it, count it. */
static long fast_done(struct hart *h)
{
	csr_write(mepc, csr_read(mepc) + 4);
	h->stat_exc[WORLD_FIRMWARE][CAUSE_ILLEGAL_INSN]++;
	return MONITOR_DONE;
}

/* The firmware's illegal instructions after the plain CSRs: the rest of vcsr_fast, mret. */
static long __attribute__((noinline))
fast_firmware_other(struct hart *h, uint32_t bits, enum vcsr_fast_result r)
{
	if (r == VCSR_FAST_OTHER && vcsr_fast_other(h, bits) == VCSR_FAST_DONE)
		return fast_done(h);
	if (bits == INSN_BITS_MRET)
		return fast_mret(h);
	return MONITOR_GENERAL;
}

/*
 * The leaf dispatcher: every call below is a tail call, so that the
 * hottest path (a CSR instruction on mscratch, mepc, mcause or mtval)
 * saves nothing and calls nothing.
 */
long monitor_fast_trap(struct hart *h)
{
	uint64_t cause = csr_read(mcause);
	uint32_t bits;
	enum vcsr_fast_result r;

	if (h->world == WORLD_OS) {
		if (offload_on && offload_fast(h, cause))
			return MONITOR_DONE;
		return fast_os_trap(h, cause);
	}
	if (cause != CAUSE_ILLEGAL_INSN)
		return MONITOR_GENERAL;
	bits = (uint32_t)csr_read(mtval);
	r = vcsr_fast_plain(h, bits, TRAP_FAST_REGS);
	if (r == VCSR_FAST_DONE)
		return fast_done(h);
	if (r == VCSR_FAST_NEED_REGS)
		return MONITOR_NEED_ALL_REGS;
	return fast_firmware_other(h, bits, r);
}

long monitor_trap(struct hart *h, unsigned long all_regs)
{
	/* mcause/mtval are still the trap's: nothing trapped since trap.S. */
	h->cause = csr_read(mcause);
	h->tval = csr_read(mtval);
	h->regs_valid = all_regs ? ~0ULL : TRAP_FAST_REGS;
	if (h->world == WORLD_FIRMWARE)
		return firmware_trap(h);
	os_trap(h);
	return EMU_DONE;
}

void monitor_start_firmware(struct hart *h)
{
	vpmp_compose(&h->v.pmp, machine.reset_size != 0, h->pmpcfg_os, h->pmpcfg_fw,
		     h->pmpcfg_fw_mprv);
	csr_write(mscratch, h);
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	h->mie_phys = ~0ULL;
	write_mie(h, 0);
	csr_write(satp, 0);
	hw_write_pmpcfg(firmware_pmp_view(h));
	csr_write(mstatus,
		  (csr_read(mstatus) & ~(MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_MIE)) | MSTATUS_TW);
	h->world = WORLD_FIRMWARE;
	if (offload_on)
		offload_mie_changed(h);
	trap_return(h);
}

/* ---- errors ----------------------------------------------------------- */

static const char *const reg_names[32] = {
	"zero", "ra", "sp", "gp", "tp",	 "t0",	"t1", "t2", "s0", "s1", "a0",
	"a1",	"a2", "a3", "a4", "a5",	 "a6",	"a7", "s2", "s3", "s4", "s5",
	"s6",	"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void monitor_panic(struct hart *h, const char *what)
{
	log_printf("[cordon] PANIC on hart %lu: %s\n", h->hartid, what);
	log_printf("[cordon]   world %s, pc %016lx, cause %016lx, tval %016lx\n",
		   h->world == WORLD_FIRMWARE ? "firmware (virtual M-mode)" : "OS", h->pc, h->cause,
		   h->tval);
	if (h->world == WORLD_FIRMWARE && (h->pc & 1U) == 0)
		log_printf("[cordon]   instruction %08x\n", fetch_insn(h->pc));
	for (unsigned i = 1; i < 32; i++)
		log_printf("[cordon]   %-4s %016lx%s", reg_names[i], h->regs[i],
			   (i % 4U == 3U) ? "\n" : "  ");
	log_printf("\n[cordon]   vmstatus %016lx vmie %016lx vmideleg %016lx vmedeleg %016lx\n",
		   h->v.mstatus, h->v.mie, h->v.mideleg, h->v.medeleg);
	log_printf("[cordon]   vmtvec %016lx vmepc %016lx vmcause %016lx vmtval %016lx\n",
		   h->v.mtvec, h->v.mepc, h->v.mcause, h->v.mtval);
	log_printf("[cordon]   vmscratch %016lx vsatp %016lx mip %016lx\n", h->v.mscratch,
		   h->v.satp, csr_read(mip));
	platform_exit(CORDON_EXIT_PANIC);
}

void monitor_fault(struct hart *h, uint64_t cause, uint64_t epc, uint64_t tval)
{
	log_printf("[cordon] PANIC: cordon itself trapped: cause %016lx epc %016lx tval %016lx\n",
		   cause, epc, tval);
	monitor_panic(h, "internal fault");
}

static const char *const cause_names[CAUSE_COUNT_STAT] = {
	"misaligned fetch",
	"fetch access",
	"illegal insn",
	"breakpoint",
	"misaligned load",
	"load access",
	"misaligned store",
	"store access",
	"ecall U",
	"ecall S",
	"ecall VS",
	"ecall M",
	"fetch page fault",
	"load page fault",
	"?",
	"store page fault",
	"?",
	"?",
	"?",
	"?",
	"fetch guest pf",
	"load guest pf",
	"virtual insn",
	"store guest pf",
};

static const char *const offload_names[OFFLOAD_STAT_COUNT] = {
	"SBI set_timer",       "SBI send_ipi", "SBI remote fence",
	"misaligned redirect", "OS timer irq", "IPI requests",
};

void monitor_print_stats(void)
{
	for (unsigned i = 0; i < machine.nharts && i < MAX_HARTS; i++) {
		const struct hart *h = &harts[i];
		log_printf("[cordon] hart %u: %lu world switches\n", i, h->stat_world_switches);
		for (unsigned w = 0; w < 2; w++) {
			for (unsigned c = 0; c < CAUSE_COUNT_STAT; c++)
				if (h->stat_exc[w][c])
					log_printf("[cordon]   %s exception %-16s %lu\n",
						   w ? "OS" : "firmware", cause_names[c],
						   h->stat_exc[w][c]);
			for (unsigned c = 0; c < 16; c++)
				if (h->stat_irq[w][c])
					log_printf("[cordon]   %s interrupt %-2u %lu\n",
						   w ? "OS" : "firmware", c, h->stat_irq[w][c]);
		}
		for (unsigned k = 0; k < OFFLOAD_STAT_COUNT; k++)
			if (h->stat_offload[k])
				log_printf("[cordon]   offloaded %-19s %lu\n", offload_names[k],
					   h->stat_offload[k]);
	}
}
