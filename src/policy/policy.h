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

#include <stdint.h>

struct hart;

/* The OS is about to run again on h: serve what other harts asked of it. */
void policy_enter_os(struct hart *h);
/* The physical mie while the OS runs: the firmware's, plus the policies' own. */
uint64_t policy_os_mie(const struct hart *h);
/* The firmware changed its virtual mie or mstatus.MIE. */
void policy_firmware_mie_changed(struct hart *h);

#endif
