// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: WARL masks of mie and mip (§3.1.9: MEIP/MTIP/MSIP are
 * read-only in mip, SSIP/STIP/SEIP are writable by M-mode; mie holds the
 * enable bits of the implemented interrupts). Also menvcfg.STCE's effect
 * on mip.STIP (Sstc: with STCE=1 STIP is read-only, driven by stimecmp).
 * mstatus.MIE stays 0, so nothing is taken.
 */
#include "test.h"

int main(void)
{
	int has_sstc;

	test_begin("csr_mie_mip");
	csr_clear(mstatus, MSTATUS_MIE);
	print_kv("mie reset", csr_read(mie));
	print_kv("mip reset", csr_read(mip));
	print_kv("mie write ~0", csr_warl(mie, ~0UL));
	print_kv("mie write 0", csr_warl(mie, 0));

	TRY_CSRR(stimecmp);
	has_sstc = !trap_rec.count;
	print_bool("stimecmp exists (Sstc)", has_sstc);
	TRY_CSRR(menvcfg);
	if (!trap_rec.count) {
		/* Make sure STIP is writable: STCE=0 first (§3.1.18). */
		ulong stce = csr_warl(menvcfg, MENVCFG_STCE) & MENVCFG_STCE;

		csr_clear(menvcfg, MENVCFG_STCE);
		quirk();	/* read-only 0 without Sstc; QEMU 7.2 keeps it */
		print_bool("menvcfg.STCE writable", !!stce);
	}

	print_kv("mip write ~0", csr_warl(mip, ~0UL));
	print_kv("mip write 0", csr_warl(mip, 0));
	print_kv("mip write SSIP", csr_warl(mip, MIP_SSIP));
	print_kv("mip write STIP", csr_warl(mip, MIP_STIP));
	print_kv("mip write SEIP", csr_warl(mip, MIP_SEIP));
	print_kv("mip write MSIP|MTIP|MEIP", csr_warl(mip, MIP_MSIP | MIP_MTIP | MIP_MEIP));
	csr_write(mip, 0);

	if (has_sstc) {
		/* STCE=1: STIP follows stimecmp and ignores writes. */
		csr_set(menvcfg, MENVCFG_STCE);
		csr_write(stimecmp, ~0UL);
		print_kv("STCE=1 stimecmp=~0: mip write STIP",
			 csr_warl(mip, MIP_STIP) & MIP_STIP);
		csr_write(stimecmp, 0);
		print_kv("STCE=1 stimecmp=0: mip.STIP", csr_read(mip) & MIP_STIP);
		print_kv("STCE=1 stimecmp=0: mip write 0",
			 csr_warl(mip, 0) & MIP_STIP);
		csr_write(stimecmp, ~0UL);
		print_kv("STCE=1 stimecmp=~0 again: mip.STIP",
			 csr_read(mip) & MIP_STIP);
		csr_clear(menvcfg, MENVCFG_STCE);
		csr_write(mip, 0);
	}
	test_end();
}
