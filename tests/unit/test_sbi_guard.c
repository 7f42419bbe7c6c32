// SPDX-License-Identifier: BSD-2-Clause
/*
 * sbi_guard (src/policy/sbi_guard.c): protect-os's filter and bounce-buffer
 * decisions on the OS's SBI calls, against the rules of security.md I13:
 * what is passed, through how many bytes of the buffer, what is answered by
 * cordon with which error, and what may come back, including buffers that
 * straddle the OS's memory, wrap, are huge, misaligned, or above 2^64, and
 * a firmware that reports more bytes than it was given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/policy/sbi_guard.h"

#define OS_BASE 0x80200000ULL
#define OS_END 0x8fe00000ULL
#define CAP 0x1000ULL
#define DBCN 0x4442434EULL
#define SSE 0x535345ULL
#define PMU 0x504D55ULL

static struct sbi_guard_plan plan(uint64_t eid, uint64_t fid, uint64_t a0, uint64_t a1, uint64_t a2,
				  uint64_t a3, uint64_t a4)
{
	const uint64_t a[6] = { a0, a1, a2, a3, a4, 0 };
	struct sbi_guard_plan p;

	sbi_guard(sbi_fn_lookup(eid, fid), eid, a, OS_BASE, OS_END, CAP, &p);
	return p;
}

static void answered(const struct sbi_guard_plan *p, int64_t error)
{
	assert_int_equal(p->action, GUARD_ANSWER);
	assert_int_equal(p->error, error);
}

static void filter(void **state)
{
	struct sbi_guard_plan p;
	(void)state;
	p = plan(0x0A000000, 0, 0, 0, 0, 0, 0); /* firmware-specific range */
	answered(&p, SBI_ERR_NOT_SUPPORTED);
	assert_false(p.refused);
	p = plan(0x09, 0, 0, 0, 0, 0, 0); /* reserved legacy */
	answered(&p, SBI_ERR_NOT_SUPPORTED);
	p = plan(0x10, 7, 0, 0, 0, 0, 0); /* BASE: no FID 7 */
	answered(&p, SBI_ERR_NOT_SUPPORTED);
	/* probe_extension: 0 for what cordon has no table for, the firmware's answer else. */
	p = plan(0x10, 3, 0x0A000000, 0, 0, 0, 0);
	answered(&p, SBI_SUCCESS);
	assert_int_equal(p.value, 0);
	p = plan(0x10, 3, DBCN, 0, 0, 0, 0);
	assert_int_equal(p.action, GUARD_PASS);
	p = plan(0x10, 3, 0x04, 0, 0, 0, 0); /* legacy send_ipi */
	assert_int_equal(p.action, GUARD_PASS);
	/* Calls without memory pass untouched. */
	p = plan(0x54494D45, 0, ~0ULL, 0, 0, 0, 0);
	assert_int_equal(p.action, GUARD_PASS);
	assert_false(p.bounce);
	p = plan(0x04, 99, 0x80300000, 0, 0, 0, 0); /* legacy: the mask is read by protect.c */
	assert_int_equal(p.action, GUARD_PASS);
	assert_false(p.bounce);
}

static void dbcn(void **state)
{
	struct sbi_guard_plan p;
	uint64_t v;
	(void)state;
	/* A write inside the OS's memory: through the buffer, copied in. */
	p = plan(DBCN, 0, 100, 0x80300000, 0, 0, 0);
	assert_int_equal(p.action, GUARD_PASS);
	assert_true(p.bounce && p.copy_in && !p.copy_out);
	assert_int_equal(p.len, 100);
	assert_int_equal(p.os_addr, 0x80300000);
	assert_int_equal(p.addr_reg, 1);
	assert_int_equal(p.len_reg, 0);
	v = 100;
	assert_int_equal(sbi_guard_out(&p, SBI_SUCCESS, &v), 0);
	v = 1000; /* the firmware says it wrote more than it had */
	(void)sbi_guard_out(&p, SBI_SUCCESS, &v);
	assert_int_equal(v, 100);
	/* Longer than the buffer: the first CAP bytes (the call may do less). */
	p = plan(DBCN, 0, 1 << 20, 0x80300000, 0, 0, 0);
	assert_int_equal(p.len, CAP);
	/* Huge, and wrapping: only the first CAP bytes are looked at. */
	p = plan(DBCN, 0, ~0ULL, OS_END - CAP, 0, 0, 0);
	assert_int_equal(p.action, GUARD_PASS);
	assert_int_equal(p.len, CAP);
	p = plan(DBCN, 0, CAP, OS_END - CAP + 1, 0, 0, 0); /* one byte past the end */
	answered(&p, SBI_ERR_INVALID_PARAM);
	assert_true(p.refused);
	p = plan(DBCN, 0, 16, ~0ULL - 7, 0, 0, 0); /* wraps */
	answered(&p, SBI_ERR_INVALID_PARAM);
	p = plan(DBCN, 0, 16, OS_BASE - 8, 0, 0, 0); /* starts below */
	answered(&p, SBI_ERR_INVALID_PARAM);
	p = plan(DBCN, 0, 16, 0x8ff00000, 0, 0, 0); /* cordon's */
	answered(&p, SBI_ERR_INVALID_PARAM);
	p = plan(DBCN, 0, 16, 0x80300000, 1, 0, 0); /* above 2^64 */
	answered(&p, SBI_ERR_INVALID_PARAM);
	/* A read: copied out, as many bytes as read and no more than passed. */
	p = plan(DBCN, 1, 8, 0x80300000, 0, 0, 0);
	assert_true(p.bounce && !p.copy_in && p.copy_out);
	v = 5;
	assert_int_equal(sbi_guard_out(&p, SBI_SUCCESS, &v), 5);
	v = 16;
	assert_int_equal(sbi_guard_out(&p, SBI_SUCCESS, &v), 8);
	assert_int_equal(v, 8);
	v = 8;
	assert_int_equal(sbi_guard_out(&p, SBI_ERR_FAILED, &v), 0);
	/* write_byte: no memory. */
	p = plan(DBCN, 2, 'x', 0, 0, 0, 0);
	assert_int_equal(p.action, GUARD_PASS);
	assert_false(p.bounce);
}

