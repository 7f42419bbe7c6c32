// SPDX-License-Identifier: BSD-2-Clause
/*
 * Static dispatch of the policy hooks (policy.h) to the active policies.
 */
#include "policy.h"

#include <stddef.h>

#include "../core/hart.h"
#include "../core/vclint.h"
#include "cordon/image.h"
#include "cordon/log.h"
#include "cordon/riscv.h"
#include "offload.h"
#include "protect.h"

const char *policy_init(const struct image_header *img, const struct platform_info *plat,
			uint64_t cordon_base)
{
	offload_init();
	vclint_init(offload_on); /* offload's deadlines and IPIs; protect-os's IPIs */
	protect_init(img, plat, cordon_base);
	if (protect_on && !vclint_on)
		return "protect-os needs the virtual CLINT (build the image with OFFLOAD=1)";
	return NULL;
}

void policy_handover(struct hart *h)
{
	if (protect_on)
		protect_handover(h);
}

void policy_handover_wait(struct hart *h)
{
	protect_check(h);
	if (protect_on)
		protect_nap(h); /* not spinning (protect.c) */
}

bool policy_firmware_start(struct hart *h)
{
	protect_check(h);
	return protect_on;
}

void policy_print_stats(const struct hart *h)
{
	if (offload_on)
		offload_print_stats(h);
}

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
	return (protect_on && !h->protect.seen &&
		!__atomic_load_n(&h->clint.fw_msip, __ATOMIC_SEQ_CST))
		       ? MIP_MSIP
		       : 0;
}
