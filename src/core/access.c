// SPDX-License-Identifier: BSD-2-Clause
/*
 * The firmware's memory accesses that cordon performs on its behalf
 * (access.h). Each one is decided from the facts of the trap, which another
 * hart cannot change (cause, mtval, the registers saved at the trap), and
 * from the instruction as memory holds it when cordon reads it, which
 * another hart can: cordon performs the trapped access only when the
 * instruction it read is that access (security.md, I1), with the hardware's
 * checks (MPRV, the privilege and translation of the access, a PMP view
 * that never grants cordon's memory), and never reads where the firmware
 * may not (I2). Host-built (CORDON_HOST: the fake hart of tests/unit) and
 * fuzzed by tests/fuzz/fuzz_access.c.
 */
#include "access.h"

#include "../policy/policy.h"
#include "cordon/arch.h"
#include "cordon/image.h"
#include "cordon/riscv.h"
#include "cordon/world_hw.h"
#include "monitor.h"
#include "vclint.h"
#include "vcsr.h"
#include "world.h"

extern char _cordon_start[];

#define COLD __attribute__((noinline, cold))

/* Re-execute the instruction at pc: it is no longer the one that trapped. */
static bool retry(struct hart *h)
{
	h->stat_retried++;
	return true;
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
bool access_fetch_insn(struct hart *h, uint64_t pc, uint32_t *bits)
{
	uint64_t ms = world_hw_mstatus() & ~MSTATUS_MPRV, hi = 0;
	uint32_t lo;

	if (!firmware_may_read(pc))
		return false;
	lo = hw_fetch16(pc); /* the hardware fetched it for the firmware: it exists */
	if (insn_length(lo) == 4) {
		if (((pc + 2) & (PROTECT_ALIGN - 1U)) != 0)
			hi = hw_fetch16(pc + 2); /* the same block as pc (I2) */
		else if (!firmware_may_read(pc + 2) || !hw_mem_load(h, pc + 2, 2, false, ms, &hi))
			return false;
	}
	*bits = lo | (uint32_t)(hi << 16);
	return true;
}

/* Value of integer or FP register r as the store data of an emulated access. */
uint64_t access_store_data(const struct hart *h, const struct insn *in)
{
	if (in->is_fp)
		return fp_reg_read(in->rs2);
	return h->regs[in->rs2];
}

void access_load_result(struct hart *h, const struct insn *in, uint64_t val)
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

	if (!access_fetch_insn(h, h->pc, &bits))
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
	world_firmware_fault(h, &h->guard);
}

/*
 * The common start of an emulated access: every register saved (-1: not
 * yet, nothing changed), then the instruction at pc checked against the
 * trap (0: another one, re-executed; an AMO on the faulting address stops
 * the machine with `unsupported`); 1: *in and *addr are the trapped access.
 */
