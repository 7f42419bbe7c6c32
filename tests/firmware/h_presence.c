// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: presence of the hypervisor extension as a firmware probes
 * it (privileged spec ch. 8: misa.H §3.1.1, hstatus §8.2.1, hedeleg
 * §8.2.2, hgatp §8.2.10, vsstatus §8.3.1, mstatus.MPV/GVA §8.4.1, mtval2
 * §8.4.4, mtinst §8.4.5, HFENCE.GVMA §8.5.3). A monitor may hide H, but
 * then every probe must trap the same way as on a hart without H.
 */
#include "test.h"

int main(void)
{
	ulong v;

	test_begin("h_presence");
	print_bool("misa.H", !!(csr_read(misa) & (1UL << ('H' - 'A'))));
	v = TRY_CSRR(hstatus);
	print_trap("csrr hstatus");
	if (!trap_rec.count)
		print_kv("hstatus", v);
	TRY_CSRR(hedeleg);
	print_trap("csrr hedeleg");
	TRY_CSRR(hgatp);
	print_trap("csrr hgatp");
	TRY_CSRR(vsstatus);
	print_trap("csrr vsstatus");
	TRY_CSRR(0x34a);	/* mtinst */
	print_trap("csrr mtinst");
	TRY_CSRR(0x34b);	/* mtval2 */
	print_trap("csrr mtval2");
	TRY_ASM(".word 0x62000073");	/* hfence.gvma x0, x0 */
	print_trap("hfence.gvma");
	csr_write(mstatus, MSTATUS_MPV | MSTATUS_GVA);
	v = csr_read(mstatus) & (MSTATUS_MPV | MSTATUS_GVA);
	csr_write(mstatus, 0);
	print_kv("mstatus MPV|GVA write", v);
	test_end();
}
