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
#include "../policy/policy.h"
#include "cordon/arch.h"
#include "cordon/image.h"
#include "cordon/log.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "decode.h"
#include "measure.h"
#include "vclint.h"
#include "vcsr.h"
#include "vpmp.h"
#include "vtrap.h"
#include "world.h"

extern char _cordon_start[];

/* Paths off the hot one (CSR emulation): kept out of line, so that the hot
 * path needs few registers and saves little. */
#define COLD __attribute__((noinline, cold))

struct machine machine;
/* Only in the relocated copy: see link.ld (stage 2 zeroes it). */
struct hart harts[MAX_HARTS] __attribute__((section(".stage2_bss")));

static unsigned mpp_of(uint64_t mstatus)
{
	return (unsigned)((mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
}

/* ---- world switch (core/world.c) -------------------------------------- */

/* Recompute the PMP views after the firmware changed its PMP or MPRV. */
COLD static void pmp_views_update(struct hart *h)
{
	vpmp_compose(&pmp_layout, &h->v.pmp, machine.reset_size != 0, policy_fw_denies_os(h),
		     policy_fw_limit(), &h->pmp);
	world_install_pmp(h);
}

/* ---- interrupts ------------------------------------------------------ */

/* mip as the firmware sees it (with offload, msip/mtimecmp are virtual). */
static uint64_t firmware_mip(const struct hart *h)
{
	uint64_t mip = hw_read_mip();

	return vclint_on ? vclint_virtual_mip(h, mip) : mip;
}

/*
 * A physical interrupt while the firmware runs: deliver the highest-priority
 * one (with offload, it may have been cordon's own: served first).
 */
COLD static void firmware_interrupt(struct hart *h)
{
	int irq;

	if (vclint_on)
		policy_service(h);
	irq = vtrap_pending_irq(h, firmware_mip(h));

	if (irq >= 0)
		vtrap_inject(h, MCAUSE_INTERRUPT | (uint64_t)irq, 0, PRV_M, false);
	world_firmware_mie_update(h);
}

volatile uint32_t handover_pending;
static uint32_t handover_state; /* 0: to come, 1: one hart does it, 2: done */

/*
 * The first hand-over to the OS, on whichever hart makes it first: the
 * policies close the OS's memory (protect.c), then it is measured
 * (measure.c), all before the OS runs on any hart. A hart that hands over
 * meanwhile waits, and installs the protection it is asked to.
 */
COLD static void first_handover(struct hart *h)
{
	uint32_t idle = 0;

	if (!__atomic_compare_exchange_n(&handover_state, &idle, 1U, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&handover_state, __ATOMIC_ACQUIRE) != 2U)
			policy_handover_wait(h);
		return;
	}
	policy_handover(h);
	measure_handover(h);
	__atomic_store_n(&handover_state, 2U, __ATOMIC_RELEASE);
	handover_pending = 0;
}

/* The firmware hands over to the OS on h (h->pc: where the OS resumes). */
static inline void enter_os(struct hart *h, unsigned mode, bool virt)
{
	if (__builtin_expect(handover_pending != 0, 0))
		first_handover(h);
	/* A checked entry sets every register (protect-os: a resume from its
	 * copy but a0/a1, always saved; a hart start: a0/a1, the rest zero):
	 * the caller returns with all of them (MONITOR_DONE_ALL, trap_return). */
	if (policy_os_entry_checked(h))
		policy_os_enter(h, &mode, &virt);
	world_enter_os(h, mode, virt);
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
		world_set_mie(h, h->v.mie | policy_firmware_mie(h));
		wfi();
		/* With the virtual CLINT, cordon's own interrupts wake the hart
		 * too: serve them, and sleep on unless the firmware has one. */
		if (!vclint_on)
			return;
		policy_service(h);
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

static bool in_region(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr - base < size;
}

/*
 * Whether the firmware may read the halfword at addr, for the one case
 * where cordon reads beyond what the hardware fetched: the upper half of a
 * 32-bit instruction at pc, when another hart may have turned a 16-bit
 * instruction into the lower half of a 32-bit one (security.md, I2).
 */
static bool firmware_may_read(uint64_t addr)
{
	return !in_region(addr, (uint64_t)(uintptr_t)_cordon_start, CORDON_SIZE) &&
	       policy_firmware_may_read(addr);
}

/*
 * The firmware's instruction at pc, as it is in memory now. pc is where
 * the firmware trapped, so the hardware fetched from it as the firmware:
 * it exists and lies outside every protected region; so does pc+2 unless
 * it starts a PROTECT_ALIGN block, where the read is checked and guarded.
 * False if the instruction cannot be read (its upper half lies where the
 * firmware may not read).
 */
static bool fetch_firmware_insn(struct hart *h, uint64_t pc, uint32_t *bits)
{
	const volatile uint16_t *p = (const volatile uint16_t *)(uintptr_t)pc;
	uint64_t ms = csr_read(mstatus) & ~MSTATUS_MPRV, hi = 0;
	uint32_t lo;

	if (!firmware_may_read(pc))
		return false;
	lo = p[0]; /* the hardware fetched it for the firmware: it exists */
	if (insn_length(lo) == 4) {
		if (((pc + 2) & (PROTECT_ALIGN - 1U)) != 0)
			hi = p[1]; /* the same block as pc (I2) */
		else if (!firmware_may_read(pc + 2) || !hw_mem_load(h, pc + 2, 2, false, ms, &hi))
			return false;
	}
	*bits = lo | (uint32_t)(hi << 16);
	return true;
}

/*
 * The hot path's check that mtval holds the instruction that trapped
 * (security.md, I5: QEMU 7.2 leaves a stale mtval for hlv/hsv). pc is
 * firmware memory the hardware just fetched from, outside every protected
 * region: plain loads there cannot fault. pc+2 lies in the same
 * PROTECT_ALIGN block unless it starts one (then the general path reads it
 * with the checks of fetch_firmware_insn).
 */
static inline bool mtval_is_insn_at(uint64_t pc, uint32_t bits)
{
	const volatile uint16_t *p = (const volatile uint16_t *)(uintptr_t)pc;

	if (p[0] != (uint16_t)bits)
		return false;
	if (insn_length(bits) == 2)
		return true;
	if (((pc + 2) & (PROTECT_ALIGN - 1U)) == 0)
		return false;
	return p[1] == (uint16_t)(bits >> 16);
}

/* Re-execute the instruction at pc: it is no longer the one that trapped. */
static enum emu retry(struct hart *h)
{
	h->stat_retried++;
	return EMU_DONE;
}

static void apply_effects(struct hart *h, unsigned fx)
{
	if (fx & VCSR_FX_PMP)
		pmp_views_update(h);
	else if (fx & VCSR_FX_MPRV)
		world_install_pmp(h); /* the views are composed already: fw or fw_mprv */
	if (fx & VCSR_FX_IRQ)
		world_firmware_mie_update(h);
}

/* An exception into the firmware: it clears the virtual mstatus.MIE. */
COLD static void firmware_exception(struct hart *h, uint64_t cause, uint64_t tval)
{
	vtrap_inject(h, cause, tval, PRV_M, false);
	world_firmware_mie_update(h);
}

static void inject_illegal(struct hart *h, uint64_t insn)
{
	firmware_exception(h, CAUSE_ILLEGAL_INSN, insn);
}

COLD static enum emu emulate_hlsv(struct hart *h, const struct insn *in);

static enum emu emulate_privileged(struct hart *h)
{
	uint32_t bits;
	struct insn in;
	unsigned fx = 0;
	bool virt;

	/*
	 * mtval is trusted only as the instruction at pc (security.md, I5).
	 * When they differ, either QEMU left a stale mtval (hlv/hsv) or another
	 * hart changed the code: a SYSTEM instruction in memory is emulated, as
	 * if the hart had fetched it; anything else is re-executed, and the
	 * hardware reports it afresh. Unreadable: the fetch will fault.
	 */
	if (h->tval_is_insn) /* checked by monitor_fast_trap on this trap */
		bits = (uint32_t)h->tval;
	else if (!fetch_firmware_insn(h, h->pc, &bits))
		return retry(h);
	if (bits != (uint32_t)h->tval && !insn_is_system(bits))
		return retry(h);
	if (vcsr_fast(h, bits, h->regs_valid) == VCSR_FAST_DONE) {
		h->pc += 4; /* an M-mode CSR: never an FP instruction */
		return EMU_DONE;
	}
	if (h->fp_hidden && insn_is_fp(bits)) {
		/* protect-os: the FP unit, without the OS's registers (I15): again. */
		world_fp_take(h);
		return EMU_DONE;
	}
	/* The hot CSR cases were vcsr_fast's: the general decoder for the rest. */
	if (!decode_insn(bits, &in) || in.len != 4) {
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
		if (in.csr == CSR_MIP && in.rd != 0 && vclint_on)
			h->regs[in.rd] = vclint_virtual_mip(h, h->regs[in.rd]);
		h->pc += 4;
		apply_effects(h, fx);
		return EMU_DONE;
	case INSN_MRET: {
		if (policy_os_entry_checked(h) && h->regs_valid != ~0ULL)
			return EMU_NEED_REGS; /* the OS's registers come back whole */
		unsigned mode = vtrap_mret(h, &virt);
		if (mode != PRV_M) {
			enter_os(h, mode, virt);
		} else {
			world_install_pmp(h); /* MPRV may have changed: fw or fw_mprv */
			world_firmware_mie_update(h);
		}
		return EMU_DONE;
	}
	case INSN_SRET: {
		/* With H, sret from M or HS sets V = hstatus.SPV and clears SPV
		 * (Priv §9.2.1, QEMU 7.2 helper_sret). */
		uint64_t sepc = 0, hs = 0;
		if (policy_os_entry_checked(h) && h->regs_valid != ~0ULL)
			return EMU_NEED_REGS;
		(void)hw_csr_read(h, CSR_SEPC, &sepc);
		virt = hw.has_h && hw_csr_rmw(h, CSR_HSTATUS, CSR_OP_RC, HSTATUS_SPV, &hs) &&
		       (hs & HSTATUS_SPV);
		enter_os(h, vtrap_sret(h, sepc), virt);
		return EMU_DONE;
	}
	case INSN_HLSV:
		if (!hw.has_h) {
			inject_illegal(h, bits);
			return EMU_DONE;
		}
		return emulate_hlsv(h, &in);
	case INSN_WFI:
		emulate_wfi(h);
		h->pc += 4;
		world_firmware_mie_update(h);
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

/* What the instruction at pc says, checked against the trap (security.md, I1). */
enum access_check {
	ACCESS_AGREES,	    /* the access the hardware trapped: emulate it */
	ACCESS_CHANGED,	    /* another instruction than the one that trapped: re-execute */
	ACCESS_UNSUPPORTED, /* the trapped access, but of a kind cordon does not emulate */
};

#define OPC_AMO 0x2fU

/*
 * Decode the firmware's load or store at pc and check it against the facts
 * of the trap, which another hart cannot change: the same kind as the cause
 * (load or store access fault), the same address as mtval, and an FP form
 * only with the FP unit on (with FS=Off it raises illegal instruction
 * instead). The address comes from the registers saved at the trap.
 * Whatever cordon then performs is this access, never another one.
 */
static enum access_check trapped_access(struct hart *h, struct insn *in, uint64_t *addr)
{
	bool store = h->cause == CAUSE_STORE_ACCESS;
	uint32_t bits;

	if (!fetch_firmware_insn(h, h->pc, &bits))
		return ACCESS_CHANGED;
	if (!decode_insn(bits, in) || (in->kind != INSN_LOAD && in->kind != INSN_STORE)) {
		/* An AMO/LR/SC on the address that faulted: cordon emulates none. */
		if ((bits & 0x7fU) == OPC_AMO && h->regs[(bits >> 15) & 31U] == h->tval)
			return ACCESS_UNSUPPORTED;
		return ACCESS_CHANGED;
	}
	*addr = h->regs[in->rs1] + (uint64_t)in->imm;
	if (in->kind != (store ? INSN_STORE : INSN_LOAD) || *addr != h->tval)
		return ACCESS_CHANGED;
	if (in->is_fp && (hw_read_mstatus_shared() & MSTATUS_FS) == 0)
		return ACCESS_CHANGED;
	return ACCESS_AGREES;
}

/*
 * An access that trapped inside cordon's guard: the firmware gets the
 * hardware's own answer (cause, mtval, and with H mtval2, mtinst and
 * mstatus.GVA: Priv §9.4.1), as its M-mode would have.
 */
static void firmware_guard_fault(struct hart *h)
{
	firmware_exception(h, h->guard.cause, h->guard.tval);
	if (hw.has_h) {
		h->v.mtval2 = h->guard.tval2;
		h->v.mtinst = h->guard.tinst;
		h->v.mstatus |= h->guard.status & MSTATUS_GVA;
	}
}

/*
 * The firmware accessed a device cordon watches (denied by its PMP entry):
 *  - CLINT msip/mtimecmp: with offload, the firmware's virtual ones
 *    (policy/offload.c), with the device's own width rules;
 *  - otherwise the access is performed by cordon, guarded, with the same
 *    address and width: the hardware decides, and a fault it raises goes to
 *    the firmware. A store to the reset device prints the statistics first
 *    if asked (make image STATS=1).
 * Only the access the hardware trapped is performed (trapped_access), and
 * only if it lies wholly inside the watched device (else the hardware's
 * access fault: a partial match fails, Priv §3.7.1).
 */
COLD static enum emu emulate_mmio(struct hart *h, uint64_t dev_base, uint64_t dev_size)
{
	struct insn in;
	uint64_t addr = 0, val = 0;
	const uint64_t ms_m = csr_read(mstatus) & ~MSTATUS_MPRV;
	bool store;

	if (h->regs_valid != ~0ULL)
		return EMU_NEED_REGS;
	switch (trapped_access(h, &in, &addr)) {
	case ACCESS_CHANGED:
		return retry(h);
	case ACCESS_UNSUPPORTED:
		monitor_panic(h, "unsupported device access instruction");
	case ACCESS_AGREES:
	default:
		break;
	}
	if (!in_region(addr + in.width - 1U, dev_base, dev_size)) {
		firmware_exception(h, h->cause, h->tval);
		return EMU_DONE;
	}
	store = in.kind == INSN_STORE;
	if (store)
		val = store_data(h, &in);
	switch (vclint_on && dev_base == machine.clint_base
			? vclint_access(addr, in.width, store, &val)
			: CLINT_HARDWARE) {
	case CLINT_DONE:
		break;
	case CLINT_FAULT:
		firmware_exception(h, h->cause, h->tval);
		return EMU_DONE;
	case CLINT_HARDWARE:
	default:
		if (store && dev_base == machine.reset_base && (machine.flags & IMAGE_FLAG_STATS))
			monitor_print_stats();
		if (!(store ? hw_mem_store(h, addr, in.width, ms_m, val)
			    : hw_mem_load(h, addr, in.width, in.is_signed, ms_m, &val))) {
			firmware_guard_fault(h);
			return EMU_DONE;
		}
		break;
	}
	if (!store) {
		if (in.is_signed && in.width < 8) {
			unsigned sh = 64U - 8U * in.width;
			val = (uint64_t)((int64_t)(val << sh) >> sh);
		}
		load_result(h, &in, val);
	}
	h->pc += in.len;
	return EMU_DONE;
}

/*
 * A load or store of the firmware while its mstatus.MPRV=1 (every data
 * access traps: PMP view fw_mprv). Perform it with the privilege and
 * translation of the virtual MPP (Priv §3.1.6.3): physical MPRV=1, MPP,
 * MPV (two-stage translation with vsatp/hgatp, Priv §9.2.1), SUM, MXR and
 * the OS's satp; the PMP view of that privilege. The hardware checks that
 * access with the OS's or the firmware's rights, never cordon's; only the
 * access that trapped is performed (trapped_access). A fault is delivered
 * to the firmware as M-mode would take it.
 */
COLD static enum emu emulate_mprv(struct hart *h)
{
	struct insn in;
	uint64_t addr = 0, val = 0, ms = csr_read(mstatus);
	unsigned mpp = mpp_of(h->v.mstatus);
	bool ok;

	if (h->regs_valid != ~0ULL)
		return EMU_NEED_REGS;
	switch (trapped_access(h, &in, &addr)) {
	case ACCESS_CHANGED:
		return retry(h);
	case ACCESS_UNSUPPORTED:
		monitor_panic(h, "unsupported instruction with mstatus.MPRV=1");
	case ACCESS_AGREES:
	default:
		break;
	}
	if (in.kind == INSN_LOAD && !in.is_fp && mpp != PRV_M) {
		/* protect-os: the hart mask of the OS's legacy call, read at the call. */
		switch (policy_mprv_load(h, addr, in.width, mpp, (h->v.mstatus & MSTATUS_MPV) != 0,
					 &val)) {
		case 1:
			load_result(h, &in, val);
			h->pc += in.len;
			return EMU_DONE;
		case 2:
			firmware_guard_fault(h);
			return EMU_DONE;
		default:
			break;
		}
	}
	ms &= ~(MSTATUS_MPP | MSTATUS_MPV | MSTATUS_SUM | MSTATUS_MXR);
	ms |= MSTATUS_MPRV | (vcsr_mstatus(h) & (MSTATUS_SUM | MSTATUS_MXR));
	if (mpp == PRV_M) {
		ms |= (uint64_t)PRV_U << MSTATUS_MPP_SHIFT; /* the firmware itself */
		world_borrow(h, h->pmp.fw, false);
	} else {
		ms |= ((uint64_t)mpp << MSTATUS_MPP_SHIFT) | (h->v.mstatus & MSTATUS_MPV);
		world_borrow(h, h->pmp.fw_as_os, true);
	}
	if (in.kind == INSN_STORE) {
		ok = hw_mem_store(h, addr, in.width, ms, store_data(h, &in));
	} else {
		ok = hw_mem_load(h, addr, in.width, in.is_signed && !in.is_fp, ms, &val);
	}
	world_end_borrow(h, mpp != PRV_M);
	if (!ok) {
		firmware_guard_fault(h);
		return EMU_DONE;
	}
	if (in.kind == INSN_LOAD)
		load_result(h, &in, val);
	h->pc += in.len;
	return EMU_DONE;
}

/*
 * A hypervisor load or store of the firmware (Priv §9.3.4: M-mode may run
 * them). Its U-mode cannot (hstatus.HU is kept clear), and cordon must not
 * run it in M-mode: QEMU 7.2 performs an M-mode hlv as a plain M-mode
 * access, which cordon's unlocked PMP entries would not stop. So cordon
 * performs the access the spec defines with the hardware's checks: MPRV=1
 * with MPV=1 and MPP = hstatus.SPVP (VS or VU: two-stage translation with
 * vsatp and hgatp), MXR as the firmware's, and the PMP as the firmware
 * configured it for S/U (the OS view), which never grants cordon's memory.
 * hlvx (read with execute permission) is performed with MXR=1: an
 * execute-only page reads, as it should; a read-only one reads too, where
 * the spec faults (docs/security.md).
 */
COLD static enum emu emulate_hlsv(struct hart *h, const struct insn *in)
{
	bool store = in->hlsv >= HLSV_SB, hlvx = in->hlsv == HLSV_LXHU || in->hlsv == HLSV_LXWU;
	uint64_t val = 0, hs = 0, ms = csr_read(mstatus);
	bool ok;

	if (!regs_ready(h, in->rs1, store ? in->rs2 : in->rd))
		return EMU_NEED_REGS;
	(void)hw_csr_read(h, CSR_HSTATUS, &hs);
	ms &= ~(MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR);
	ms |= MSTATUS_MPRV | MSTATUS_MPV | (vcsr_mstatus(h) & MSTATUS_MXR) |
	      (hlvx ? MSTATUS_MXR : 0);
	ms |= (uint64_t)((hs & HSTATUS_SPVP) ? PRV_S : PRV_U) << MSTATUS_MPP_SHIFT;
	world_borrow(h, h->pmp.fw_as_os, false);
	if (store)
		ok = hw_mem_store(h, h->regs[in->rs1], in->width, ms, h->regs[in->rs2]);
	else
		ok = hw_mem_load(h, h->regs[in->rs1], in->width, in->is_signed, ms, &val);
	world_end_borrow(h, false);
	if (!ok) {
		firmware_guard_fault(h);
		return EMU_DONE;
	}
	if (!store && in->rd != 0)
		h->regs[in->rd] = val;
	h->pc += 4;
	return EMU_DONE;
}

static bool is_watched_device(uint64_t addr)
{
	uint64_t b, n;

	return in_region(addr, machine.clint_base, machine.clint_size) ||
	       in_region(addr, machine.reset_base, machine.reset_size) ||
	       policy_device(addr, &b, &n);
}

static enum emu firmware_trap(struct hart *h)
{
	uint64_t cause = h->cause, dev_base = 0, dev_size = 0;
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
		else if (in_region(h->tval, machine.clint_base, machine.clint_size))
			r = emulate_mmio(h, machine.clint_base, machine.clint_size);
		else if (in_region(h->tval, machine.reset_base, machine.reset_size))
			r = emulate_mmio(h, machine.reset_base, machine.reset_size);
		else if (policy_device(h->tval, &dev_base, &dev_size))
			r = emulate_mmio(h, dev_base, dev_size); /* one the firmware needs (I16) */
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

/*
 * protect-os (security.md, I12): an exception of the OS (V=0, its state
 * live) that the firmware would handle and must not see whole:
 *  - a misaligned load or store: cordon emulates it, as the OS (MPRV with
 *    the trap's MPP, the OS's satp, SUM/MXR and PMP), byte by byte as
 *    OpenSBI does; a fault on the way goes to the OS's S-mode as the
 *    hardware would deliver it (cause and address of the byte); an
 *    instruction cordon cannot emulate (an AMO) goes to S-mode as the
 *    misaligned trap, as the firmware would redirect it;
 *  - an illegal instruction that is no CSR instruction: to S-mode (the
 *    firmware could only redirect it).
 * The same from a VS guest of the OS (V=1: its accesses MPRV with MPV, the
 * guest's vsatp and hgatp), delivered to the OS's HS-mode or to the guest
 * as the OS's hedeleg says (hw_redirect_to_os), as OpenSBI's redirect does.
 * True: done, the OS resumes at h->pc. False: a CSR instruction (in
 * *csr_insn, *csr_bits), for the firmware to emulate as the policy lets it
 * (protect-os: it sees only rs1; only rd comes back: protect.c).
 */
COLD bool monitor_os_exception(struct hart *h, uint64_t cause, struct insn *csr_insn,
			       uint32_t *csr_bits)
{
	uint64_t ms = csr_read(mstatus), val = 0, data = 0, b = 0;
	bool load = cause == CAUSE_MISALIGNED_LOAD, gva = (ms & MSTATUS_GVA) != 0;
	struct insn in;
	uint32_t bits;

	ms |= MSTATUS_MPRV;
	if (!hw_fetch_os_insn(h, h->pc, &bits))
		return true; /* gone since the trap: the OS runs it again (and faults) */
	if (cause == CAUSE_ILLEGAL_INSN) {
		if (decode_insn(bits, &in) && in.kind == INSN_CSR) {
			*csr_insn = in;
			*csr_bits = bits;
			return false;
		}
		h->pc = hw_redirect_to_os(h->pc, cause, bits, 0, false);
		return true;
	}
	if (!decode_insn(bits, &in) || in.kind != (load ? INSN_LOAD : INSN_STORE) ||
	    h->regs[in.rs1] + (uint64_t)in.imm != h->tval) {
		h->pc = hw_redirect_to_os(h->pc, cause, h->tval, 0, gva);
		return true;
	}
	if (!load)
		data = store_data(h, &in);
	for (unsigned i = 0; i < in.width; i++) {
		if (!(load ? hw_mem_load(h, h->tval + i, 1, false, ms, &b)
			   : hw_mem_store(h, h->tval + i, 1, ms, data >> (8U * i)))) {
			h->pc = hw_redirect_to_os(h->pc, h->guard.cause, h->guard.tval,
						  h->guard.tval2,
						  (h->guard.status & MSTATUS_GVA) != 0);
			return true;
		}
		val |= (b & 0xffU) << (8U * i);
	}
	if (load) {
		if (in.is_signed && in.width > 0 && in.width < 8) {
			unsigned sh = 64U - 8U * in.width;
			val = (uint64_t)((int64_t)(val << sh) >> sh);
		}
		load_result(h, &in, val);
	}
	h->pc += in.len;
	return true;
}

/* A trap of the OS that natively goes to M-mode: forward it to the firmware. */
COLD static void os_trap(struct hart *h)
{
	uint64_t cause = h->cause;

	if (cause & MCAUSE_INTERRUPT)
		h->stat_irq[WORLD_OS][cause & 15U]++;
	else if (cause < CAUSE_COUNT_STAT)
		h->stat_exc[WORLD_OS][cause]++;
	/* What a policy answers or emulates itself never reaches the firmware. */
	if (policy_os_trap(h, cause))
		return;
	world_enter_firmware(h);
	vtrap_inject(h, cause, h->tval, h->os_mode, h->os_virt);
	world_set_mie(h, vtrap_firmware_mie(h));
}

/* mret of the firmware on the hot path (h->pc is not loaded: use mepc). */
COLD static long fast_mret(struct hart *h)
{
	bool virt;
	unsigned mode = vtrap_mret(h, &virt);

	h->stat_exc[WORLD_FIRMWARE][CAUSE_ILLEGAL_INSN]++;
	if (mode != PRV_M) {
		if (policy_os_entry_checked(h)) {
			/* protect-os: the OS's registers, all of them, from struct hart. */
			enter_os(h, mode, virt);
			return MONITOR_DONE_ALL;
		}
		enter_os(h, mode, virt);
	} else {
		world_install_pmp(h); /* MPRV may have changed: fw or fw_mprv */
		world_firmware_mie_update(h);
	}
	csr_write(mepc, h->pc);
	return MONITOR_DONE;
}

/* A trap of the OS on the hot path: to the firmware, which needs no register. */
COLD static long fast_os_trap(struct hart *h, uint64_t cause)
{
	switch (policy_os_trap_early(h, cause)) {
	case POLICY_DONE:
		return MONITOR_DONE;
	case POLICY_NEED_REGS:
		return MONITOR_NEED_ALL_REGS; /* e.g. protect-os keeps the OS's whole */
	case POLICY_PASS:
	default:
		break;
	}
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
		if (policy_os_trap_fast(h, cause))
			return MONITOR_DONE;
		return fast_os_trap(h, cause);
	}
	if (cause != CAUSE_ILLEGAL_INSN)
		return MONITOR_GENERAL;
	bits = (uint32_t)csr_read(mtval);
	h->tval_is_insn = mtval_is_insn_at(csr_read(mepc), bits);
	if (!h->tval_is_insn)
		return MONITOR_GENERAL;
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
	/* Seen by a hand-over on another hart before this hart looks (protect.c). */
	__atomic_store_n(&h->started, 1U, __ATOMIC_SEQ_CST);
	vpmp_compose(&pmp_layout, &h->v.pmp, machine.reset_size != 0, policy_fw_denies_os(h),
		     policy_fw_limit(), &h->pmp);
	csr_write(mscratch, h);
	world_start_firmware(h);
	if (policy_firmware_start(h))
		world_firmware_mie_update(h);
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
	uint32_t bits;

	log_printf("[cordon] PANIC on hart %lu: %s\n", h->hartid, what);
	log_printf("[cordon]   world %s, pc %016lx, cause %016lx, tval %016lx\n",
		   h->world == WORLD_FIRMWARE ? "firmware (virtual M-mode)" : "OS", h->pc, h->cause,
		   h->tval);
	if (h->world == WORLD_FIRMWARE && fetch_firmware_insn(h, h->pc, &bits))
		log_printf("[cordon]   instruction %08x\n", bits);
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

void monitor_print_stats(void)
{
	for (unsigned i = 0; i < machine.nharts && i < MAX_HARTS; i++) {
		const struct hart *h = &harts[i];
		log_printf("[cordon] hart %u: %lu world switches\n", i, h->stat_world_switches);
		if (h->stat_retried)
			log_printf("[cordon]   re-executed (instruction changed) %lu\n",
				   h->stat_retried);
		for (unsigned w = 0; w < 2; w++) {
			for (unsigned c = 0; c < CAUSE_COUNT_STAT; c++)
				if (h->stat_exc[w][c])
					log_printf("[cordon]   %s exception %-16s %u\n",
						   w ? "OS" : "firmware", cause_names[c],
						   h->stat_exc[w][c]);
			for (unsigned c = 0; c < 16; c++)
				if (h->stat_irq[w][c])
					log_printf("[cordon]   %s interrupt %-2u %u\n",
						   w ? "OS" : "firmware", c, h->stat_irq[w][c]);
		}
		policy_print_stats(h);
	}
}
