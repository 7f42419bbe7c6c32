// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: synchronous traps raised by ECALL and EBREAK in M-mode.
 * §3.3.1 (ECALL/EBREAK), §3.1.15 (mcause 11 = ecall from M, 3 = breakpoint),
 * §3.1.16 (mtval for breakpoints: 0 or the faulting pc), §3.1.6.1 (trap
 * entry: MPP <- M, MPIE <- MIE, MIE <- 0).
 */
#include "test.h"

int main(void)
{
	test_begin("ecall_ebreak");

	TRY_ASM("ecall");
	print_trap("ecall");
	print_kv("mstatus.MPP in trap", (trap_rec.status & MSTATUS_MPP) >> 11);

	TRY_ASM("ebreak");
	print_trap("ebreak");

	/* c.ebreak: 16-bit encoding 0x9002; the handler must skip 2 bytes. */
	TRY_ASM(".option rvc\nc.ebreak");
	print_trap("c.ebreak");

	/* ecall with MIE=1: on entry MPIE must hold the old MIE, MIE = 0. */
	csr_set(mstatus, MSTATUS_MIE);
	TRY_ASM("ecall");
	csr_clear(mstatus, MSTATUS_MIE);
	print_trap("ecall with MIE=1");
	print_kv("mstatus.MIE in trap", !!(trap_rec.status & MSTATUS_MIE));
	print_kv("mstatus.MPIE in trap", !!(trap_rec.status & MSTATUS_MPIE));
	print_kv("mstatus.MPP in trap", (trap_rec.status & MSTATUS_MPP) >> 11);

	test_end();
}
