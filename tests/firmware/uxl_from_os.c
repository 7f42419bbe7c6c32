// SPDX-License-Identifier: BSD-2-Clause
/*
 * Attack firmware: the OS changes sstatus.UXL / sstatus.UBE, fields that
 * natively only affect U-mode (§3.1.6.2 UXL: the XLEN of U-mode; §3.1.6.4
 * UBE: U-mode's data endianness; §4.1.1: both are visible and, if
 * writable, writable through sstatus). M-mode keeps running RV64,
 * little-endian, whatever they hold.
 *
 * A monitor that runs the firmware in physical U-mode and lets the OS
 * write sstatus directly lets the OS switch the firmware to RV32 or
 * big-endian: a denial of service of the monitor's firmware (or worse, a
 * different decoding of its code). The S-mode function sets each field if
 * writable and ecalls back; M-mode prints what mstatus holds and does
 * ordinary 64-bit work.
 */
#include "test.h"

static long set_fields(long bits)
{
	ulong s = csr_read(sstatus);

	csr_write(sstatus, (s & ~(MSTATUS_UXL | MSTATUS_UBE)) | (ulong)bits);
	return (long)(csr_read(sstatus) & (MSTATUS_UXL | MSTATUS_UBE));
}

static ulong work(ulong x)
{
	volatile ulong buf[2] = { x, 0 };
	volatile uint8_t *b = (volatile uint8_t *)&buf[0];

	buf[1] = (buf[0] << 32) + (buf[0] >> 7) * 0x9e3779b97f4a7c15UL;
	return buf[1] ^ b[0];		/* b[0]: the low byte if little-endian */
}

static void attempt(const char *what, ulong bits)
{
	ulong m0 = csr_read(mstatus), seen;

	seen = (ulong)lower_call(PRV_S, set_fields, (long)bits);
	puts_raw(what);
	println(":");
	print_kv("  sstatus UXL|UBE as S read it", seen);
	print_kv("  mstatus.UXL", (csr_read(mstatus) & MSTATUS_UXL) >> 32);
	print_kv("  mstatus.UBE", (csr_read(mstatus) & MSTATUS_UBE) >> 6);
	print_kv("  64-bit work", work(0x0123456789abcdefUL));
	csr_write(mstatus, m0);
}

int main(void)
{
	test_begin("uxl_from_os");
	pmp_allow_all();
	print_kv("mstatus.UXL at reset", (csr_read(mstatus) & MSTATUS_UXL) >> 32);
	attempt("S sets UXL=1 (32-bit)", 1UL << 32);
	attempt("S sets UBE=1", MSTATUS_UBE);
	attempt("S sets UXL=1 and UBE=1", (1UL << 32) | MSTATUS_UBE);
	print_kv("64-bit work after restore", work(0xfedcba9876543210UL));
	test_end();
}
