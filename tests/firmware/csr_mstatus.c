// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: WARL behaviour of mstatus fields, written one at a time and
 * all at once (§3.1.6: mstatus; §3.1.6.1 MIE/MPIE/SIE/SPIE/MPP/SPP with MPP=2
 * legalized since it is reserved; §3.1.6.2 UXL/SXL; §3.1.6.3 MPRV/MXR/SUM;
 * §3.1.6.4 MBE/SBE/UBE; §3.1.6.5 TVM/TW/TSR; §3.1.6.6 FS/VS/XS/SD).
 * The H-extension bits MPV/GVA are masked here (see h_presence). UXL is
 * masked from the raw dumps and printed once: QEMU 7.2 reads it back as 3
 * after any mstatus write (it should stay 2 on RV64-only harts).
 */
#include "test.h"

static const struct {
	const char *name;
	ulong mask;
} fields[] = {
	{ "SIE", MSTATUS_SIE }, { "MIE", MSTATUS_MIE },
	{ "SPIE", MSTATUS_SPIE }, { "UBE", MSTATUS_UBE },
	{ "MPIE", MSTATUS_MPIE }, { "SPP", MSTATUS_SPP },
	{ "VS", MSTATUS_VS }, { "MPP", MSTATUS_MPP },
	{ "FS", MSTATUS_FS }, { "XS", MSTATUS_XS },
	{ "MPRV", MSTATUS_MPRV }, { "SUM", MSTATUS_SUM },
	{ "MXR", MSTATUS_MXR }, { "TVM", MSTATUS_TVM },
	{ "TW", MSTATUS_TW }, { "TSR", MSTATUS_TSR },
	{ "UXL", MSTATUS_UXL }, { "SXL", MSTATUS_SXL },
	{ "SBE", MSTATUS_SBE }, { "MBE", MSTATUS_MBE },
	{ "SD", MSTATUS_SD },
};

/* MIE stays 0 in every write: no interrupt is enabled anyway. */
#define HIDE (MSTATUS_H_BITS | MSTATUS_UXL)
#define SAFE_MASK (~(MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_H_BITS))

int main(void)
{
	ulong base = csr_read(mstatus);
	ulong v;

	test_begin("csr_mstatus");
	print_kv("reset mstatus (FS/VS masked)",
		 base & ~HIDE & ~(MSTATUS_FS | MSTATUS_VS | MSTATUS_SD));

	/* All-ones, then all-zeros (MIE and MPRV kept clear). */
	v = csr_warl(mstatus, SAFE_MASK) & ~HIDE;
	print_kv("write ~0", v);
	v = csr_warl(mstatus, 0) & ~HIDE;
	print_kv("write 0", v);

	/* Each field set alone: which bits stick? */
	for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		ulong m = fields[i].mask;

		if (m == MSTATUS_MIE || m == MSTATUS_MPRV)
			continue;	/* covered below */
		csr_write(mstatus, 0);
		v = csr_warl(mstatus, m) & ~HIDE;
		puts_raw("set ");
		print_kv(fields[i].name, v);
	}

	/* MPP is WARL: 2 is reserved (no H-mode) and must not read back. */
	for (ulong mpp = 0; mpp < 4; mpp++) {
		csr_write(mstatus, 0);
		v = csr_warl(mstatus, mpp << MSTATUS_MPP_SHIFT);
		if (mpp == 2)
			quirk();	/* QEMU 7.2 keeps the reserved MPP=2 */
		puts_raw("MPP write ");
		print_dec(mpp);
		puts_raw(" reads ");
		print_dec((v & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
		putc_uart('\n');
	}

	/* MPRV with MPP=M: harmless, readable. */
	csr_write(mstatus, MSTATUS_MPP);
	v = csr_warl(mstatus, MSTATUS_MPP | MSTATUS_MPRV);
	csr_clear(mstatus, MSTATUS_MPRV);
	print_bool("MPRV sticks", !!(v & MSTATUS_MPRV));

	/* MIE alone (no interrupt source is enabled in mie). */
	csr_write(mie, 0);
	csr_write(mstatus, 0);
	v = csr_warl(mstatus, MSTATUS_MIE);
	csr_clear(mstatus, MSTATUS_MIE);
	print_bool("MIE sticks", !!(v & MSTATUS_MIE));

	/* csrs/csrc on single fields leave the others alone. */
	csr_write(mstatus, MSTATUS_TSR | MSTATUS_SUM);
	csr_set(mstatus, MSTATUS_TW);
	csr_clear(mstatus, MSTATUS_SUM);
	print_kv("TSR|SUM +TW -SUM", csr_read(mstatus) & ~HIDE &
		 ~(MSTATUS_FS | MSTATUS_SD));

	/* FS dirty sets SD (§3.1.6.6). */
	csr_write(mstatus, 3UL << MSTATUS_FS_SHIFT);
	print_bool("FS=3 -> SD", !!(csr_read(mstatus) & MSTATUS_SD));
	csr_write(mstatus, 1UL << MSTATUS_FS_SHIFT);
	print_bool("FS=1 -> SD", !!(csr_read(mstatus) & MSTATUS_SD));
	csr_write(mstatus, MSTATUS_SD);
	print_bool("write SD alone sticks", !!(csr_read(mstatus) & MSTATUS_SD));

	csr_write(mstatus, 0);
	quirk();	/* QEMU 7.2 turns UXL to 3 on any write */
	print_kv("UXL after a write", (csr_read(mstatus) & MSTATUS_UXL) >> 32);
	print_kv("SXL after a write", (csr_read(mstatus) & MSTATUS_SXL) >> 34);
	csr_write(mstatus, base);
	test_end();
}
