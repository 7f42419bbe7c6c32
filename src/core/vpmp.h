// SPDX-License-Identifier: BSD-2-Clause
/*
 * Virtual PMP: the firmware's PMP CSRs with the hardware's WARL and lock
 * rules (Priv §3.7.1), and their composition into physical PMP views.
 */
#ifndef CORDON_VPMP_H
#define CORDON_VPMP_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

/*
 * The physical PMP layout, computed once at boot (pmp_layout_compute) and
 * the same on every hart. Priv §3.7.1: the lowest-numbered matching entry
 * decides, and an access no entry matches fails below M-mode. So cordon's
 * entries come first, in this order, each only if needed:
 *   cordon    cordon's own memory, no access for S/U in every view
 *   clint     the CLINT's msip/mtimecmp, no access for S/U in every view
 *   reset     the reset device, trapped for the firmware; protect-os: all
 *             the address space below RAM (security.md, I16)
 *   os_base,  protect-os: the OS's memory as TOR [pmpaddr(os_base),
 *   os_deny   pmpaddr(os_deny)), no access for the firmware (I11)
 *   spacer    OFF, address 0: a virtual TOR entry 0 starts at 0
 * then the firmware's nvpmp virtual entries from vpmp, then the catch-all
 * (RWX for the firmware: M-mode sees all memory; OFF for the OS), last.
 * PMP_IDX_NONE marks an entry the layout does not have.
 */
#define PMP_IDX_NONE 0xffU
struct pmp_layout {
	uint8_t cordon;
	uint8_t clint;
	uint8_t reset;
	uint8_t os_base;
	uint8_t os_deny;
	uint8_t spacer;
	uint8_t vpmp;	  /* the firmware's entry 0 */
	uint8_t nvpmp;	  /* entries the firmware sees */
	uint8_t catchall; /* vpmp + nvpmp */
	uint8_t nphys;	  /* entries in use: catchall + 1 */
	uint8_t probed;	  /* entries the hardware has (up to 64) */
};
/*
 * The layout in force (boot.c sets it; until then QEMU virt's of 16 entries
 * with a reset device, which the host tests use).
 */
extern struct pmp_layout pmp_layout;

/*
 * Compute the layout for a hardware of `probed` PMP entries: with_reset if
 * the firmware's accesses to the reset device are watched, protect if
 * protect-os is on (it needs the reset entry, for the devices below RAM, and
 * the OS's pair). The reset entry, then the OS's pair, are kept without
 * protect-os too when the firmware still gets VPMP_ENTRIES_MIN entries, so
 * that it sees the same machine either way. At most PMP_VIEW_ENTRIES are
 * used. 0, or -1 if the firmware would get fewer than VPMP_ENTRIES_MIN.
 */
int pmp_layout_compute(unsigned probed, bool with_reset, bool protect, struct pmp_layout *l);

/* pmpcfg0/pmpcfg2 as the firmware reads them (reg: 0 or 2). */
uint64_t vpmp_read_cfg(const struct vpmp *p, unsigned reg);
/* Write pmpcfg0/2; locked entries keep their value. */
void vpmp_write_cfg(struct vpmp *p, unsigned reg, uint64_t val);
uint64_t vpmp_read_addr(const struct vpmp *p, unsigned index);
/* Write pmpaddrN; false if the write was ignored (lock rules). */
bool vpmp_write_addr(struct vpmp *p, unsigned index, uint64_t val);

/*
 * Compose the physical pmpcfg0/pmpcfg2 of the four views (struct pmp_views)
 * for layout l:
 *  os       - while the OS runs: the firmware's entries as it wrote them
 *             (lock bit stripped), catch-all OFF;
 *  fw       - while the firmware runs: same addresses and modes, so partial
 *             matches still fail, but RWX unless the entry is locked (a
 *             locked entry also binds M-mode), catch-all RWX;
 *  fw_mprv  - as fw but without R/W, so that every load and store of the
 *             firmware traps while its mstatus.MPRV=1 and is emulated;
 *  fw_as_os - what cordon borrows to perform a firmware access with the
 *             privilege of S/U (MPRV with MPP=S/U, hlv/hsv): the os view.
 * trap_reset: the firmware's accesses to the reset device trap (entry
 * l->reset); the OS's view never has that entry.
 * deny_os (protect-os, once the OS has its memory): entry l->os_deny
 * denies the OS's memory in every view but os, entry l->reset all the
 * devices below RAM (the caller set its address); with fw_limit (a power of
 * two, the catch-all's NAPOT [0, fw_limit): the caller set its address, 0:
 * none) every virtual entry that matches an address at or above fw_limit is
 * OFF in every view but os, so that the firmware reaches nothing there
 * (docs/security.md, I16).
 */
void vpmp_compose(const struct pmp_layout *l, const struct vpmp *p, bool trap_reset, bool deny_os,
		  uint64_t fw_limit, struct pmp_views *v);
/* Whether virtual entry i matches an address at or above limit (Priv §3.7.1). */
bool vpmp_reaches(const struct vpmp *p, unsigned i, uint64_t limit);

enum vpmp_view { VPMP_VIEW_OS, VPMP_VIEW_FW, VPMP_VIEW_FW_MPRV, VPMP_VIEW_FW_AS_OS };
/*
 * The physical pmpcfg byte of a virtual entry with configuration cfg in a
 * view; above: it reaches above the firmware's limit (vpmp_compose).
 */
uint8_t vpmp_view_byte(uint8_t cfg, enum vpmp_view view, bool above);
/* The physical pmpcfg byte of one of cordon's own entries (not a virtual one). */
uint8_t vpmp_fixed_byte(const struct pmp_layout *l, unsigned phys, enum vpmp_view view,
			bool trap_reset, bool deny_os);

/* Physical NAPOT pmpaddr of the naturally aligned power-of-two [base, base+size). */
static inline uint64_t pmp_napot_addr(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size >> 3) - 1U);
}

#endif
