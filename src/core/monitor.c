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
#include "access.h"
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

/* Paths off the hot one (CSR emulation): kept out of line, so that the hot
 * path needs few registers and saves little. */
#define COLD __attribute__((noinline, cold))

struct machine machine;
/* Only in the relocated copy: see link.ld (stage 2 zeroes it). */
struct hart harts[MAX_HARTS] __attribute__((section(".stage2_bss")));

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
		vtrap_inject(h, MCAUSE_INTERRUPT | (uint64_t)irq, 0, PRV_M, 0, 0, 0);
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
	if (__builtin_expect(h->trig_active, 0))
		world_install_triggers(h, true);
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

/*
 * The hot path's check that mtval holds the instruction that trapped
 * (security.md, I5: QEMU 7.2 leaves a stale mtval for hlv/hsv). pc is
 * firmware memory the hardware just fetched from, outside every protected
 * region: plain loads there cannot fault. pc+2 lies in the same
 * PROTECT_ALIGN block unless it starts one (then the general path reads it
 * with the checks of access_fetch_insn).
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
	if (fx & VCSR_FX_TRIG)
		world_install_triggers(h, false);
}

static void inject_illegal(struct hart *h, uint64_t insn)
{
	world_firmware_exception(h, CAUSE_ILLEGAL_INSN, insn);
}

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
	else if (!access_fetch_insn(h, h->pc, &bits))
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
		return access_hlsv(h, &in) ? EMU_DONE : EMU_NEED_REGS;
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
		world_firmware_exception(h, CAUSE_ECALL_M, 0);
		break;
	case CAUSE_LOAD_ACCESS:
	case CAUSE_STORE_ACCESS:
		/* Devices, MPRV: performed on the firmware's behalf (core/access.c). */
		r = access_fault(h) ? EMU_DONE : EMU_NEED_REGS;
		break;
	default:
		/* Same cause and mtval as M-mode would see (fetch faults, breakpoints...). */
		world_firmware_exception(h, cause, h->tval);
		break;
	}
	if (r == EMU_DONE && cause < CAUSE_COUNT_STAT)
		h->stat_exc[WORLD_FIRMWARE][cause]++;
	return r;
}

/* The fetch fault for the fault of a read of the instruction (Priv §3.1.15). */
static uint64_t fetch_fault(uint64_t load_cause)
{
	switch (load_cause) {
	case CAUSE_LOAD_PAGE_FAULT:
		return CAUSE_FETCH_PAGE_FAULT;
	case CAUSE_LOAD_GUEST_PAGE_FAULT:
		return CAUSE_FETCH_GUEST_PAGE_FAULT;
	default:
		return CAUSE_FETCH_ACCESS;
	}
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
	if (!hw_fetch_os_insn(h, h->pc, &bits)) {
		/*
		 * The OS runs code it may not read (the firmware's PMP entry with
		 * X alone), or its mapping went since the trap. Running it again
		 * would trap again, for ever. An illegal instruction goes to the
		 * OS as the hardware raised it (mtval as written: no CSR is
		 * emulated from bits cordon cannot check, I5); a misaligned access
		 * (it cannot be emulated unread) as the read's fault, a fetch
		 * fault at the instruction, as OpenSBI delivers a failed
		 * instruction read (sbi_get_insn: tval = the pc).
		 */
		if (cause == CAUSE_ILLEGAL_INSN)
			h->pc = hw_redirect_to_os(h->pc, cause, h->tval, 0, false);
		else
			h->pc = hw_redirect_to_os(h->pc, fetch_fault(h->guard.cause), h->pc,
						  h->guard.tval2,
						  (h->guard.status & MSTATUS_GVA) != 0);
		return true;
	}
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
		data = access_store_data(h, &in);
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
		access_load_result(h, &in, val);
	}
	h->pc += in.len;
	return true;
}

