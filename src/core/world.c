// SPDX-License-Identifier: BSD-2-Clause
/*
 * The world switch: the only C code that copies state between the hardware
 * and struct hart (docs/architecture.md, "Worlds and the world switch"). It
 * goes through cordon/world_hw.h, so the host build unit-tests it with the
 * fake hart (tests/unit/test_world.c).
 *
 * While the firmware runs (U-mode, virtual M-mode): physical medeleg and
 * mideleg are 0, satp is Bare, mstatus is cordon's but for FP/vector state,
 * hstatus.HU is clear, the PMP holds a firmware view, and mie enables
 * exactly the interrupts virtual M-mode takes now. While the OS runs
 * (S/U-mode, native): all of those are what the firmware configured.
 */
#include "world.h"

#include "../policy/policy.h"
#include "cordon/arch.h"
#include "cordon/riscv.h"
#include "cordon/world_hw.h"
#include "vtrap.h"

void world_set_mie(struct hart *h, uint64_t mie)
{
	if (h->mie_phys != mie) {
		world_hw_set_mie(mie);
		h->mie_phys = mie;
	}
}

/*
 * While the firmware runs, the physical mie enables exactly the virtual
 * interrupts virtual M-mode would take (vtrap_firmware_mie, never one the
 * hardware delegates by itself: security.md, I3), and the virtual mip is
 * the physical one: so the hardware itself traps as soon as one is
 * deliverable, before the next instruction as natively, and a masked
 * pending one never traps (no livelock).
 */
void world_firmware_mie_update(struct hart *h)
{
	world_set_mie(h, vtrap_firmware_mie(h) | policy_firmware_mie(h));
	policy_firmware_mie_changed(h);
}

/* An exception into the firmware: it clears the virtual mstatus.MIE (Priv §3.1.6.1). */
void world_firmware_exception(struct hart *h, uint64_t cause, uint64_t tval)
{
	vtrap_inject(h, cause, tval, PRV_M, 0, 0, 0);
	world_firmware_mie_update(h);
}

/*
 * The fault of an access cordon performed for the firmware, as its M-mode
 * takes it: the guard's cause and mtval, and with H its GVA, mtval2 and
 * mtinst (Priv §9.4.1; MPV is 0: the access was M-mode's).
 */
void world_firmware_fault(struct hart *h, const struct guard *g)
{
	vtrap_inject(h, g->cause, g->tval, PRV_M, g->status & MSTATUS_GVA, g->tval2, g->tinst);
	world_firmware_mie_update(h);
}

const uint64_t *world_firmware_pmp_view(const struct hart *h)
{
	return (h->v.mstatus & MSTATUS_MPRV) ? h->pmp.fw_mprv : h->pmp.fw;
}

void world_install_pmp(const struct hart *h)
{
	world_hw_set_pmpcfg(h->world == WORLD_OS ? h->pmp.os : world_firmware_pmp_view(h));
}

/*
 * The physical mstatus while the firmware runs, from the current one
 * (security.md, I4): only the FP and vector status are shared; every field
 * that shapes how U-mode executes is cordon's (UXL = 64 bits, UBE =
 * little-endian, MPRV = 0; SUM/MXR/TVM/TSR act on S-mode only and are
 * cleared), TW = 1 so that every wfi traps (Priv §3.1.6.5: U-mode wfi need
 * not trap otherwise), MIE = 0 (cordon runs with interrupts off; U-mode
 * takes M interrupts whatever MIE says). The OS's values are in the vCPU
 * (MSTATUS_OS_LIVE) until it runs again.
 */
static uint64_t firmware_mstatus(uint64_t ms)
{
	return (ms & MSTATUS_SHARED) | MSTATUS_UXL_64 | MSTATUS_TW;
}

/*
 * hstatus.HU lets U-mode run hypervisor loads and stores (Priv §9.2.1): the
 * firmware's U-mode must not, so HU is virtual while the firmware runs
 * (its hlv/hsv trap and are emulated, core/access.c access_hlsv).
 */
static void hstatus_hu_to_virtual(struct hart *h)
{
	if (hw.has_h)
		h->v.hstatus_hu = world_hw_take_hu();
}

static void hstatus_hu_to_physical(const struct hart *h)
{
	if (hw.has_h && h->v.hstatus_hu)
		world_hw_give_hu();
}

/*
 * protect-os (security.md I15): the OS's FP registers are not the
 * firmware's. From hide_os on, the firmware runs with FS Off while the
 * registers still hold the OS's (fp_hidden); its first FP instruction, or a
 * write of FS, traps to cordon, which keeps the OS's registers and fcsr
 * (world_fp_take) and gives the firmware zeroed ones; entering the OS puts
 * the OS's back, with its FS. A firmware that never uses FP costs nothing.
 */
void world_fp_take(struct hart *h)
{
	uint64_t ms = world_hw_mstatus();

	world_hw_set_mstatus(ms | MSTATUS_FS); /* FP instructions in M-mode */
	world_hw_fp_save(h->os_fp);
	world_hw_fp_zero();
	h->fp_saved = 1;
	h->fp_hidden = 0;
	world_hw_set_mstatus((ms & ~MSTATUS_FS) | MSTATUS_FS_INITIAL);
}

