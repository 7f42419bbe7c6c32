// SPDX-License-Identifier: BSD-2-Clause
/*
 * Per-hart state: the registers saved by the trap entry, the virtual M-mode
 * CSRs of the firmware (the vCPU), and the hart's world (firmware or OS).
 * One struct hart per physical hart; mscratch points at it while the hart
 * runs a guest (arch/riscv/trap.S relies on the layout through asm-offsets).
 */
#ifndef CORDON_HART_H
#define CORDON_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "../policy/state.h"
#include "cordon/config.h"
#include "cordon/riscv.h"
#include "hart_base.h"
#include "vtrig.h"

enum world {
	WORLD_FIRMWARE = 0, /* the firmware runs in U-mode as virtual M-mode */
	WORLD_OS = 1,	    /* the OS runs natively in S/U-mode */
};

/* Virtual PMP: the firmware's view of the PMP CSRs (Priv §3.7). */
struct vpmp {
	uint8_t cfg[VPMP_ENTRIES_MAX]; /* pmp_layout.nvpmp of them exist */
	uint64_t addr[VPMP_ENTRIES_MAX];
};

/*
 * The firmware's virtual M-mode CSRs. Invariants:
 *  - mstatus.FS/SD are not stored: FS is the physical field (the FP
 *    registers are shared, Priv §3.1.6.6), SD is derived on read.
 *  - while the firmware runs, mstatus holds the OS's supervisor fields
 *    (MSTATUS_OS_LIVE) and satp holds the OS's satp; the physical ones
 *    are not live. While the OS runs, the physical ones are.
 *  - hstatus is the physical one except HU, which is virtual while the
 *    firmware runs (its U-mode must not run hlv/hsv itself).
 *  - mip is not stored: it is the physical mip (the S-level bits; MSIP and
 *    MTIP too without offload, with it the firmware's own from struct
 *    offload, see policy/offload.c).
 */
struct vcpu {
	uint64_t mstatus;
	uint64_t medeleg;
	uint64_t mideleg;
	uint64_t mie;
	uint64_t mtvec;
	uint64_t mscratch;
	uint64_t mepc;
	uint64_t mcause;
	uint64_t mtval;
	uint64_t mtinst;
	uint64_t mtval2;
	uint64_t satp;
	uint64_t mseccfg;
	uint64_t hstatus_hu; /* hstatus.HU (virtual while the firmware runs) */
	struct vpmp pmp;
	uint64_t os_ideleg; /* the physical mideleg while the OS last ran */
	/* Delegations a policy forces while the OS runs (protect-os: protect.h). */
	uint64_t force_edeleg, force_ideleg;
	/*
	 * hide_os (set by protect-os once the OS's memory is closed, security.md
	 * I14): the OS's supervisor state is not the firmware's to see. mstatus'
	 * S fields (MSTATUS_OS_PRIVATE), satp and the OS's interrupt enables in
	 * mie (os_ideleg) read and write these shadows instead; the other S, VS
	 * and H CSRs read 0 and ignore writes (vcsr.c).
	 */
	uint8_t hide_os;
	uint64_t fw_sstatus, fw_satp, fw_sie;
};

/* Physical pmpcfg0/pmpcfg2 of each view (core/vpmp.h). */
struct pmp_views {
	uint64_t os[2];
	uint64_t fw[2];
	uint64_t fw_mprv[2];
	uint64_t fw_as_os[2];
};

/*
 * The virtual CLINT (core/vclint.h), per hart: with it on, the firmware's
 * msip and mtimecmp are virtual (fw_msip, fw_mtimecmp) and the physical
 * ones also carry cordon's own uses: a deadline of a policy (offload's:
 * the OS's set_timer) and cordon's IPIs (a policy's requests pending).
 * Other harts write fw_msip, and fw_mtimecmp and deadline under lock.
 */
