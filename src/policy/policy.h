// SPDX-License-Identifier: BSD-2-Clause
/*
 * The policy interface: the hooks the core calls at its decision points
 * around the world switch. Statically dispatched (policy/policy.c) over the
 * policies compiled in and enabled at boot by the image flags; today the
 * offload policy. The hot OS-trap hook (set_timer, the OS timer interrupt)
 * stays inline in the leaf trap dispatcher (offload_fast, offload.h).
 */
#ifndef CORDON_POLICY_H
#define CORDON_POLICY_H

#include <stdbool.h>
#include <stdint.h>

struct hart;

/* The OS is about to run again on h: serve what other harts asked of it. */
void policy_enter_os(struct hart *h);
/* The physical mie while the OS runs: the firmware's, plus the policies' own. */
uint64_t policy_os_mie(const struct hart *h);
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

#endif
