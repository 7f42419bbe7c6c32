// SPDX-License-Identifier: BSD-2-Clause
/*
 * Static dispatch of the policy hooks (policy.h) to the active policies.
 */
#include "policy.h"

#include "../core/hart.h"
#include "../core/vclint.h"
#include "cordon/riscv.h"
#include "offload.h"
#include "protect.h"

void policy_enter_os(struct hart *h)
{
	if (offload_on)
		offload_service_pending(h);
}

uint64_t policy_os_mie(const struct hart *h)
{
	return offload_on ? offload_os_mie(h) : h->v.mie;
}

void policy_service(struct hart *h)
{
	if (offload_on)
		offload_service(h);
}

bool policy_ipi_pending(struct hart *t)
{
	return offload_on && offload_work_pending(t);
}

void policy_firmware_mie_changed(struct hart *h)
{
	if (vclint_on)
		vclint_mie_changed(h);
}

uint64_t policy_firmware_mie(const struct hart *h)
{
	/* protect-os: until this hart closed the OS's memory (one-shot, protect.c). */
	return (protect_on && !h->protect_seen &&
		!__atomic_load_n(&h->clint.fw_msip, __ATOMIC_SEQ_CST))
		       ? MIP_MSIP
		       : 0;
}
