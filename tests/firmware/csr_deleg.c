// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: WARL masks of medeleg and mideleg (§3.1.8: medeleg[11]
 * (ecall from M) is read-only zero, only delegable causes stick; mideleg
 * holds only S-level (and, with H, VS-level) interrupt bits).
 */
#include "test.h"

int main(void)
{
	test_begin("csr_deleg");
	print_kv("medeleg reset", csr_read(medeleg));
	print_kv("mideleg reset", csr_read(mideleg));
	print_kv("medeleg write ~0", csr_warl(medeleg, ~0UL));
	print_kv("medeleg write 0", csr_warl(medeleg, 0));
	print_kv("medeleg write 1<<11", csr_warl(medeleg, 1UL << 11));
	print_kv("medeleg write 0xb109", csr_warl(medeleg, 0xb109));
	csr_write(medeleg, 0);
	print_kv("mideleg write ~0", csr_warl(mideleg, ~0UL));
	print_kv("mideleg write 0", csr_warl(mideleg, 0));
	print_kv("mideleg write 0x888 (M bits)", csr_warl(mideleg, 0x888));
	print_kv("mideleg write 0x222", csr_warl(mideleg, 0x222));
	csr_write(mideleg, 0);
	test_end();
}
