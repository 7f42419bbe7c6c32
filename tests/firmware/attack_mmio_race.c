// SPDX-License-Identifier: BSD-2-Clause
/* difftest: smp=2 */
/*
 * Attack firmware: the instruction behind an emulated MMIO access changes
 * between the trap and its emulation (a TOCTOU race on the instruction
 * fetch). §3.7 (PMP, locked entries bind M-mode too), §3.1.16 (mtval of a
 * load/store access fault is the faulting address), §3.1.6.1 (mstatus.FS
 * Off makes FP instructions illegal).
 *
 * Hart 0 runs, again and again, one instruction at a fixed address in a
 * writable page: `ld a1,0(a0)` with a0 = hart 0's mtimecmp (a monitor
 * traps and emulates it), while hart 1 rewrites that word to
 * `ld a1,0(a2)` and back without any fence.i. a2 points at the top 1 MiB
 * of RAM (256 MiB: 0x8ff00000, where cordon lives), which hart 0 first
 * closes to M-mode itself with a locked PMP entry, so that natively the
 * direct load faults with mtval = a2. A monitor that decodes the
 * instruction again after the trap executes the load of a2 for the
 * firmware: it reads (or, for the store variant, writes) its own memory.
 * Every outcome is classified: the MMIO access as written, an access fault
 * on a2, or ESCAPE. The FP variant swaps in `fld ft0,0(a0)` with FS=Off
 * (natively illegal instruction, mtval = its bits).
 * Only the escape counts are compared; outcome counts are "info:" lines.
 */
#include "test.h"

#define FORBIDDEN	0x8ff00000UL	/* top 1 MiB of 256 MiB RAM */
#define ITERATIONS	20000
#define MAX_TICKS	20000000UL	/* 2 s of the 10 MHz mtime */
#define SENTINEL	0x5151515151515151UL

#define LD_A1_A0	0x00053583u	/* ld  a1, 0(a0) */
#define LD_A1_A2	0x00063583u	/* ld  a1, 0(a2) */
#define SD_A1_A0	0x00b53023u	/* sd  a1, 0(a0) */
#define SD_A1_A2	0x00b63023u	/* sd  a1, 0(a2) */
#define FLD_FT0_A0	0x00053007u	/* fld ft0, 0(a0) */
#define RET		0x00008067u	/* jalr x0, 0(ra) */

/* The racy code page: word 0 is the instruction, word 1 returns. */
static volatile uint32_t code[1024] __attribute__((aligned(4096)));

/* Hart 1's orders: swap code[0] between wa and wb while run is set. */
static volatile uint32_t wa, wb;
static volatile ulong run, start_seq, done_seq, h1_alive;

void secondary_main(ulong hartid)
{
	ulong seen = 0;

	if (hartid != 1)
		return;
	h1_alive = 1;
	for (;;) {
		while (start_seq == seen)
			;
		__sync_synchronize();
		seen = start_seq;
		uint32_t a = wa, b = wb;
		while (run) {
			code[0] = b;
			code[0] = a;
		}
		code[0] = a;
		__sync_synchronize();
		done_seq = seen;
	}
}

/* Run code[0] once with a0 = MTIMECMP, a1 = a1_in, a2 = FORBIDDEN. */
static ulong run_once(ulong a1_in)
{
	ulong out;

	trap_begin();
	__asm__ volatile("mv a0, %1\n\tmv a1, %2\n\tmv a2, %3\n\t"
			 "fence.i\n\tjalr ra, 0(%4)\n\tmv %0, a1"
			 : "=r"(out)
			 : "r"(CLINT_MTIMECMP), "r"(a1_in), "r"(FORBIDDEN), "r"(code)
			 : "ra", "a0", "a1", "a2", "ft0", "memory");
	trap_end();
	return out;
}

enum { OK_MMIO, OK_FAULT, OK_ILLEGAL, ESCAPE, OUTCOMES };
static const char *const outcome_name[OUTCOMES] = {
	"mmio", "fault", "illegal", "escape",
};

static void race(const char *name, uint32_t a, uint32_t b, int store)
{
	ulong count[OUTCOMES] = { 0 };
	ulong t0 = clint_mtime();
	ulong i;

	code[0] = a;
	code[1] = RET;
	fence_i();
	wa = a;
	wb = b;
	run = 1;
	__sync_synchronize();
	start_seq++;
	for (i = 0; i < ITERATIONS && clint_mtime() - t0 < MAX_TICKS; i++) {
		ulong v = 0x1000000000000000UL + i, out;
		int o;

		clint_set_mtimecmp(store ? ~0UL : v);
		out = run_once(store ? v : SENTINEL);
		if (!trap_rec.count) {
			if (store)
				o = *(volatile uint64_t *)CLINT_MTIMECMP == v ? OK_MMIO : ESCAPE;
			else
				o = out == v ? OK_MMIO : ESCAPE;
		} else if (trap_rec.count == 1 && trap_rec.epc == (ulong)code &&
			   trap_rec.cause == (ulong)(store ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS) &&
			   trap_rec.tval == FORBIDDEN) {
			o = OK_FAULT;
		} else if (trap_rec.count == 1 && trap_rec.epc == (ulong)code &&
			   trap_rec.cause == CAUSE_ILLEGAL && trap_rec.tval == FLD_FT0_A0) {
			o = OK_ILLEGAL;
		} else {
			o = ESCAPE;
		}
		count[o]++;
	}
	run = 0;
	__sync_synchronize();
	while (done_seq != start_seq)
		;
	clint_set_mtimecmp(~0UL);

	puts_raw(name);
	puts_raw(" race: escapes=");
	print_dec(count[ESCAPE]);
	putc_uart('\n');
	puts_raw("info: ");
	puts_raw(name);
	puts_raw(": iterations=");
	print_dec(i);
	for (int k = 0; k < OUTCOMES; k++) {
		putc_uart(' ');
		puts_raw(outcome_name[k]);
		putc_uart('=');
		print_dec(count[k]);
	}
	putc_uart('\n');
}

int main(void)
{
	test_begin("attack_mmio_race");
	csr_write(mie, 0);
	/* Entry 0, locked, no access: M-mode itself cannot touch FORBIDDEN. */
	pmp_allow_all();
	csr_write(pmpaddr0, PMP_NAPOT_ADDR(FORBIDDEN, 0x100000));
	pmpcfg0_set(0, PMP_L | PMP_NAPOT);
	clint_set_mtimecmp(~0UL);
	(void)try_ld(FORBIDDEN);
	print_trap("direct load of the locked region");

	/* Wake hart 1 (it runs secondary_main) and wait for it. */
	*(volatile uint32_t *)CLINT_MSIP_HART(1) = 1;
	for (ulong t0 = clint_mtime(); !h1_alive && clint_mtime() - t0 < MAX_TICKS;)
		;
	print_bool("hart 1 running", h1_alive);
	if (!h1_alive)
		test_end();

	race("load", LD_A1_A0, LD_A1_A2, 0);
	race("store", SD_A1_A0, SD_A1_A2, 1);
	csr_clear(mstatus, MSTATUS_FS);		/* FS=Off: fld is illegal */
	race("fp", LD_A1_A0, FLD_FT0_A0, 0);
	test_end();
}
