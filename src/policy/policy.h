// SPDX-License-Identifier: BSD-2-Clause
/*
 * The policy interface: the hooks the core calls at its decision points
 * around the world switch, and nothing else of a policy is the core's to
 * touch (each policy's per-hart state: policy/state.h). Statically
 * dispatched over the policies compiled in and enabled at boot by the image
 * flags (offload, protect-os): the hooks on the trap paths are inline here
 * (offload's set_timer stays in the leaf trap dispatcher, offload_fast),
 * the others in policy.c.
 *
 * Decision points (core/monitor.c unless said):
 *  - boot (core/boot.c): policy_init;
 *  - an OS trap: policy_os_trap_fast (leaf, TRAP_FAST_REGS saved),
 *    policy_os_trap_early (fast_os_trap), policy_os_trap (every register
 *    saved, before the world switch to the firmware);
 *  - the first hand-over to the OS: policy_handover, policy_handover_wait;
 *  - an entry into the OS: policy_os_entry_checked, policy_os_enter;
 *    policy_enter_os, policy_os_mie (the OS's interrupts);
 *  - the firmware's start and interrupts: policy_firmware_start,
 *    policy_firmware_mie, policy_firmware_mie_changed, policy_service,
 *    policy_ipi_pending (the virtual CLINT, core/vclint.c);
 *  - memory on the firmware's behalf: policy_fw_denies_os and
 *    policy_fw_limit (its PMP views, core/vpmp.c), policy_firmware_may_read,
 *    policy_mprv_load, policy_device;
 *  - PMP entries a policy needs: pmp_layout_compute (core/vpmp.c), from
 *    the image flags, before any policy runs.
 */
#ifndef CORDON_POLICY_H
#define CORDON_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/hart.h"
#include "offload.h"
#include "protect.h"

struct image_header;
struct platform_info;

/* Boot: the policies the image's flags enable. NULL, or why the machine cannot run them. */
const char *policy_init(const struct image_header *img, const struct platform_info *plat,
			uint64_t cordon_base);

/* ---- the OS's traps ---- */

/* Leaf path (TRAP_FAST_REGS saved): a policy answered it (offload's set_timer, timer). */
static inline __attribute__((always_inline)) bool policy_os_trap_fast(struct hart *h,
								      uint64_t cause)
{
	return offload_on && offload_fast(h, cause);
}

enum policy_verdict { POLICY_PASS, POLICY_DONE, POLICY_NEED_REGS };
/* A trap the leaf path left: answered (DONE), or a policy needs every register first. */
static inline enum policy_verdict policy_os_trap_early(struct hart *h, uint64_t cause)
{
	if (offload_on && offload_os_trap(h, cause))
		return POLICY_DONE;
	return protect_scrubs(h, cause) ? POLICY_NEED_REGS : POLICY_PASS;
}

/*
 * Every register saved, before the world switch to the firmware: true if
 * a policy answered the trap itself (the OS resumes at h->pc); false: on
 * to the firmware, with what the policies left it to see.
 */
static inline bool policy_os_trap(struct hart *h, uint64_t cause)
{
	return protect_scrubs(h, cause) && protect_os_trap_hook(h, cause);
}

/* ---- the hand-over and the entries into the OS ---- */

/* The first hand-over, on the hart that makes it, before the OS runs anywhere. */
void policy_handover(struct hart *h);
/* Another hart that hands over meanwhile: one round of waiting (not spinning). */
void policy_handover_wait(struct hart *h);

/* Whether a policy checks the firmware's entry into the OS on h (it then sets every register). */
static inline bool policy_os_entry_checked(const struct hart *h)
{
	return protect_entry_checked(h);
}
/* The firmware enters the OS on h at h->pc (mode, virt): a policy may refuse or rewrite it. */
static inline void policy_os_enter(struct hart *h, unsigned *mode, bool *virt)
{
	protect_os_enter(h, mode, virt);
}

/* The OS is about to run again on h: serve what other harts asked of it. */
void policy_enter_os(struct hart *h);
/* The physical mie while the OS runs: the firmware's, plus the policies' own. */
uint64_t policy_os_mie(const struct hart *h);

/* ---- the firmware ---- */

/* The firmware starts on h: true if the policies changed its interrupt enables. */
bool policy_firmware_start(struct hart *h);
/* cordon's own interrupt (virtual CLINT) on h: serve what the policies asked. */
void policy_service(struct hart *h);
/* A policy asked something of hart t (its msip stays raised: vclint.c). */
bool policy_ipi_pending(struct hart *t);
/* The firmware changed its virtual mie or mstatus.MIE. */
void policy_firmware_mie_changed(struct hart *h);
/*
 * Interrupts the policies need enabled while the firmware runs or sleeps in
 * wfi, beyond the ones its virtual M-mode takes: protect-os reaches a hart
 * in the firmware with an IPI of cordon's own (msip multiplexed by offload),
 * while the firmware's own IPI is not pending (no trap storm), until the
 * hart closed the OS's memory.
 */
uint64_t policy_firmware_mie(const struct hart *h);

/* ---- memory on the firmware's behalf ---- */

/* The firmware's PMP views on h deny the OS's memory (vpmp_compose's deny_os). */
static inline bool policy_fw_denies_os(const struct hart *h)
{
	return h->protect.seen != 0;
}
/* The firmware reaches nothing at or above this power of two (vpmp_compose's fw_limit; 0: none). */
static inline uint64_t policy_fw_limit(void)
{
	return protect_fw_limit;
}
/* cordon may read addr for the firmware beyond what the hardware fetched (I2). */
static inline bool policy_firmware_may_read(uint64_t addr)
{
	return protect_firmware_may_read(addr);
}
/*
 * The firmware's MPRV load (width bytes at addr, as mode/virt): 0 not a
 * policy's; 1 served (*val); 2 it faults as recorded in h->guard.
 */
static inline int policy_mprv_load(struct hart *h, uint64_t addr, unsigned width, unsigned mode,
				   bool virt, uint64_t *val)
{
	return protect_mask_read(h, addr, width, mode, virt, val);
}
/* A device the firmware needs that cordon emulates for it (its range), once the OS's are closed. */
static inline bool policy_device(uint64_t addr, uint64_t *base, uint64_t *size)
{
	return protect_device(addr, base, size);
}

/* STATS=1: the policies' own counters of hart h. */
void policy_print_stats(const struct hart *h);

#endif