static int decide_access(struct hart *h, struct insn *in, uint64_t *addr, const char *unsupported)
{
	if (h->regs_valid != ~0ULL)
		return -1;
	switch (trapped_access(h, in, addr)) {
	case ACCESS_CHANGED:
		(void)retry(h);
		return 0;
	case ACCESS_UNSUPPORTED:
		monitor_panic(h, unsupported);
	case ACCESS_AGREES:
	default:
		return 1;
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
COLD static bool access_mmio(struct hart *h, uint64_t dev_base, uint64_t dev_size)
{
	struct insn in;
	uint64_t addr = 0, val = 0;
	const uint64_t ms_m = world_hw_mstatus() & ~MSTATUS_MPRV;
	bool store;
	int go;

	go = decide_access(h, &in, &addr, "unsupported device access instruction");
	if (go <= 0)
		return go == 0;
	if (!in_region(addr + in.width - 1U, dev_base, dev_size)) {
		world_firmware_exception(h, h->cause, h->tval);
		return true;
	}
	store = in.kind == INSN_STORE;
	if (store)
		val = access_store_data(h, &in);
	switch (vclint_on && dev_base == machine.clint_base
			? vclint_access(addr, in.width, store, &val)
			: CLINT_HARDWARE) {
	case CLINT_DONE:
		break;
	case CLINT_FAULT:
		world_firmware_exception(h, h->cause, h->tval);
		return true;
	case CLINT_HARDWARE:
	default:
		if (store && dev_base == machine.reset_base && (machine.flags & IMAGE_FLAG_STATS))
			monitor_print_stats();
		if (!(store ? hw_mem_store(h, addr, in.width, ms_m, val)
			    : hw_mem_load(h, addr, in.width, in.is_signed, ms_m, &val))) {
			firmware_guard_fault(h);
			return true;
		}
		break;
	}
	if (!store) {
		if (in.is_signed && in.width < 8) {
			unsigned sh = 64U - 8U * in.width;
			val = (uint64_t)((int64_t)(val << sh) >> sh);
		}
		access_load_result(h, &in, val);
	}
	h->pc += in.len;
	return true;
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
COLD static bool access_mprv(struct hart *h)
{
	struct insn in;
	uint64_t addr = 0, val = 0, ms = world_hw_mstatus();
	unsigned mpp = mstatus_mpp(h->v.mstatus);
	bool ok;
	int go;

	go = decide_access(h, &in, &addr, "unsupported instruction with mstatus.MPRV=1");
	if (go <= 0)
		return go == 0;
	if (in.kind == INSN_LOAD && !in.is_fp && mpp != PRV_M) {
		/* protect-os: the hart mask of the OS's legacy call, read at the call. */
		switch (policy_mprv_load(h, addr, in.width, mpp, (h->v.mstatus & MSTATUS_MPV) != 0,
					 &val)) {
		case 1:
			access_load_result(h, &in, val);
			h->pc += in.len;
			return true;
		case 2:
			firmware_guard_fault(h);
			return true;
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
		ok = hw_mem_store(h, addr, in.width, ms, access_store_data(h, &in));
	} else {
		ok = hw_mem_load(h, addr, in.width, in.is_signed && !in.is_fp, ms, &val);
	}
	world_end_borrow(h, mpp != PRV_M);
	if (!ok) {
		firmware_guard_fault(h);
		return true;
	}
	if (in.kind == INSN_LOAD)
		access_load_result(h, &in, val);
	h->pc += in.len;
	return true;
}

static bool is_watched_device(uint64_t addr)
{
	uint64_t b, n;

	return in_region(addr, machine.clint_base, machine.clint_size) ||
	       in_region(addr, machine.reset_base, machine.reset_size) ||
	       policy_device(addr, &b, &n);
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
bool access_hlsv(struct hart *h, const struct insn *in)
{
	bool store = in->hlsv >= HLSV_SB, hlvx = in->hlsv == HLSV_LXHU || in->hlsv == HLSV_LXWU;
	uint64_t val = 0, hs = 0, ms = world_hw_mstatus();
	bool ok;

	if (!regs_ready(h, in->rs1, store ? in->rs2 : in->rd))
		return false;
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
		return true;
	}
	if (!store && in->rd != 0)
		h->regs[in->rd] = val;
	h->pc += 4;
	return true;
}

bool access_fault(struct hart *h)
{
	uint64_t dev_base = 0, dev_size = 0;

	/* With MPRV=1 and MPP=M the access is the firmware's own (§3.1.6.3),
	 * so a watched device is emulated as without MPRV. */
	if ((h->v.mstatus & MSTATUS_MPRV) &&
	    (mstatus_mpp(h->v.mstatus) != PRV_M || !is_watched_device(h->tval)))
		return access_mprv(h);
	if (in_region(h->tval, machine.clint_base, machine.clint_size))
		return access_mmio(h, machine.clint_base, machine.clint_size);
	if (in_region(h->tval, machine.reset_base, machine.reset_size))
		return access_mmio(h, machine.reset_base, machine.reset_size);
	if (policy_device(h->tval, &dev_base, &dev_size))
		return access_mmio(h, dev_base, dev_size); /* one the firmware needs (I16) */
	world_firmware_exception(h, h->cause, h->tval);
	return true;
}
