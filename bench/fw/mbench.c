// SPDX-License-Identifier: BSD-2-Clause
/*
 * M-mode bench firmware for `make bench`: measures, with minstret, what one
 * firmware instruction that cordon must emulate costs: a CSR write
 * (csrw mscratch) and a 64-bit store to the CLINT's mtimecmp of hart 0.
 * Natively each is one instruction; under cordon each traps.
 *
 * Method: ROUNDS rounds of OPS operations (unrolled by 16); per round the
 * minstret delta; the same loop with the operation replaced by an
 * instruction that never traps (nop, store to RAM) is the baseline. Prints
 *   BENCH <name> <median delta> <median baseline delta> <OPS>
 * so that cost per op = 1 + (delta - baseline) / OPS instructions.
 */
#include <stdint.h>

#define UART 0x10000000UL
#define CLINT_MTIMECMP0 0x2004000UL
#define OPS 1024
#define ROUNDS 31

#include "../common.h"

static void bench_putc(char c)
{
	volatile uint8_t *u = (volatile uint8_t *)UART;
	while (!(u[5] & 0x20))
		;
	u[0] = (uint8_t)c;
}

static inline ulong instret(void)
{
	ulong v;
	__asm__ volatile("csrr %0, minstret" : "=r"(v)::"memory");
	return v;
}

#define REP16(x) x x x x x x x x x x x x x x x x

static ulong run_csr(int base)
{
	ulong t0 = instret();
	for (int i = 0; i < OPS / 16; i++) {
		if (base) /* same shape, one register read, never traps */
			__asm__ volatile(REP16("addi zero, %0, 0\n") ::"r"(0x1234UL) : "memory");
		else
			__asm__ volatile(REP16("csrw mscratch, %0\n") ::"r"(0x1234UL) : "memory");
	}
	return instret() - t0;
}

static volatile uint64_t ram_word;

static ulong run_clint(int base)
{
	volatile uint64_t *p = base ? &ram_word : (volatile uint64_t *)CLINT_MTIMECMP0;
	ulong v = ~0UL;
	ulong t0 = instret();
	for (int i = 0; i < OPS / 16; i++)
		__asm__ volatile(REP16("sd %0, 0(%1)\n") ::"r"(v), "r"(p) : "memory");
	return instret() - t0;
}

static void bench(const char *name, ulong (*fn)(int))
{
	ulong d[ROUNDS], b[ROUNDS];
	fn(0);
	fn(1); /* warm up */
	for (int r = 0; r < ROUNDS; r++) {
		d[r] = fn(0);
		b[r] = fn(1);
	}
	bench_puts("BENCH ");
	bench_puts(name);
	bench_putc(' ');
	putdec(median(d, ROUNDS));
	bench_putc(' ');
	putdec(median(b, ROUNDS));
	bench_putc(' ');
	putdec(OPS);
	bench_putc('\n');
}

int main(void);
int main(void)
{
	bench_puts("mbench: M-mode bench firmware\n");
	bench("fw_csr", run_csr);
	bench("fw_clint", run_clint);
	bench_puts("BENCH done\n");
	return 0;
}
