// SPDX-License-Identifier: BSD-2-Clause
/*
 * A fake hart for host unit tests of core/: a CSR file for the pass-through
 * CSRs, mip, mstatus.FS, satp WARL and the physical pmpaddr registers, with
 * WARL masks set as QEMU 7.2's virt CPU has them.
 */
#ifndef FAKE_HW_H
#define FAKE_HW_H

#include <stdbool.h>
#include <stdint.h>

struct fake_hw {
	bool exists[4096];
	uint64_t fp[33]; /* f0-f31, fcsr */
	uint64_t csr[4096];
	uint64_t mip;
	uint64_t shared; /* mstatus FS and VS (MSTATUS_SHARED) */
	uint64_t pmpaddr[16];
	unsigned csr_writes;
	unsigned policy_enter_os; /* calls of the policy hook */
	bool policy_ipi_pending;  /* what policy_ipi_pending returns */
	/* The CLINT of 4 harts (cordon/platform.h's clint_* driver). */
	uint64_t clint_mtime;
	uint64_t clint_mtimecmp[4];
	uint32_t clint_msip[4];
	uint64_t policy_firmware_mie; /* what policy_firmware_mie returns */
	/* QEMU 7.2's two debug triggers (types 2 and 6). */
	uint64_t trig_select, trig_tdata1[2], trig_tdata2[2];
	bool trig_select_any;	 /* a tselect that holds any index (debug spec §5.7.1) */
	unsigned trig_writes;	 /* world_hw_set_trigger calls */
	unsigned trig_m_written; /* writes of an armed M trigger: must stay 0 (I17) */
};
extern struct fake_hw fake;

/* Reset the fake to QEMU 7.2 virt with H (hw_caps and CSR set). */
void fake_reset(void);

#endif
