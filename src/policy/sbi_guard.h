// SPDX-License-Identifier: BSD-2-Clause
/*
 * What protect-os does with one SBI call of the OS before the firmware sees
 * it (docs/security.md, I13): the filter (a call the SBI specification does
 * not define, or a probe of an extension cordon cannot protect, is answered
 * by cordon) and the bounce buffer (a call whose arguments are OS memory
 * gets a buffer of cordon's choosing instead: copy in, rewrite the address,
 * copy out what the specification says comes back). Pure decisions on the
 * call's registers: host-tested (tests/unit/test_sbi_guard.c) and fuzzed
 * (tests/fuzz/fuzz_sbi_guard.c); policy/protect.c acts on them.
 */
#ifndef CORDON_SBI_GUARD_H
#define CORDON_SBI_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "sbi_spec.h"

/* SBI error codes (SBI v3.0 §3.2, Table 1). */
#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1LL)
#define SBI_ERR_NOT_SUPPORTED (-2LL)
#define SBI_ERR_INVALID_PARAM (-3LL)
#define SBI_ERR_DENIED (-4LL)
#define SBI_ERR_INVALID_ADDRESS (-5LL)

enum guard_action {
	GUARD_PASS,   /* to the firmware (through the bounce buffer if bounce) */
	GUARD_ANSWER, /* cordon answers: a0 = error, a1 = value (v0.2+ calls) */
};

struct sbi_guard_plan {
	uint8_t action;	  /* enum guard_action */
	uint8_t bounce;	  /* the address argument is replaced by the bounce buffer */
	uint8_t copy_in;  /* len bytes at os_addr into the buffer before the call */
	uint8_t copy_out; /* after a successful call, back into the OS's memory */
	uint8_t by_value; /* what comes back is a1 bytes (clamped to len), else all len */
	uint8_t addr_reg; /* argument register of the address's low half (high: the next) */
	uint8_t len_reg;  /* argument register rewritten to len (DBCN), or 6: none */
	uint8_t refused;  /* an answer worth a log line (memory refused, not a filter) */
	int64_t error;	  /* GUARD_ANSWER */
	uint64_t value;	  /* GUARD_ANSWER */
	uint64_t os_addr; /* the OS's buffer: [os_addr, os_addr + len) in [os_base, os_end) */
	uint64_t len;	  /* bytes through the buffer, at most the buffer's size */
};

/*
 * Decide for the call f (sbi_fn_lookup(eid, fid), NULL if undefined) with
 * arguments a[0..5] = a0..a5, the OS's memory [os_base, os_end) and a
 * bounce buffer of cap bytes (a multiple of 16).
 */
void sbi_guard(const struct sbi_fn *f, uint64_t eid, const uint64_t a[6], uint64_t os_base,
	       uint64_t os_end, uint64_t cap, struct sbi_guard_plan *p);

/*
 * The call returned error err and *value: how many bytes to copy from the
 * buffer back to os_addr (0 unless copy_out and err == SBI_SUCCESS); *value
 * is clamped to len where it counts the buffer's bytes, so the OS is never
 * told of more than cordon passed.
 */
uint64_t sbi_guard_out(const struct sbi_guard_plan *p, int64_t err, uint64_t *value);

#endif
