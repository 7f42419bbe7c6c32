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

/* pmpcfg0/pmpcfg2 as the firmware reads them (reg: 0 or 2). */
uint64_t vpmp_read_cfg(const struct vpmp *p, unsigned reg);
/* Write pmpcfg0/2; locked entries keep their value. */
void vpmp_write_cfg(struct vpmp *p, unsigned reg, uint64_t val);
uint64_t vpmp_read_addr(const struct vpmp *p, unsigned index);
/* Write pmpaddrN; false if the write was ignored (lock rules). */
bool vpmp_write_addr(struct vpmp *p, unsigned index, uint64_t val);

/*
 * Compose the physical pmpcfg0/pmpcfg2 of the four views (struct pmp_views):
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
 * PMP_IDX_RESET); the OS's view never has that entry.
 * deny_os (protect-os, once the OS has its memory): entry PMP_IDX_OS_DENY
 * denies the OS's memory in every view but os, entry PMP_IDX_RESET all the
 * devices below RAM (the caller set its address); with fw_limit (a power of
 * two, the catch-all's NAPOT [0, fw_limit): the caller set its address, 0:
 * none) every virtual entry that matches an address at or above fw_limit is
 * OFF in every view but os, so that the firmware reaches nothing there
 * (docs/security.md, I16).
 */
void vpmp_compose(const struct vpmp *p, bool trap_reset, bool deny_os, uint64_t fw_limit,
		  struct pmp_views *v);
/* Whether virtual entry i matches an address at or above limit (Priv §3.7.1). */
bool vpmp_reaches(const struct vpmp *p, unsigned i, uint64_t limit);

enum vpmp_view { VPMP_VIEW_OS, VPMP_VIEW_FW, VPMP_VIEW_FW_MPRV, VPMP_VIEW_FW_AS_OS };
/*
 * The physical pmpcfg byte of a virtual entry with configuration cfg in a
 * view; above: it reaches above the firmware's limit (vpmp_compose).
 */
uint8_t vpmp_view_byte(uint8_t cfg, enum vpmp_view view, bool above);
/* The physical pmpcfg byte of one of cordon's own entries (not a virtual one). */
uint8_t vpmp_fixed_byte(unsigned phys, enum vpmp_view view, bool trap_reset, bool deny_os);

/* Physical NAPOT pmpaddr of the naturally aligned power-of-two [base, base+size). */
static inline uint64_t pmp_napot_addr(uint64_t base, uint64_t size)
{
	return (base >> 2) | ((size >> 3) - 1U);
}

#endif
