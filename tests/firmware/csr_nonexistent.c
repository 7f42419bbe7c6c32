// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: accesses to CSRs that do not exist raise illegal
 * instruction with mepc at the instruction and mtval = its bits (§2.1
 * "attempts to access a non-existent CSR raise an illegal instruction
 * exception", §3.1.16 mtval). Covers pmpaddr16 and pmpcfg1 (odd pmpcfg
 * do not exist on RV64, §3.7.1), mseccfg (Smepmp), debug-mode CSRs
 * (dcsr) and unassigned numbers. A monitor must inject these into the
 * firmware exactly as hardware raises them.
 */
#include "test.h"

#define PROBE(csr) do { \
	TRY_CSRR(csr); print_trap("csrr " #csr); \
	TRY_CSRW(csr, 0); print_trap("csrw " #csr); \
} while (0)

int main(void)
{
	test_begin("csr_nonexistent");
	PROBE(0x7ff);
	PROBE(0x3c0);	/* pmpaddr16 */
	PROBE(0x3ef);	/* pmpaddr63 */
	PROBE(0x3a1);	/* pmpcfg1 (RV32 only) */
	PROBE(0x3a3);	/* pmpcfg3 (RV32 only) */
	PROBE(0x747);	/* mseccfg */
	PROBE(0x757);	/* mseccfgh */
	PROBE(0x7b0);	/* dcsr: debug mode only */
	PROBE(0x7b1);	/* dpc */
	PROBE(0x5ff);
	PROBE(0x8ff);	/* custom U read/write */
	PROBE(0xfff);
	PROBE(0x310);	/* mstatush: RV32 only */
	PROBE(0x31a);	/* menvcfgh: RV32 only */
	PROBE(0xc80);	/* cycleh: RV32 only */
	PROBE(0x015);	/* seed (Zkr, absent) */
	PROBE(0xda0);	/* scountovf (Sscofpmf, off) */
	/* Optional extensions that do exist are probed in optional_csrs. */
	test_end();
}
