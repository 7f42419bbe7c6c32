// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: sie and sip as views of mie and mip filtered by mideleg
 * (§4.1.3: an interrupt not delegated to S-mode has read-only zero sip/sie
 * bits; SSIP is writable through sip, STIP/SEIP are not (§4.1.3)).
 * mstatus.MIE and sstatus.SIE stay 0: nothing is taken.
 */
#include "test.h"

int main(void)
{
	test_begin("csr_sie_sip_view");
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_SIE);
	csr_clear(menvcfg, MENVCFG_STCE);

	csr_write(mideleg, 0);
	csr_write(mie, 0);
	print_kv("mideleg=0: sie write ~0", csr_warl(sie, ~0UL));
	print_kv("mideleg=0: mie after", csr_read(mie));
	csr_write(mie, MIP_SSIP | MIP_STIP | MIP_SEIP);
	print_kv("mideleg=0 mie=S bits: sie", csr_read(sie));
	csr_write(mip, MIP_SSIP | MIP_STIP | MIP_SEIP);
	print_kv("mideleg=0 mip=S bits: sip", csr_read(sip));

	csr_write(mideleg, MIP_SSIP | MIP_STIP | MIP_SEIP);
	print_kv("mideleg=0x222: sie", csr_read(sie));
	print_kv("mideleg=0x222: sip", csr_read(sip));
	csr_write(sie, 0);
	print_kv("sie write 0: mie", csr_read(mie));
	csr_write(sie, ~0UL);
	print_kv("sie write ~0: sie", csr_read(sie));
	print_kv("sie write ~0: mie", csr_read(mie));
	csr_write(sip, 0);
	print_kv("sip write 0: sip", csr_read(sip));
	print_kv("sip write 0: mip S bits", csr_read(mip) & (MIP_SSIP | MIP_STIP | MIP_SEIP));
	csr_write(mip, 0);
	csr_write(sip, ~0UL);
	print_kv("sip write ~0: sip", csr_read(sip));
	print_kv("sip write ~0: mip", csr_read(mip) & ~MIP_MTIP);

	/* Only SSIP delegated. */
	csr_write(mip, 0);
	csr_write(mideleg, MIP_SSIP);
	csr_write(mie, MIP_SSIP | MIP_STIP);
	csr_write(mip, MIP_SSIP | MIP_STIP);
	print_kv("mideleg=SSIP: sie", csr_read(sie));
	print_kv("mideleg=SSIP: sip", csr_read(sip));

	csr_write(mip, 0);
	csr_write(mie, 0);
	csr_write(mideleg, 0);
	test_end();
}
