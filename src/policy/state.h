// SPDX-License-Identifier: BSD-2-Clause
/*
 * The per-hart state of each policy (policy.h), embedded in struct hart
 * (core/hart.h) so that the trap paths reach it from the hart pointer, but
 * owned by its policy: only the policy's own code reads or writes it; the
 * core asks through the hooks of policy.h. The parts the trap paths touch
 * sit early in struct hart (RISC-V loads reach 2 KiB from a register), the
 * state saved once per call last.
 */
#ifndef CORDON_POLICY_STATE_H
#define CORDON_POLICY_STATE_H

#include <stdint.h>

#include "../core/hart_base.h"
#include "sbi_guard.h"

/* ---- offload (policy/offload.c) ---- */

/* Offloaded operations, counted per hart. */
enum offload_stat {
	OFFLOAD_STAT_SET_TIMER,
	OFFLOAD_STAT_SEND_IPI,
	OFFLOAD_STAT_RFENCE,
	OFFLOAD_STAT_MISALIGNED,
	OFFLOAD_STAT_TIMER_IRQ,
	OFFLOAD_STAT_IPI_IRQ,
	OFFLOAD_STAT_RFENCE_TO_FW,
	OFFLOAD_STAT_RDTIME,
	OFFLOAD_STAT_COUNT
};

/*
 * The offload policy's per-hart requests (policy/offload.c). Other harts
 * write ssip_req, fence_req and fence_waiters. A remote fence is a ticket:
 * fence_req counts the tickets issued to this hart, fence_done is the last
 * one it served.
 */
struct offload {
	uint32_t ssip_req;		   /* another hart asked for sip.SSIP here */
	uint32_t fence_req;		   /* remote fence tickets issued to this hart */
	uint32_t fence_done;		   /* the last ticket served (all before it too) */
	struct hartset fence_waiters;	   /* harts to wake when a fence is served */
	uint32_t stat[OFFLOAD_STAT_COUNT]; /* offloaded operations (STATS=1 prints them) */
};

/* ---- protect-os (policy/protect.c) ---- */

/* On the trap paths: whether this hart's views deny the OS's memory, and the OS runs here. */
struct protect_hart {
	uint32_t seen;	     /* the epoch this hart's views follow (0: not closed yet) */
	uint8_t os_started;  /* the OS runs on this hart (handed over, or started) */
	uint8_t first_entry; /* the first hand-over's entry is to come (protect_os_enter) */
};

/*
 * protect-os: the OS's registers at a trap the firmware handles (an SBI
 * call, an interrupt), kept by cordon while the firmware sees zeros in
 * their place (policy/protect.c).
 */
enum protect_kind { PROTECT_NONE, PROTECT_ECALL, PROTECT_IRQ, PROTECT_EXC };
struct protect_call {
	uint64_t regs[32]; /* the OS's, at the trap */
	uint64_t pc;	   /* where the OS trapped */
	uint8_t kind;	   /* enum protect_kind: PROTECT_NONE when nothing is pending */
	uint8_t mode;	   /* PRV_S/PRV_U */
	uint8_t virt;	   /* V=1 */
	uint8_t nret;	   /* registers the call returns (1 or 2) */
	uint8_t flow;	   /* enum sbi_flow (policy/sbi_spec.h) */
	uint8_t stops;	   /* hart_stop: the next entry is a hart start (protect.c start) */
	uint8_t cached;	   /* the lookup below holds */
	uint64_t cache_eid, cache_fid;
	const void *cache_fn;	    /* sbi_fn_lookup(cache_eid, cache_fid): a linear search */
	struct sbi_guard_plan plan; /* the filter's and the bounce buffer's (sbi_guard.h) */
	uint8_t mask_state;	    /* legacy hart-mask call: 1 mask read, 2 the read faulted */
	uint64_t mask;		    /* the hart mask, read as the OS at its call */
	struct guard mask_fault;    /* how the read faulted (given to the firmware's read) */
	/* PROTECT_EXC: the OS's CSR instruction the firmware emulates (illegal there). */
	uint32_t exc_bits;
	uint8_t exc_rd, exc_rs1; /* what it writes, and reads (0: none) */
	uint8_t exc_sie;	 /* SIE of where it goes (sstatus, or vsstatus) at the trap */
	uint8_t exc_to_vs;	 /* from V=1, in the OS's hedeleg: to its guest's VS-mode */
	uint64_t exc_stvec;	 /* the OS's stvec (or its guest's vstvec) at the trap */
};

/*
 * Saved once per call: the OS's state at a trap the firmware handles, and
 * where the OS may start this hart (I12): set by the hart whose OS asked
 * hart_start (start_armed = 1 + that hart's index, after
 * start_pc/start_opaque), taken by this hart.
 */
struct protect_saved {
	uint32_t start_armed;
	uint64_t start_pc, start_opaque;
	struct protect_call call;
};

#endif
