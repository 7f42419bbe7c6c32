// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: sstatus is a restricted view of mstatus (§4.1.1: only the
 * S-visible fields SIE, SPIE, UBE, SPP, VS, FS, XS, SUM, MXR, UXL, SD;
 * writes through sstatus change exactly those fields of mstatus).
 */
#include "test.h"

#define HIDE (MSTATUS_H_BITS | MSTATUS_UXL)	/* see csr_mstatus */

int main(void)
{
	ulong m0 = csr_read(mstatus);

	test_begin("csr_sstatus_view");
	csr_write(mstatus, ~(MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_H_BITS));
	print_kv("mstatus=~0: sstatus", csr_read(sstatus) & ~HIDE);
	csr_write(mstatus, 0);
	print_kv("mstatus=0: sstatus", csr_read(sstatus) & ~HIDE);

	csr_write(mstatus, MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TSR | MSTATUS_MPIE);
	csr_write(sstatus, ~0UL);
	print_kv("sstatus=~0: mstatus", csr_read(mstatus) & ~HIDE);
	print_kv("sstatus=~0: sstatus", csr_read(sstatus) & ~HIDE);
	csr_write(sstatus, 0);
	print_kv("sstatus=0: mstatus", csr_read(mstatus) & ~HIDE);
	print_kv("sstatus=0: sstatus", csr_read(sstatus) & ~HIDE);

	csr_set(sstatus, MSTATUS_SUM | MSTATUS_SPP);
	print_kv("csrs sstatus SUM|SPP: mstatus", csr_read(mstatus) & ~HIDE);
	csr_set(mstatus, MSTATUS_MXR | MSTATUS_SPIE);
	print_kv("csrs mstatus MXR|SPIE: sstatus", csr_read(sstatus) & ~HIDE);
	/* M-only fields written through sstatus are ignored. */
	csr_write(mstatus, 0);
	csr_set(sstatus, MSTATUS_MPP | MSTATUS_TW | MSTATUS_MPRV | MSTATUS_MIE);
	print_kv("csrs sstatus M-only bits: mstatus", csr_read(mstatus) & ~HIDE);
	/* SD in sstatus follows FS. */
	csr_write(sstatus, 3UL << MSTATUS_FS_SHIFT);
	print_bool("sstatus FS=3 -> sstatus.SD", !!(csr_read(sstatus) & MSTATUS_SD));
	print_bool("sstatus FS=3 -> mstatus.SD", !!(csr_read(mstatus) & MSTATUS_SD));
	quirk();
	print_kv("sstatus.UXL", (csr_read(sstatus) & MSTATUS_UXL) >> 32);
	csr_write(mstatus, m0);
	test_end();
}
