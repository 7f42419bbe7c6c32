// SPDX-License-Identifier: BSD-2-Clause
/*
 * The SBI calls as the specification defines them (see sbi_spec.h). Each
 * row: extension, function, argument registers, OS memory, control flow,
 * return registers, name. From the prototypes and function tables of the
 * SBI specification v3.0 (chapters 5-19; legacy: chapter 5, "Legacy
 * Extensions", whose calls return a0 only and ignore a6).
 */
#include "sbi_spec.h"

#include <stddef.h>

#define L(eid, n, mem, name)                                                                       \
	{                                                                                          \
		eid, 0, n, mem, SBI_FLOW_NONE, 1, name                                             \
	}
#define F(eid, fid, n, mem, flow, name)                                                            \
	{                                                                                          \
		eid, fid, n, mem, flow, 2, name                                                    \
	}
#define N SBI_MEM_NONE
#define NF SBI_FLOW_NONE

#define BASE 0x10U
#define TIME 0x54494D45U
#define IPI 0x735049U
#define RFNC 0x52464E43U
#define HSM 0x48534DU
#define SRST 0x53525354U
#define PMU 0x504D55U
#define DBCN 0x4442434EU
#define SUSP 0x53555350U
#define CPPC 0x43505043U
#define NACL 0x4E41434CU
#define STA 0x535441U
#define SSE 0x535345U
#define FWFT 0x46574654U
#define DBTR 0x44425452U

