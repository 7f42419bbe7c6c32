// SPDX-License-Identifier: BSD-2-Clause
/*
 * protect-os's decisions on one SBI call (sbi_guard.h; docs/security.md,
 * I13). The memory rules, per enum sbi_mem (SBI v3.0):
 *  - DBCN console write/read (§12.1, §12.2): num_bytes a0 at a1 | a2 << XLEN,
 *    physical. Passed through the buffer, at most its size (the calls may
 *    do less than asked: they return the bytes done); the address must lie
 *    in the OS's memory and a2 be 0, else SBI_ERR_INVALID_PARAM (the error
 *    the specification gives for memory the call may not use).
 *  - SSE read/write_attrs (§17): attr_count a2 XLEN-wide values at a3 | a4,
 *    XLEN/8-aligned; PMU event_get_info (§11.12): num_entries a2 16-byte
 *    entries at a0 | a1, 16-aligned, read and written. All of them or
 *    nothing: more than the buffer holds is SBI_ERR_DENIED (cordon cannot
 *    serve it safely); memory not the OS's SBI_ERR_INVALID_ADDRESS.
 *  - shared memory the firmware keeps (PMU snapshot, STA, NACL, DBTR
 *    set_shmem, and the calls that use one: SBI_ERR_DENIED (the firmware
 *    never gets one), but for the all-ones address that turns it off.
 *  - legacy hart-mask pointers: passed (policy/protect.c reads the mask
 *    itself and serves the firmware's read of it).
 * The filter: a call the specification does not define is answered
 * SBI_ERR_NOT_SUPPORTED, and probe_extension of an extension cordon has no
 * table for is answered 0 (not available), as a firmware without it would.
 */
#include "sbi_guard.h"

#include <stddef.h>

#define SBI_EXT_BASE 0x10U
#define SBI_BASE_PROBE_EXTENSION 3U
#define NO_REG 6U

static bool in_os(uint64_t addr, uint64_t len, uint64_t os_base, uint64_t os_end)
{
	return addr >= os_base && addr < os_end && len <= os_end - addr;
}

static void answer(struct sbi_guard_plan *p, int64_t error, uint64_t value, bool refused)
{
	p->action = GUARD_ANSWER;
	p->error = error;
	p->value = value;
	p->refused = refused;
}

/* A buffer at a[reg] | a[reg + 1] << 64 of len bytes: in the OS's memory, aligned? */
static bool buffer(struct sbi_guard_plan *p, const uint64_t a[6], unsigned reg, uint64_t len,
		   uint64_t align, uint64_t os_base, uint64_t os_end)
{
	p->addr_reg = (uint8_t)reg;
	p->os_addr = a[reg];
	p->len = len;
	p->bounce = 1;
	return a[reg + 1] == 0 && (a[reg] & (align - 1U)) == 0 &&
	       (len == 0 || in_os(a[reg], len, os_base, os_end));
}

/*
 * a[2] entries of size bytes at the address in a[reg] | a[reg + 1], all of
 * them or nothing: more than the buffer holds is SBI_ERR_DENIED, memory
 * that is not the OS's (or misaligned) SBI_ERR_INVALID_ADDRESS.
 */
static bool entries(struct sbi_guard_plan *p, const uint64_t a[6], unsigned reg, uint64_t size,
		    uint64_t os_base, uint64_t os_end, uint64_t cap)
{
	if (a[2] > cap / size) {
		answer(p, SBI_ERR_DENIED, 0, true);
		return false;
	}
	if (!buffer(p, a, reg, a[2] * size, size, os_base, os_end)) {
		answer(p, SBI_ERR_INVALID_ADDRESS, 0, true);
		return false;
	}
	return true;
}

void sbi_guard(const struct sbi_fn *f, uint64_t eid, const uint64_t a[6], uint64_t os_base,
	       uint64_t os_end, uint64_t cap, struct sbi_guard_plan *p)
{
	uint64_t n;

	*p = (struct sbi_guard_plan){ .action = GUARD_PASS, .len_reg = NO_REG, .addr_reg = NO_REG };
	if (!f) {
		answer(p, SBI_ERR_NOT_SUPPORTED, 0, false);
		return;
	}
	if (eid == SBI_EXT_BASE && f->fid == SBI_BASE_PROBE_EXTENSION) {
		if (!sbi_ext_known(a[0]))
			answer(p, SBI_SUCCESS, 0, false);
		return;
	}
	switch (f->mem) {
	case SBI_MEM_BUF_RD:
	case SBI_MEM_BUF_WR:
		n = a[0] < cap ? a[0] : cap;
		p->len_reg = 0;
		p->by_value = 1;
		if (!buffer(p, a, 1, n, 1, os_base, os_end)) {
			answer(p, SBI_ERR_INVALID_PARAM, 0, true);
			return;
		}
		p->copy_in = f->mem == SBI_MEM_BUF_RD;
		p->copy_out = f->mem == SBI_MEM_BUF_WR;
		return;
	case SBI_MEM_ATTR_RD:
	case SBI_MEM_ATTR_WR:
		/* a2 XLEN-wide values at a3 | a4, XLEN/8-aligned. */
		if (entries(p, a, 3, 8, os_base, os_end, cap)) {
			p->copy_in = f->mem == SBI_MEM_ATTR_RD;
			p->copy_out = f->mem == SBI_MEM_ATTR_WR;
		}
		return;
	case SBI_MEM_TABLE_RW:
		/* a2 16-byte entries at a0 | a1, 16-aligned, read and written. */
		if (entries(p, a, 0, 16, os_base, os_end, cap)) {
			p->copy_in = 1;
			p->copy_out = 1;
		}
		return;
	case SBI_MEM_SHMEM:
		if (a[0] != ~0ULL || a[1] != ~0ULL)
			answer(p, SBI_ERR_DENIED, 0, true);
		return;
	case SBI_MEM_MASK_PTR:
	case SBI_MEM_NONE:
	default:
		return;
	}
}

uint64_t sbi_guard_out(const struct sbi_guard_plan *p, int64_t err, uint64_t *value)
{
	if (!p->bounce || p->action != GUARD_PASS)
		return 0;
	if (p->by_value && *value > p->len)
		*value = p->len;
	if (!p->copy_out || err != SBI_SUCCESS)
		return 0;
	return p->by_value ? *value : p->len;
}
