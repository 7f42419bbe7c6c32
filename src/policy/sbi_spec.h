// SPDX-License-Identifier: BSD-2-Clause
/*
 * What the SBI specification (v3.0, riscv-non-isa/riscv-sbi-doc) says each
 * call takes and gives, as data for policies that stand between the OS and
 * the firmware (protect-os, issue 10): which argument registers a call
 * defines (the firmware needs no other), whether it hands the firmware OS
 * memory (a physical address the firmware would read or write) or an entry
 * point into the OS, and what it returns. Pure data, host-tested against
 * the specification's prototypes (tests/unit/test_sbi_spec.c).
 */
#ifndef CORDON_SBI_SPEC_H
#define CORDON_SBI_SPEC_H

#include <stdbool.h>
#include <stdint.h>

/* How a call passes OS memory to the firmware. */
enum sbi_mem {
	SBI_MEM_NONE,
	SBI_MEM_MASK_PTR, /* legacy v0.1: a0 points to an unsigned long hart mask (read) */
	SBI_MEM_BUF_RD,	  /* a0 bytes at a1 (lo) | a2 (hi) the firmware reads (DBCN write) */
	SBI_MEM_BUF_WR,	  /* a0 bytes at a1 | a2 the firmware writes (DBCN read) */
	SBI_MEM_SHMEM,	  /* shared memory at a0 | a1 the firmware keeps using after the call */
	SBI_MEM_ATTR_RD,  /* SSE write_attrs: a2 longs at a3 | a4 the firmware reads */
	SBI_MEM_ATTR_WR,  /* SSE read_attrs: a2 longs at a3 | a4 the firmware writes */
	SBI_MEM_TABLE_RW, /* PMU event_get_info: a2 16-byte entries at a0 | a1, read and written */
};

/* How a call lets the firmware enter the OS elsewhere than after the ecall. */
enum sbi_flow {
	SBI_FLOW_NONE,
	SBI_FLOW_HART_START,   /* hart a0 starts at a1 with a1 = a2 (opaque) */
	SBI_FLOW_RESUME,       /* this hart (HSM suspend, SUSP) may resume at a1 with a1 = a2 */
	SBI_FLOW_HANDLER,      /* SSE register: events enter the OS at a1 with a2 */
	SBI_FLOW_EVENT_RETURN, /* SSE complete: back to where the event interrupted the OS */
};

struct sbi_fn {
	uint32_t eid;
	uint32_t fid;	  /* ignored for the legacy extensions (eid < 0x10) */
	uint8_t nargs;	  /* a0 .. a(nargs-1) are defined */
	uint8_t mem;	  /* enum sbi_mem */
	uint8_t flow;	  /* enum sbi_flow */
	uint8_t nret;	  /* registers the call returns: 1 (legacy: a0), 2 (a0 error, a1 value) */
	const char *name; /* the specification's name */
};

#define SBI_EXT_LEGACY_MAX 0x0fU

/* The call (eid, fid), or NULL when the specification defines none. */
const struct sbi_fn *sbi_fn_lookup(uint64_t eid, uint64_t fid);

/* Whether the table has any call of extension eid. */
bool sbi_ext_known(uint64_t eid);

/* The whole table (for tests and listings). */
extern const struct sbi_fn sbi_fns[];
extern const unsigned sbi_fn_count;

#endif
