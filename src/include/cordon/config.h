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
/* Stack of cordon per hart, in bytes (deepest path measured: under 1 KiB). */
#define HART_STACK_SIZE 4096
/* Stack per hart during boot stage 1, in the image before the firmware. */
#define BOOT_STACK_SIZE 1024
/* Physical PMP entries cordon needs on QEMU virt: 16. */
#define PMP_ENTRIES_PHYS 16
/*
 * Physical PMP layout (Priv §3.7.1: the lowest-numbered matching entry wins):
 *   0      cordon's own memory, no access for S/U (never for the guests)
 *   1      the CLINT, no access for S/U (emulated for the firmware)
 *   2      the reset device: trapped for the firmware, so that cordon sees the
 *          machine stop (statistics); OFF for the OS (its vPMP decides).
 *          protect-os, once the OS got its memory: all the address space
 *          below RAM (the reset device in it), trapped for the firmware
 *          (also as S/U: MPRV, hlv/hsv): cordon performs its accesses to
 *          the devices it needs and denies the others, DMA-capable ones
 *          (security.md, I16)
 *   3, 4   the OS's memory (protect-os, policy/protect.c): pmpaddr3 = its
 *          base (entry 3 always OFF), entry 4 TOR up to its end with no
 *          permission in every view the firmware runs or borrows once the
 *          OS got its memory; OFF in the OS's own view and before that
 *   5      spacer, OFF with address 0, so that a virtual TOR entry 0 starts at 0
 *   6..14  the firmware's virtual entries 0..8
 *   15     catch-all: RWX for the firmware (M-mode sees all memory), OFF for the OS;
 *          protect-os, once the OS got its memory: NAPOT [0, limit) only,
 *          and virtual entries reaching above OFF for the firmware (I16)
 * Entries 3 and 4 lie before the firmware's: no virtual entry can grant
 * what they deny (docs/security.md, I11).
 */
#define PMP_IDX_CORDON 0
#define PMP_IDX_CLINT 1
#define PMP_IDX_RESET 2
#define PMP_IDX_OS_BASE 3
#define PMP_IDX_OS_DENY 4
#define PMP_IDX_SPACER 5
#define PMP_IDX_VPMP 6
#define VPMP_ENTRIES 9
#define PMP_IDX_CATCHALL 15
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
