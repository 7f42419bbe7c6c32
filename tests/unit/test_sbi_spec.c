// SPDX-License-Identifier: BSD-2-Clause
/*
 * sbi_spec (src/policy/sbi_spec.c): the table against the SBI
 * specification. The expected rows are the specification's function tables
 * (name, FID, EID) and its prototypes' argument counts, written out here
 * independently of the table; plus lookup rules: legacy calls ignore the
 * FID, undefined calls are NULL, no row twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/policy/sbi_spec.h"

struct want {
	uint32_t eid, fid;
	unsigned nargs;
	const char *name;
};

/* From the specification v3.0 (riscv-non-isa/riscv-sbi-doc, src/ext-*.adoc). */
static const struct want spec[] = {
	{ 0x10, 3, 1, "sbi_probe_extension" },
	{ 0x54494D45, 0, 1, "sbi_set_timer" },
	{ 0x735049, 0, 2, "sbi_send_ipi" },
	{ 0x52464E43, 0, 2, "sbi_remote_fence_i" },
	{ 0x52464E43, 1, 4, "sbi_remote_sfence_vma" },
	{ 0x52464E43, 2, 5, "sbi_remote_sfence_vma_asid" },
	{ 0x52464E43, 3, 5, "sbi_remote_hfence_gvma_vmid" },
	{ 0x52464E43, 4, 4, "sbi_remote_hfence_gvma" },
	{ 0x52464E43, 5, 5, "sbi_remote_hfence_vvma_asid" },
	{ 0x52464E43, 6, 4, "sbi_remote_hfence_vvma" },
	{ 0x48534D, 0, 3, "sbi_hart_start" },
	{ 0x48534D, 1, 0, "sbi_hart_stop" },
	{ 0x48534D, 2, 1, "sbi_hart_get_status" },
	{ 0x48534D, 3, 3, "sbi_hart_suspend" },
	{ 0x53525354, 0, 2, "sbi_system_reset" },
	{ 0x53555350, 0, 3, "sbi_system_suspend" },
	{ 0x504D55, 2, 5, "sbi_pmu_counter_config_matching" },
	{ 0x504D55, 7, 3, "sbi_pmu_snapshot_set_shmem" },
	{ 0x504D55, 8, 4, "sbi_pmu_event_get_info" },
	{ 0x4442434E, 0, 3, "sbi_debug_console_write" },
	{ 0x4442434E, 1, 3, "sbi_debug_console_read" },
	{ 0x4442434E, 2, 1, "sbi_debug_console_write_byte" },
	{ 0x43505043, 3, 2, "sbi_cppc_write" },
	{ 0x4E41434C, 4, 0, "sbi_nacl_sync_sret" },
	{ 0x535441, 0, 3, "sbi_steal_time_set_shmem" },
	{ 0x535345, 0, 5, "sbi_sse_read_attrs" },
	{ 0x535345, 2, 3, "sbi_sse_register" },
	{ 0x535345, 6, 0, "sbi_sse_complete" },
	{ 0x535345, 9, 0, "sbi_sse_hart_mask" },
	{ 0x46574654, 0, 3, "sbi_fwft_set" },
	{ 0x44425452, 1, 3, "sbi_debug_set_shmem" },
	{ 0x44425452, 7, 2, "sbi_debug_disable_triggers" },
};

static void against_spec(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		const struct sbi_fn *f = sbi_fn_lookup(spec[i].eid, spec[i].fid);
		assert_non_null(f);
		assert_string_equal(f->name, spec[i].name);
		assert_int_equal(f->nargs, spec[i].nargs);
		assert_int_equal(f->nret, 2);
		assert_true(f->nargs <= 6);
	}
}

static void legacy(void **state)
{
	(void)state;
	/* v0.1: a6 is not looked at; a0 alone comes back. */
	for (uint64_t fid = 0; fid < 3; fid++) {
		const struct sbi_fn *f = sbi_fn_lookup(0x04, fid * 1234);
		assert_non_null(f);
		assert_string_equal(f->name, "sbi_send_ipi");
		assert_int_equal(f->mem, SBI_MEM_MASK_PTR);
		assert_int_equal(f->nret, 1);
	}
	assert_int_equal(sbi_fn_lookup(0x07, 0)->nargs, 4);
	assert_null(sbi_fn_lookup(0x09, 0)); /* 0x09-0x0F: reserved */
}

static void undefined(void **state)
{
	(void)state;
	assert_null(sbi_fn_lookup(0x10, 7));
	assert_null(sbi_fn_lookup(0x735049, 1));
	assert_null(sbi_fn_lookup(0x4D505859, 0));		     /* MPXY: not in the table */
	assert_null(sbi_fn_lookup(0x08000000, 0));		     /* experimental */
	assert_null(sbi_fn_lookup(0x54494D45ULL | (1ULL << 32), 0)); /* EIDs are 32-bit */
}

static void memory_and_flow(void **state)
{
	(void)state;
	assert_int_equal(sbi_fn_lookup(0x4442434E, 0)->mem, SBI_MEM_BUF_RD);
	assert_int_equal(sbi_fn_lookup(0x4442434E, 1)->mem, SBI_MEM_BUF_WR);
	assert_int_equal(sbi_fn_lookup(0x48534D, 0)->flow, SBI_FLOW_HART_START);
	assert_int_equal(sbi_fn_lookup(0x48534D, 3)->flow, SBI_FLOW_RESUME);
	assert_int_equal(sbi_fn_lookup(0x535345, 2)->flow, SBI_FLOW_HANDLER);
	/* Every call that takes OS memory or an entry point is marked. */
	for (unsigned i = 0; i < sbi_fn_count; i++) {
		const char *n = sbi_fns[i].name;
		if (strstr(n, "shmem"))
			assert_int_equal(sbi_fns[i].mem, SBI_MEM_SHMEM);
	}
}

static void unique(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sbi_fn_count; i++)
		for (unsigned j = i + 1; j < sbi_fn_count; j++)
			assert_false(sbi_fns[i].eid == sbi_fns[j].eid &&
				     sbi_fns[i].fid == sbi_fns[j].fid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(against_spec), cmocka_unit_test(legacy),
		cmocka_unit_test(undefined),	cmocka_unit_test(memory_and_flow),
		cmocka_unit_test(unique),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
