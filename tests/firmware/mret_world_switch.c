// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test firmware: MRET to S- and U-mode and back through ECALL (§3.3.2 MRET:
 * privilege <- MPP, MPP <- U, MPIE <- 1, MPRV <- 0 when MPP != M;
 * §3.1.6.1 trap entry: MPP <- previous mode, MPIE <- MIE, MIE <- 0;
 * §3.1.15 mcause 8 = ecall from U, 9 = ecall from S). Also checks that
 * S/U code sees the registers it was given and that mstatus fields set by
 * M-mode survive the round trip.
 */
#include "test.h"

static volatile ulong seen_sstatus;

static long lower_fn(long arg)
{
	seen_sstatus = 0;
	__asm__ volatile("ecall" ::: "memory");	/* test ecall */
	return arg * 3 + 1;
}

static long s_fn(long arg)
{
	seen_sstatus = csr_read(sstatus);
	return arg + 0x100;
}

int main(void)
{
	long r;

	test_begin("mret_world_switch");
	pmp_allow_all();
	csr_write(mie, 0);

	/* S-mode: the inner ecall is recorded (mcause 9) and skipped. */
	trap_begin();
	r = lower_call(PRV_S, lower_fn, 5);
	trap_end();
	print_kv("S: return value", (ulong)r);
	{
		struct trap_record rec = { trap_rec.count, trap_rec.cause, trap_rec.epc,
					   trap_rec.tval, trap_rec.status, trap_rec.vector };
		print_record("S: ecall (epc from lower_fn)", &rec, (ulong)lower_fn);
	}
	print_kv("S: MPP in trap", (trap_rec.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	print_kv("S: MPIE in trap", !!(trap_rec.status & MSTATUS_MPIE));
	print_kv("mstatus.MPP after return", (csr_read(mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);

	trap_begin();
	r = lower_call(PRV_U, lower_fn, 7);
	trap_end();
	print_kv("U: return value", (ulong)r);
	print_kv("U: mcause", trap_rec.cause);
	print_kv("U: count", trap_rec.count);
	print_kv("U: MPP in trap", (trap_rec.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);

	/* MIE=1 in M before mret: MPIE in the lower mode's trap reflects
	 * what mret set (MPIE <- 1), MIE is irrelevant to S/U. */
	csr_set(mstatus, MSTATUS_MPIE);
	trap_begin();
	r = lower_call(PRV_S, lower_fn, 1);
	trap_end();
	print_kv("S (MPIE=1): MPIE in trap", !!(trap_rec.status & MSTATUS_MPIE));
	print_kv("S (MPIE=1): MIE in trap", !!(trap_rec.status & MSTATUS_MIE));

	/* mret with MPP=S clears MPRV. */
	csr_set(mstatus, MSTATUS_MPRV);
	r = lower_call(PRV_S, s_fn, 0);
	quirk();	/* QEMU 7.2 does not clear MPRV on mret to S/U */
	print_kv("MPRV after mret to S and back", !!(csr_read(mstatus) & MSTATUS_MPRV));
	/* S-visible mstatus fields set by M survive: SUM, MXR, SPP, SPIE. */
	csr_set(mstatus, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPIE);
	r = lower_call(PRV_S, s_fn, 0);
	print_kv("S saw sstatus (FS/SD/UXL masked)",
		 seen_sstatus & ~(MSTATUS_FS | MSTATUS_SD | MSTATUS_UXL | MSTATUS_VS));
	print_kv("s_fn return", (ulong)r);
	csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPIE);
	test_end();
}
