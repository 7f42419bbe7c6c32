// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of policy/sbi_guard.c: protect-os's decisions on an SBI
 * call of the OS with arbitrary eid, fid, arguments, OS memory and what the
 * firmware answers. Invariants (docs/security.md, I13): a call passed
 * through the bounce buffer names at most the buffer's size of the OS's
 * memory, without wrapping; nothing comes back beyond it, and the count the
 * OS is told never exceeds what cordon passed; a call is answered by
 * cordon exactly when the specification does not define it, its memory is
 * not the OS's, or it would keep a shared memory.
 */
#include <stdbool.h>
#include <string.h>

#include "../../src/policy/sbi_guard.h"
#include "fuzz.h"

/* Extension IDs the table knows, so that defined calls are reached often. */
static const uint32_t eids[] = { 0x04,	     0x10,	 0x54494D45, 0x735049,
				 0x52464E43, 0x48534D,	 0x53525354, 0x504D55,
				 0x4442434E, 0x53555350, 0x43505043, 0x4E41434C,
				 0x535441,   0x535345,	 0x46574654, 0x44425452 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stream s = { data, size, 0 };
	uint8_t sel = stream_u8(&s);
	uint64_t eid =
		sel < 0xf0 ? eids[sel % (sizeof(eids) / sizeof(eids[0]))] : stream_bytes(&s, 8);
	uint64_t fid = stream_u8(&s) % 12U, a[6], os_base, os_end, cap, v;
	struct sbi_guard_plan p;
	const struct sbi_fn *f;

	for (unsigned i = 0; i < 6; i++)
		a[i] = stream_bytes(&s, stream_u8(&s) % 9U);
	os_base = stream_bytes(&s, 8) & ~0xfffULL;
	os_end = os_base + (stream_bytes(&s, 4) << 12);
	if (os_end <= os_base)
		return 0;
	cap = 16ULL << (stream_u8(&s) % 9U);
	f = sbi_fn_lookup(eid, fid);
	sbi_guard(f, eid, a, os_base, os_end, cap, &p);

	CHECK(p.action == GUARD_PASS || p.action == GUARD_ANSWER, "action %u", p.action);
	CHECK(f || p.action == GUARD_ANSWER, "an undefined call passed");
	if (p.action == GUARD_ANSWER) {
		CHECK(!f || p.refused || (eid == 0x10 && fid == 3), "answered without reason");
		return 0;
	}
	CHECK(!f || f->mem != SBI_MEM_SHMEM || (a[0] == ~0ULL && a[1] == ~0ULL),
	      "a shared memory passed");
	CHECK(!p.bounce || (f && f->mem != SBI_MEM_NONE && f->mem != SBI_MEM_MASK_PTR),
	      "bounce without memory");
	if (!p.bounce)
		return 0;
	CHECK(p.len <= cap, "len %lu over cap %lu", (unsigned long)p.len, (unsigned long)cap);
	CHECK(p.len == 0 ||
		      (p.os_addr >= os_base && p.os_addr < os_end && p.len <= os_end - p.os_addr),
	      "buffer %lx+%lx outside %lx-%lx", (unsigned long)p.os_addr, (unsigned long)p.len,
	      (unsigned long)os_base, (unsigned long)os_end);
	CHECK(p.addr_reg < 5 && a[p.addr_reg + 1U] == 0, "high half %u", p.addr_reg);
	v = stream_bytes(&s, 8);
	uint64_t told = v, n = sbi_guard_out(&p, (int64_t)stream_bytes(&s, 8) % 4, &v);
	CHECK(n <= p.len, "copy-out %lu over %lu", (unsigned long)n, (unsigned long)p.len);
	CHECK(!p.by_value || v <= p.len, "the OS told %lu of %lu", (unsigned long)v,
	      (unsigned long)p.len);
	CHECK(p.by_value || v == told, "value changed");
	CHECK(!n || p.copy_out, "copied out what is not returned");
	return 0;
}
