// SPDX-License-Identifier: BSD-2-Clause
/*
 * M-mode-only hardware helpers of arch/riscv (not used by the host build).
 */
#ifndef CORDON_ARCH_RISCV_H
#define CORDON_ARCH_RISCV_H

#include <stdbool.h>
#include <stdint.h>

struct hart;

/* Probe the WARL masks and optional CSRs into hw (boot hart, once). */
void hw_probe(struct hart *h);
void hw_write_pmpcfg(const uint64_t cfg[2]);
/* Debug trigger i of the hardware (world_hw.h: world_hw_set_trigger). */
void hw_set_trigger(unsigned i, uint64_t tdata1, uint64_t tdata2);

/*
 * An exception of the OS at epc (its state live) to its HS-mode, or its VS
 * guest's as hedeleg says; returns the trap vector's base (hw.c).
 */
uint64_t hw_redirect_to_os(uint64_t epc, uint64_t cause, uint64_t tval, uint64_t tval2, bool gva);
/* The same for a trap from V=0 (offload's misaligned AMO): to HS-mode, the short way. */
uint64_t hw_redirect_to_s(uint64_t epc, uint64_t cause, uint64_t tval);
/* The OS's instruction at pc, read as the OS (its state live); false if that faulted. */
bool hw_fetch_os_insn(struct hart *h, uint64_t pc, uint32_t *bits);

static inline void wfi(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

#endif