const struct sbi_fn sbi_fns[] = {
	/* Legacy (v0.1) */
	L(0x00, 1, N, "sbi_set_timer"),
	L(0x01, 1, N, "sbi_console_putchar"),
	L(0x02, 0, N, "sbi_console_getchar"),
	L(0x03, 0, N, "sbi_clear_ipi"),
	L(0x04, 1, SBI_MEM_MASK_PTR, "sbi_send_ipi"),
	L(0x05, 1, SBI_MEM_MASK_PTR, "sbi_remote_fence_i"),
	L(0x06, 3, SBI_MEM_MASK_PTR, "sbi_remote_sfence_vma"),
	L(0x07, 4, SBI_MEM_MASK_PTR, "sbi_remote_sfence_vma_asid"),
	L(0x08, 0, N, "sbi_shutdown"),
	/* Base */
	F(BASE, 0, 0, N, NF, "sbi_get_spec_version"),
	F(BASE, 1, 0, N, NF, "sbi_get_impl_id"),
	F(BASE, 2, 0, N, NF, "sbi_get_impl_version"),
	F(BASE, 3, 1, N, NF, "sbi_probe_extension"),
	F(BASE, 4, 0, N, NF, "sbi_get_mvendorid"),
	F(BASE, 5, 0, N, NF, "sbi_get_marchid"),
	F(BASE, 6, 0, N, NF, "sbi_get_mimpid"),
	/* Timer, IPI, RFENCE */
	F(TIME, 0, 1, N, NF, "sbi_set_timer"),
	F(IPI, 0, 2, N, NF, "sbi_send_ipi"),
	F(RFNC, 0, 2, N, NF, "sbi_remote_fence_i"),
	F(RFNC, 1, 4, N, NF, "sbi_remote_sfence_vma"),
	F(RFNC, 2, 5, N, NF, "sbi_remote_sfence_vma_asid"),
	F(RFNC, 3, 5, N, NF, "sbi_remote_hfence_gvma_vmid"),
	F(RFNC, 4, 4, N, NF, "sbi_remote_hfence_gvma"),
	F(RFNC, 5, 5, N, NF, "sbi_remote_hfence_vvma_asid"),
	F(RFNC, 6, 4, N, NF, "sbi_remote_hfence_vvma"),
	/* Hart state management */
	F(HSM, 0, 3, N, SBI_FLOW_HART_START, "sbi_hart_start"),
	F(HSM, 1, 0, N, NF, "sbi_hart_stop"),
	F(HSM, 2, 1, N, NF, "sbi_hart_get_status"),
	F(HSM, 3, 3, N, SBI_FLOW_RESUME, "sbi_hart_suspend"),
	/* System reset, suspend */
	F(SRST, 0, 2, N, NF, "sbi_system_reset"),
	F(SUSP, 0, 3, N, SBI_FLOW_RESUME, "sbi_system_suspend"),
	/* Performance monitoring */
	F(PMU, 0, 0, N, NF, "sbi_pmu_num_counters"),
	F(PMU, 1, 1, N, NF, "sbi_pmu_counter_get_info"),
	F(PMU, 2, 5, N, NF, "sbi_pmu_counter_config_matching"),
	F(PMU, 3, 4, N, NF, "sbi_pmu_counter_start"),
	F(PMU, 4, 3, N, NF, "sbi_pmu_counter_stop"),
	F(PMU, 5, 1, N, NF, "sbi_pmu_counter_fw_read"),
	F(PMU, 6, 1, N, NF, "sbi_pmu_counter_fw_read_hi"),
	F(PMU, 7, 3, SBI_MEM_SHMEM, NF, "sbi_pmu_snapshot_set_shmem"),
	F(PMU, 8, 4, SBI_MEM_TABLE_RW, NF, "sbi_pmu_event_get_info"),
	/* Debug console */
	F(DBCN, 0, 3, SBI_MEM_BUF_RD, NF, "sbi_debug_console_write"),
	F(DBCN, 1, 3, SBI_MEM_BUF_WR, NF, "sbi_debug_console_read"),
	F(DBCN, 2, 1, N, NF, "sbi_debug_console_write_byte"),
	/* CPPC */
	F(CPPC, 0, 1, N, NF, "sbi_cppc_probe"),
	F(CPPC, 1, 1, N, NF, "sbi_cppc_read"),
	F(CPPC, 2, 1, N, NF, "sbi_cppc_read_hi"),
	F(CPPC, 3, 2, N, NF, "sbi_cppc_write"),
	/* Nested acceleration: the shared memory holds a guest's state */
	F(NACL, 0, 1, N, NF, "sbi_nacl_probe_feature"),
	F(NACL, 1, 3, SBI_MEM_SHMEM, NF, "sbi_nacl_set_shmem"),
	F(NACL, 2, 1, SBI_MEM_SHMEM, NF, "sbi_nacl_sync_csr"),
	F(NACL, 3, 1, SBI_MEM_SHMEM, NF, "sbi_nacl_sync_hfence"),
	F(NACL, 4, 0, SBI_MEM_SHMEM, NF, "sbi_nacl_sync_sret"),
	/* Steal-time accounting */
	F(STA, 0, 3, SBI_MEM_SHMEM, NF, "sbi_steal_time_set_shmem"),
	/* Supervisor software events */
	F(SSE, 0, 5, SBI_MEM_ATTR_WR, NF, "sbi_sse_read_attrs"),
	F(SSE, 1, 5, SBI_MEM_ATTR_RD, NF, "sbi_sse_write_attrs"),
	F(SSE, 2, 3, N, SBI_FLOW_HANDLER, "sbi_sse_register"),
	F(SSE, 3, 1, N, NF, "sbi_sse_unregister"),
	F(SSE, 4, 1, N, NF, "sbi_sse_enable"),
	F(SSE, 5, 1, N, NF, "sbi_sse_disable"),
	F(SSE, 6, 0, N, SBI_FLOW_EVENT_RETURN, "sbi_sse_complete"),
	F(SSE, 7, 2, N, NF, "sbi_sse_inject"),
	F(SSE, 8, 0, N, NF, "sbi_sse_hart_unmask"),
	F(SSE, 9, 0, N, NF, "sbi_sse_hart_mask"),
	/* Firmware features */
	F(FWFT, 0, 3, N, NF, "sbi_fwft_set"),
	F(FWFT, 1, 1, N, NF, "sbi_fwft_get"),
	/* Debug triggers: trigger state goes through the shared memory */
	F(DBTR, 0, 1, N, NF, "sbi_debug_num_triggers"),
	F(DBTR, 1, 3, SBI_MEM_SHMEM, NF, "sbi_debug_set_shmem"),
	F(DBTR, 2, 2, SBI_MEM_SHMEM, NF, "sbi_debug_read_triggers"),
	F(DBTR, 3, 1, SBI_MEM_SHMEM, NF, "sbi_debug_install_triggers"),
	F(DBTR, 4, 1, SBI_MEM_SHMEM, NF, "sbi_debug_update_triggers"),
	F(DBTR, 5, 2, N, NF, "sbi_debug_uninstall_triggers"),
	F(DBTR, 6, 2, N, NF, "sbi_debug_enable_triggers"),
	F(DBTR, 7, 2, N, NF, "sbi_debug_disable_triggers"),
};

const unsigned sbi_fn_count = sizeof(sbi_fns) / sizeof(sbi_fns[0]);

const struct sbi_fn *sbi_fn_lookup(uint64_t eid, uint64_t fid)
{
	for (unsigned i = 0; i < sbi_fn_count; i++) {
		const struct sbi_fn *f = &sbi_fns[i];
		if (f->eid == eid && (eid <= SBI_EXT_LEGACY_MAX || f->fid == fid))
			return f;
	}
	return NULL;
}

bool sbi_ext_known(uint64_t eid)
{
	for (unsigned i = 0; i < sbi_fn_count; i++)
		if (sbi_fns[i].eid == eid)
			return true;
	return false;
}
