// SPDX-License-Identifier: BSD-2-Clause
/*
 * The monitor: what cordon does on each trap, and the world switch between
 * the virtualized firmware and the native OS.
 */
#ifndef CORDON_MONITOR_H
#define CORDON_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "cordon/platform.h"
#include "decode.h"
#include "hart.h"

/*
 * Called by trap.S for every guest trap, first with only TRAP_FAST_REGS
 * saved (all_regs = 0). Returns 0 when done, or MONITOR_NEED_ALL_REGS
 * (before changing anything) if the trap needs a register outside that set;
 * trap.S then saves every register and calls it again with all_regs = 1.
 */
long monitor_trap(struct hart *h, unsigned long all_regs);
/*
 * Called by trap.S first, with TRAP_FAST_REGS saved: the hot path (CSR
 * instructions of the firmware on plain virtual CSRs), as a leaf function
 * that saves nothing and steps mepc itself (h->pc is not loaded). Returns 0
 * when done, non-zero to go to monitor_trap.
 */
long monitor_fast_trap(struct hart *h);
/* Called by trap.S for a trap of cordon itself outside a guard. */
void monitor_fault(struct hart *h, uint64_t cause, uint64_t epc, uint64_t tval)
	__attribute__((noreturn));

/* Enter the firmware on this hart for the first time (does not return). */
void monitor_start_firmware(struct hart *h) __attribute__((noreturn));

/* Print the reason, the trap, all registers and the virtual CSRs; stop QEMU. */
void monitor_panic(struct hart *h, const char *what) __attribute__((noreturn));

/* Print the per-hart trap statistics. */
void monitor_print_stats(void);
/* The most bytes of its stage-1 stack a hart used (boot.c; STATS). */
unsigned boot_stack_high_water(void);

/*
 * Mechanism for a policy that keeps an exception of the OS from the
 * firmware (protect-os, security.md I12), every register saved, before
 * the world switch: cordon emulates a misaligned load or store itself and
 * delivers any other exception but a CSR instruction to the OS as the
 * hardware would (monitor.c). False: a CSR instruction, decoded.
 */
bool monitor_os_exception(struct hart *h, uint64_t cause, struct insn *csr_insn,
			  uint32_t *csr_bits);

/* Everything the monitor needs to know about the machine. */
struct machine {
	/* The timer and software interrupts' registers (platform.h: struct platform_clint). */
	struct platform_clint clint;
	/* The part cordon traps: msip and mtimecmp of every hart (NAPOT, pmp_layout.clint). */
	uint64_t clint_base;
	uint64_t clint_size;
	uint64_t reset_base; /* 0: no reset device to watch */
	uint64_t reset_size;
	unsigned nharts;
	uint32_t flags; /* IMAGE_FLAG_* */
};
extern struct machine machine;
/* Set at boot when a policy acts at the first hand-over to the OS; 0 after it. */
extern volatile uint32_t handover_pending;
extern struct hart harts[MAX_HARTS];

void trap_return(struct hart *h) __attribute__((noreturn));

#endif
