// SPDX-License-Identifier: BSD-2-Clause
/*
 * Build-time limits of cordon. Platform-independent numbers; the platform
 * layer and the device tree give the addresses.
 */
#ifndef CORDON_CONFIG_H
#define CORDON_CONFIG_H

/*
 * Highest number of harts cordon manages (hart ids 0..MAX_HARTS-1): 128,
 * what OpenSBI 1.1 supports (SBI_HARTMASK_MAX_BITS); QEMU virt takes 512.
 * Each hart costs sizeof(struct hart) (about 1.5 KiB) and HART_STACK_SIZE
 * in cordon's region, and BOOT_STACK_SIZE in the image (docs/architecture.md).
 */
#define MAX_HARTS 128
/* Debug triggers cordon virtualizes per hart (core/vtrig.c; QEMU 7.2 has 2). */
#define VTRIG_MAX 8
/* Stack of cordon per hart, in bytes (deepest path measured: under 1 KiB). */
#define HART_STACK_SIZE 4096
/*
 * Stack per hart during boot stage 1, in the image before the firmware
 * (deepest measured: 712 bytes, 4 harts on QEMU virt, STATS=1 prints it;
 * boot.c's boot_stack_check stops the machine on an overflow).
 */
#define BOOT_STACK_SIZE 1024
/*
 * Physical PMP: the layout is computed at boot (core/vpmp.c pmp_layout_compute,
 * docs/architecture.md) from the probed entry count, the reset device and
 * the policies. A view cordon switches holds pmpcfg0 and pmpcfg2: at most
 * PMP_VIEW_ENTRIES entries are used (more stay OFF).
 */
#define PMP_VIEW_ENTRIES 16
/* Virtual entries: at most the view less cordon, the CLINT, the spacer and the catch-all. */
#define VPMP_ENTRIES_MAX (PMP_VIEW_ENTRIES - 4)
/* Fewer than this for the firmware and cordon refuses to boot (OpenSBI 1.6 uses 4). */
#define VPMP_ENTRIES_MIN 4
/*
 * Every region the firmware must not read (cordon's own, and any a policy
 * protects) starts on this boundary, so that a halfword of firmware code
 * and the next one lie in the same region unless the next starts a block
 * (security.md, I2; monitor.c mtval_is_insn_at). cordon's region is
 * CORDON_SIZE-aligned (NAPOT).
 */
#define PROTECT_ALIGN 0x1000ULL
/*
 * protect-os's bounce buffers (policy/sbi_guard.h, security.md I13): one
 * per hart, PROTECT_BOUNCE_SIZE bytes, right below cordon's region, in
 * memory that is neither the OS's nor cordon's.
 */
#define PROTECT_BOUNCE_SIZE 0x1000ULL
#define PROTECT_BOUNCE_AREA (MAX_HARTS * PROTECT_BOUNCE_SIZE)

/* Trap statistics are kept for causes 0..CAUSE_COUNT_STAT-1. */
#define CAUSE_COUNT_STAT 24
/* QEMU's exit code when cordon stops the machine on an error. */
#define CORDON_EXIT_PANIC 99

/*
 * The OS's memory ends on this boundary: cordon hides the top of RAM from
 * /memory rounded down to it, so that the OS can map all of its memory
 * with Sv39/Sv48 megapages (privileged spec §4.4.1/§4.5: a level-1 leaf
 * maps 2 MiB, naturally aligned). Linux 6.1 maps a memory bank whose size
 * is not a multiple of 2 MiB with 4 KiB pages only (best_map_size()): with
 * a 1 MiB cut that cost 77 M instructions of boot (docs/benchmarks.md).
 */
#define OS_MEMORY_ALIGN 0x200000ULL

#endif
