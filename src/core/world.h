// SPDX-License-Identifier: BSD-2-Clause
/*
 * The world switch (core/world.c): the only C code that copies state
 * between the hardware and struct hart.
 */
#ifndef CORDON_WORLD_H
#define CORDON_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "hart.h"

/* OS -> firmware: the OS's live state into the vCPU, the firmware's environment in. */
void world_enter_firmware(struct hart *h);
/* Firmware -> OS at mode (PRV_S/PRV_U), V = virt: the OS's state back. */
void world_enter_os(struct hart *h, unsigned mode, bool virt);
/* The first entry of the firmware on this hart (the caller resumes it). */
void world_start_firmware(struct hart *h);

/* The physical mie, written only when it changes. */
void world_set_mie(struct hart *h, uint64_t mie);
/* While the firmware runs: the physical mie after its mie/MIE/mideleg changed. */
void world_firmware_mie_update(struct hart *h);
/*
 * The hardware's debug triggers as the firmware's (os false) or the OS's
 * world has them; with h->trig_active, after each world_enter_* (their
 * callers do it, so that the world switch itself stays small enough to be
 * inlined on the trap path).
 */
void world_install_triggers(const struct hart *h, bool os);
/* An exception of the firmware into its virtual M-mode (vtrap_inject), its mie updated. */
void world_firmware_exception(struct hart *h, uint64_t cause, uint64_t tval);
/* A guarded access cordon made for the firmware faulted: that fault, GVA/mtval2/mtinst included. */
void world_firmware_fault(struct hart *h, const struct guard *g);

/* The firmware's PMP view now (its MPRV decides). */
const uint64_t *world_firmware_pmp_view(const struct hart *h);
/* Install the PMP view of the hart's current world. */
void world_install_pmp(const struct hart *h);

/*
 * An access cordon makes on the firmware's behalf with other rights: the
 * PMP view given, and with os_satp the OS's satp (translation by MPP).
 * world_end_borrow puts the firmware's back.
 */
void world_borrow(struct hart *h, const uint64_t view[2], bool os_satp);
void world_end_borrow(struct hart *h, bool os_satp);

/*
 * protect-os: the firmware wants the FP unit while the OS's registers are
 * in it (h->fp_hidden): keep them in struct hart, zero them, FS Initial.
 */
__attribute__((noinline, cold)) void world_fp_take(struct hart *h);

#endif