static void sse_and_pmu(void **state)
{
	struct sbi_guard_plan p;
	uint64_t v = 0;
	(void)state;
	/* SSE read_attrs: attr_count a2 at a3 | a4, copied out whole. */
	p = plan(SSE, 0, 0, 0, 4, 0x80300000, 0);
	assert_int_equal(p.action, GUARD_PASS);
	assert_true(p.bounce && !p.copy_in && p.copy_out && !p.by_value);
	assert_int_equal(p.addr_reg, 3);
	assert_int_equal(p.len, 32);
	assert_int_equal(sbi_guard_out(&p, SBI_SUCCESS, &v), 32);
	p = plan(SSE, 1, 0, 0, 4, 0x80300000, 0); /* write_attrs: copied in */
	assert_true(p.copy_in && !p.copy_out);
	p = plan(SSE, 0, 0, 0, CAP / 8 + 1, 0x80300000, 0);
	answered(&p, SBI_ERR_DENIED);
	p = plan(SSE, 0, 0, 0, 1ULL << 61, 0x80300000, 0); /* count * 8 overflows */
	answered(&p, SBI_ERR_DENIED);
	p = plan(SSE, 0, 0, 0, 4, 0x80300004, 0); /* misaligned */
	answered(&p, SBI_ERR_INVALID_ADDRESS);
	p = plan(SSE, 0, 0, 0, 4, OS_END - 16, 0);
	answered(&p, SBI_ERR_INVALID_ADDRESS);
	/* PMU event_get_info: 16-byte entries, in and out. */
	p = plan(PMU, 8, 0x80300000, 0, 3, 0, 0);
	assert_true(p.bounce && p.copy_in && p.copy_out);
	assert_int_equal(p.len, 48);
	assert_int_equal(p.addr_reg, 0);
	p = plan(PMU, 8, 0x80300008, 0, 3, 0, 0);
	answered(&p, SBI_ERR_INVALID_ADDRESS);
	p = plan(PMU, 8, 0x80300000, 0, CAP / 16 + 1, 0, 0);
	answered(&p, SBI_ERR_DENIED);
}

static void shared_memory(void **state)
{
	struct sbi_guard_plan p;
	(void)state;
	p = plan(PMU, 7, 0x80300000, 0, 0, 0, 0); /* snapshot_set_shmem */
	answered(&p, SBI_ERR_DENIED);
	assert_true(p.refused);
	p = plan(PMU, 7, ~0ULL, ~0ULL, 0, 0, 0); /* turning it off */
	assert_int_equal(p.action, GUARD_PASS);
	p = plan(0x535441, 0, 0x80300000, 0, 0, 0, 0); /* STA */
	answered(&p, SBI_ERR_DENIED);
	p = plan(0x44425452, 1, 0x80300000, 0, 0, 0, 0); /* DBTR set_shmem */
	answered(&p, SBI_ERR_DENIED);
}

/* Every defined call, every argument pattern: a pass through the buffer stays inside it. */
static void invariants(void **state)
{
	static const uint64_t vals[] = { 0,	  1,	   8,		16,	    CAP,
					 CAP + 1, OS_BASE, OS_BASE - 1, 0x80300000, OS_END - 1,
					 OS_END,  ~0ULL,   1ULL << 63 };
	const size_t nv = sizeof(vals) / sizeof(vals[0]);
	(void)state;
	for (unsigned i = 0; i < sbi_fn_count; i++)
		for (size_t x = 0; x < nv * nv * nv; x++) {
			uint64_t a[6] = {
				vals[x % nv], vals[x / nv % nv], vals[x / nv / nv], 0, 0, 0
			};
			struct sbi_guard_plan p;
			uint64_t v = ~0ULL;
			a[3] = a[1];
			a[4] = a[2] & 1;
			sbi_guard(&sbi_fns[i], sbi_fns[i].eid, a, OS_BASE, OS_END, CAP, &p);
			if (p.action != GUARD_PASS || !p.bounce)
				continue;
			assert_true(p.len <= CAP);
			assert_true(p.len == 0 ||
				    (p.os_addr >= OS_BASE && p.os_addr + p.len <= OS_END &&
				     p.os_addr + p.len > p.os_addr));
			assert_true(sbi_guard_out(&p, SBI_SUCCESS, &v) <= p.len);
			if (p.by_value)
				assert_true(v <= p.len);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(filter),      cmocka_unit_test(dbcn),
		cmocka_unit_test(sse_and_pmu), cmocka_unit_test(shared_memory),
		cmocka_unit_test(invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
