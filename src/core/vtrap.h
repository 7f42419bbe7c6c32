// SPDX-License-Identifier: BSD-2-Clause
/*
 * Trap delivery into virtual M-mode and the xRET instructions: how the
 * virtual mstatus stack, mepc, mcause and mtval change (Priv §3.1.6.1,
 * §3.3.2), and which virtual interrupt M-mode would take (§3.1.9).
 */
#ifndef CORDON_VTRAP_H
#define CORDON_VTRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

/*
 * Deliver a trap to the firmware's handler: the new virtual mstatus is
 * built from the virtual one (MPIE <- MIE, MIE <- 0, MPP <- from_mode;
 * MPV and GVA <- those of hv, the trap's physical mstatus) and h->pc
 * becomes the handler (vectored mtvec applies to interrupts only); mtval2
 * and mtinst <- tval2 and tinst, the hardware's for the trap (0 for the
 * firmware's own traps).
 */
void vtrap_inject(struct hart *h, uint64_t cause, uint64_t tval, unsigned from_mode, uint64_t hv,
		  uint64_t tval2, uint64_t tinst);

/*
 * The interrupt virtual M-mode takes now given the physical mip, or -1:
 * pending, enabled in mie, not delegated, and mstatus.MIE set. Highest
 * priority first: MEI, MSI, MTI, SEI, SSI, STI, LCOFI (§3.1.9).
 */
int vtrap_pending_irq(const struct hart *h, uint64_t mip);

/* The physical mie to use while the firmware runs. */
uint64_t vtrap_firmware_mie(const struct hart *h);

/*
 * mret in virtual M-mode (§3.3.2): pops the mstatus stack, clears MPRV when
 * leaving M, sets h->pc = mepc. Returns the new privilege (PRV_M: stays in
 * the firmware) and in *virt whether it returns to a VS/VU guest.
 */
unsigned vtrap_mret(struct hart *h, bool *virt);

/* sret in virtual M-mode: same for the S-level stack; sepc is given. */
unsigned vtrap_sret(struct hart *h, uint64_t sepc);

#endif