/*
 * What the hardware wrote with the OS's trap besides mcause and mtval, for
 * the firmware's virtual trap: with H, mstatus.MPV and GVA (Priv §9.4.1;
 * returned, for vtrap_inject) and, for a trap from V=1, with GVA, or of
 * causes 20-23 (a guest-page fault of an hlv/hsv of the OS's HS-mode, for
 * which QEMU 7.2 does not set GVA), mtval2 and mtinst (§9.4.4, §9.4.5),
 * put in the virtual ones at once. Any other trap is no guest-page fault
 * (its mtval2 is 0) and gets mtinst 0 (always legal): those, the SBI calls
 * among them, read no CSR but mstatus. Without H both bits read 0.
 *
 * Read from CSRs only the hardware and cordon write, before anything on
 * the way to the firmware can trap into M-mode (a guarded access
 * overwrites mtval2 and mtinst, and restores mstatus): the policies'
 * accesses to the OS's memory (protect-os) come after; the one before,
 * offload's fetch of a misaligned AMO (policy_os_trap_early), is made only
 * for a trap from V=0 without GVA, which reads neither. The virtual mtval2
 * and mtinst may be written before it is known whether the trap reaches
 * the firmware: the firmware runs again on this hart only through a trap
 * into it (vtrap_inject), which writes both, so it never sees them.
 */
static inline uint64_t os_trap_entry(struct hart *h, uint64_t cause)
{
	uint64_t hv = csr_read(mstatus) & (MSTATUS_MPV | MSTATUS_GVA);

	h->v.mtval2 = 0;
	h->v.mtinst = 0;
	if (__builtin_expect(hv != 0 || cause - CAUSE_FETCH_GUEST_PAGE_FAULT <= 3U, 0)) {
		h->v.mtval2 = csr_read(CSR_MTVAL2);
		h->v.mtinst = csr_read(CSR_MTINST);
	}
	return hv;
}

/* A trap of the OS that natively goes to M-mode: forward it to the firmware. */
COLD static void os_trap(struct hart *h)
{
	uint64_t cause = h->cause;
	uint64_t hv = os_trap_entry(h, cause);

	if (cause & MCAUSE_INTERRUPT)
		h->stat_irq[WORLD_OS][cause & 15U]++;
	else if (cause < CAUSE_COUNT_STAT)
		h->stat_exc[WORLD_OS][cause]++;
	/* What a policy answers or emulates itself never reaches the firmware. */
	if (policy_os_trap(h, cause))
		return;
	world_enter_firmware(h);
	if (__builtin_expect(h->trig_active, 0))
		world_install_triggers(h, false);
	vtrap_inject(h, cause, h->tval, h->os_mode, hv, h->v.mtval2, h->v.mtinst);
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
	if (h->world == WORLD_FIRMWARE && access_fetch_insn(h, h->pc, &bits))
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

/*
 * How deep hart i's stack has been: its words are zero until first used
 * (the relocated copy's RAM; garbage there would only make this larger).
 */
static unsigned stack_high_water(unsigned i)
{
	extern char hart_stacks[];
	const uint64_t *s =
		(const uint64_t *)(uintptr_t)(hart_stacks + (uint64_t)i * HART_STACK_SIZE);
	unsigned w = 0;

	while (w < HART_STACK_SIZE / 8 && s[w] == 0)
		w++;
	return HART_STACK_SIZE - 8U * w;
}

void monitor_print_stats(void)
{
	log_printf("[cordon] stage-1 stacks: %u of %u bytes used (the deepest hart)\n",
		   boot_stack_high_water(), BOOT_STACK_SIZE);
	for (unsigned i = 0; i < machine.nharts && i < MAX_HARTS; i++) {
		const struct hart *h = &harts[i];
		log_printf("[cordon] hart %u: %lu world switches, stack %u of %u bytes used\n", i,
			   h->stat_world_switches, stack_high_water(i), HART_STACK_SIZE);
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
