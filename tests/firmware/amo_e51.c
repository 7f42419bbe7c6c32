// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware (for sifive_u's E51: M and U, no S-mode): a
 * misaligned AMO in U-mode reaches M-mode (medeleg cannot send it
 * anywhere else: there is no S-mode). cordon's offload redirected
 * misaligned AMOs to S-mode (as OpenSBI does) without asking whether the
 * hart has one: writing sepc trapped in cordon and stopped the machine
 * (found by review, twelfth session). On a hart with S-mode the offload
 * redirects such an AMO to S by design (docs/security.md, offload): the
 * test then only says so.
 */
#include "test.h"

#define DATA (SCRATCH_BASE + 0x31000)

static long probe(long addr)
{
	__asm__ volatile("amoadd.w zero, zero, (%0)" : : "r"(addr) : "memory");
	return 0;
}

int main(void)
{
	struct trap_record t = { 0 };

	test_begin("amo_e51");
	if ((csr_read(misa) >> ('S' - 'A')) & 1) {
		println("skipped: the hart has S-mode");
		test_end();
	}
	pmp_allow_all();
	csr_write(medeleg, 0);
	*(volatile ulong *)DATA = 0;
	(void)lower_call_catch(PRV_U, probe, DATA + 2, &t);
	print_kv("U misaligned AMO: mcause", t.count ? t.cause : 0);
	print_kv("mtval", t.tval);
	println(t.count && t.epc >= (ulong)probe && t.epc < (ulong)probe + 16 ? "mepc: the AMO"
									      : "mepc: ELSEWHERE");
	test_end();
}