struct vclint {
	uint64_t fw_mtimecmp;	     /* the firmware's mtimecmp for this hart */
	uint64_t deadline;	     /* cordon's own (a policy's), or ~0 */
	uint32_t fw_msip;	     /* the firmware's msip for this hart (0/1) */
	uint32_t lock;		     /* guards fw_mtimecmp, deadline and the registers */
	uint64_t mtie_seen;	     /* virtual mie.MTIE when the physical mtimecmp was set */
	volatile uint64_t *mtimecmp; /* this hart's physical mtimecmp */
};

/*
 * The guest registers trap.S saves on every trap: ra, sp, gp, tp, t0-t6,
 * a0-a7 (the ones C code clobbers, and gp/tp, which firmware uses as
 * scratch: OpenSBI swaps tp with mscratch). s0-s11 are saved only when the
 * C code asks (MONITOR_NEED_ALL_REGS): C preserves them by the ABI.
 */
#define TRAP_FAST_REGS                                                                             \
	(BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) | (0xffUL << 10) |  \
	 (0xfUL << 28))
/* Whether guest registers a and b are saved in struct hart (regs_valid). */
#define regs_ready(h, a, b) ((((h)->regs_valid >> (a)) & ((h)->regs_valid >> (b)) & 1U) != 0)
/* Return values of monitor_fast_trap / monitor_trap to trap.S. */
#define MONITOR_DONE 0
#define MONITOR_NEED_ALL_REGS 1
#define MONITOR_GENERAL 2
#define MONITOR_DONE_ALL 3 /* done, and every register comes from struct hart (h->pc too) */

/*
 * The fields the trap paths touch come first: RISC-V loads and stores reach
 * 2 KiB from a register, and every field past that costs an instruction
 * more on each access. The protect-os policy's saved state (protect_saved, os_fp),
 * used once per call, comes last.
 */
struct hw_caps;

struct hart {
	/* Saved by trap.S: x0..x31 (x0 unused) and the guest pc. */
	uint64_t regs[32];
	uint64_t pc;
	uint64_t stack_top;
	/* This hart's own hardware (arch.h: hw, in tp while cordon runs). */
	struct hw_caps *caps;
	struct guard guard;
	/* What caused the current trap. */
	uint64_t cause;
	uint64_t tval;

	uint64_t regs_valid;   /* bit n: regs[n] holds the guest's xn for this trap */
	uint64_t tval_is_insn; /* this illegal-instruction trap: mtval = the instruction at pc */
	uint64_t hartid;
	enum world world;
	unsigned os_mode; /* PRV_S/PRV_U: where the OS was when it trapped */
	struct vcpu v;

	/* Physical PMP configuration of each view (core/vpmp.h). */
	struct pmp_views pmp;
	uint64_t mie_phys; /* the physical mie last written */
	struct vclint clint;
	struct offload off;	     /* the offload policy's (policy/state.h) */
	struct protect_hart protect; /* protect-os's, for the trap paths */
	uint32_t started;	     /* this hart entered the firmware */
	uint8_t fp_hide;	     /* protect-os (world.c, I15): hide the OS's FP registers */
	uint8_t fp_hidden;	     /* ... FS Off, the registers are the OS's */
	uint8_t fp_saved;	     /* ... the OS's FP registers and fcsr are in os_fp */
	uint8_t trig_active;	     /* a virtual trigger can fire: the world switch moves them */
	uint64_t os_fs;		     /* the OS's mstatus.FS while fp_hidden or fp_saved */

	/* Statistics: traps handled, by world and cause (32 bits: they wrap after 4e9). */
	uint64_t stat_world_switches;
	uint64_t stat_retried; /* the instruction at pc disagreed with the trap: re-executed */
	uint32_t stat_exc[2][CAUSE_COUNT_STAT];
	uint32_t stat_irq[2][16];

	struct protect_saved protect_saved; /* protect-os's, once per call */
	uint64_t os_fp[33];		    /* f0-f31, fcsr */
	struct vtrig trig;		    /* the firmware's debug triggers (core/vtrig.h) */
};

#endif