/*
 * A hart without S-mode (FU540's E51, hw_has_s) has no satp, and its
 * medeleg and mideleg stay 0 for cordon (Priv §3.1.8: they should not
 * exist; QEMU 7.2 keeps them): the OS's world there is U-mode code,
 * trapping to M.
 */

void world_enter_firmware(struct hart *h)
{
	uint64_t ms = world_hw_mstatus(), fw_ms = firmware_mstatus(ms);

	h->os_mode = mstatus_mpp(ms) == PRV_S ? PRV_S : PRV_U;
	h->v.mstatus = (h->v.mstatus & ~MSTATUS_OS_LIVE) | (ms & MSTATUS_OS_LIVE);
	/* The OS writes the delegated bits of mie through sie without trapping. */
	h->mie_phys = world_hw_mie();
	h->v.mie = (h->v.mie & ~h->v.os_ideleg) | (h->mie_phys & h->v.os_ideleg);
	if (__builtin_expect(hw_has_s(), 1)) {
		h->v.satp = world_hw_swap_satp(0);
		world_hw_set_deleg(0, 0);
	}
	world_hw_set_pmpcfg(world_firmware_pmp_view(h));
	hstatus_hu_to_virtual(h);
	if (h->fp_hide) {
		h->os_fs = ms & MSTATUS_FS;
		h->fp_hidden = 1;
		fw_ms &= ~MSTATUS_FS;
	}
	world_hw_set_mstatus(fw_ms);
	h->world = WORLD_FIRMWARE;
	h->stat_world_switches++;
}

void world_enter_os(struct hart *h, unsigned mode, bool virt)
{
	uint64_t ms = world_hw_mstatus();
	const uint64_t from_v = MSTATUS_OS_LIVE | MSTATUS_OS_CONTROL;

	/* §3.1.6.3: leaving M clears MPRV (done on the virtual one by vtrap). */
	ms &= ~(from_v | MSTATUS_MPP | MSTATUS_MPV | MSTATUS_MPRV);
	ms |= (h->v.mstatus & from_v) | ((uint64_t)mode << MSTATUS_MPP_SHIFT);
	if (virt)
		ms |= MSTATUS_MPV;
	if (__builtin_expect(h->fp_hide, 0)) {
		if (h->fp_saved) {
			world_hw_set_mstatus(ms | MSTATUS_FS);
			world_hw_fp_load(h->os_fp);
			h->fp_saved = 0;
		}
		ms = (ms & ~MSTATUS_FS) | h->os_fs;
		h->fp_hidden = 0;
	}
	world_hw_set_mstatus(ms);
	uint64_t mideleg = h->v.mideleg | h->v.force_ideleg;
	if (__builtin_expect(!hw_has_s(), 0)) {
		mideleg = 0;
	} else {
		(void)world_hw_swap_satp(h->v.satp);
		world_hw_set_deleg(h->v.medeleg | h->v.force_edeleg, mideleg);
	}
	h->v.os_ideleg = mideleg;
	world_hw_set_pmpcfg(h->pmp.os);
	hstatus_hu_to_physical(h);
	policy_enter_os(h);
	world_set_mie(h, policy_os_mie(h));
	h->world = WORLD_OS;
	h->stat_world_switches++;
}

void world_start_firmware(struct hart *h)
{
	if (hw_has_s()) {
		world_hw_set_deleg(0, 0);
		(void)world_hw_swap_satp(0);
	}
	h->mie_phys = ~0ULL;
	world_set_mie(h, 0);
	world_hw_set_pmpcfg(world_firmware_pmp_view(h));
	hstatus_hu_to_virtual(h);
	world_hw_set_mstatus(firmware_mstatus(world_hw_mstatus()));
	h->world = WORLD_FIRMWARE;
	policy_firmware_mie_changed(h);
}

/*
 * The hardware's triggers for a world (vtrig.h): the firmware's M triggers
 * as U while it runs, the OS's S/U/VS/VU ones while the OS runs; never M
 * (security.md, I17: vtrig_phys, and world_hw_set_trigger strips it).
 */
void world_install_triggers(const struct hart *h, bool os)
{
	for (unsigned i = 0; i < hw.trig_count; i++)
		world_hw_set_trigger(i, vtrig_phys(h->trig.tdata1[i], os), h->trig.tdata2[i]);
}

void world_borrow(struct hart *h, const uint64_t view[2], bool os_satp)
{
	world_hw_set_pmpcfg(view);
	if (os_satp &&
	    hw_has_s()) /* the satp virtual M-mode sees: the firmware's own under protect-os */
		(void)world_hw_swap_satp(h->v.hide_os ? h->v.fw_satp : h->v.satp);
}

void world_end_borrow(struct hart *h, bool os_satp)
{
	if (os_satp && hw_has_s())
		(void)world_hw_swap_satp(0);
	world_hw_set_pmpcfg(world_firmware_pmp_view(h));
}
