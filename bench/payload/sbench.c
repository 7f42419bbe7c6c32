// SPDX-License-Identifier: BSD-2-Clause
/*
 * S-mode bench payload for `make bench`: the cost of OS -> firmware -> OS
 * paths, run natively (stock OpenSBI fw_jump) and under cordon. Every hart
 * enters here; the first becomes the master, the others idle in wfi with
 * the S software interrupt enabled and acknowledge each one through memory.
 *
 * fw_jump starts only the boot hart; the master starts the others (HSM).
 *
 * Figures (ROUNDS rounds of OPS operations, median round):
 *   sbi_impl_version  SBI BASE get_impl_version        (master's instret)
 *   sbi_set_timer     SBI TIME set_timer, far future   (master's instret)
 *   amo_mis_s         misaligned amoadd.w in S-mode: trap -> firmware ->
 *                     redirected to S -> handler skips it (instret)
 *   amo_mis_u         the same from U-mode (instret, around u_call)
 *   sbi_ipi_pingpong  SBI send_ipi to hart B, whose S-mode handler
 *                     acknowledges and sends one back (run_ipi); measured
 *                     with rdtime * 100: virtual time, which counts the
 *                     instructions of all harts (icount shift=0)
 *   sbi_rfence_all    SBI remote_sfence_vma (whole address space) to all
 *                     other harts, until all have done it (rdtime * 100).
 *                     Only in the build with -DBENCH_RFENCE (sbench-rfence.bin),
 *                     run where the sender sleeps while it waits (cordon's
 *                     offload): OpenSBI's sender spins, and under -icount
 *                     QEMU does not switch to the targets before the next
 *                     timer deadline: the native run does not finish.
 *   os_entry          instructions from reset until the boot hart enters
 *                     the payload (rdtime * 100, one hart running)
 * Prints "BENCH <name> <median> <median of the matching baseline> <OPS>":
 * instret figures have a null-loop (or aligned-AMO) baseline, so that the
 * cost per op is (median - baseline) / OPS (+1 for the AMOs, which natively
 * cost one instruction); rdtime figures have baseline 0.
 */
#include <stdint.h>

#include "../common.h"

#define OPS 256
#define ROUNDS 15
#define MAX_HARTS 8

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354

#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SSTATUS_SIE (1UL << 1)
#define CAUSE_IRQ_SSOFT ((1UL << 63) | 1)

struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi(ulong ext, ulong fid, ulong a0, ulong a1, ulong a2, ulong a3)
{
	register ulong r0 __asm__("a0") = a0;
	register ulong r1 __asm__("a1") = a1;
	register ulong r2 __asm__("a2") = a2;
	register ulong r3 __asm__("a3") = a3;
	register ulong r6 __asm__("a6") = fid;
	register ulong r7 __asm__("a7") = ext;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r3), "r"(r6), "r"(r7) : "memory");
	return (struct sbiret){ (long)r0, (long)r1 };
}

static inline ulong rd_instret(void)
{
	ulong v;
	__asm__ volatile("csrr %0, instret" : "=r"(v)::"memory");
	return v;
}

static inline ulong rd_time(void)
{
	ulong v;
	__asm__ volatile("csrr %0, time" : "=r"(v)::"memory");
	return v;
}

static void bench_putc(char c)
{
	sbi(0x01, 0, (ulong)c, 0, 0, 0); /* legacy console_putchar */
}

/* ---- harts ---- */
static volatile ulong ticket, online;
static volatile ulong hart_ids[MAX_HARTS];
static volatile ulong acks[MAX_HARTS];
static volatile ulong mis_traps;
static ulong master_hart;
static volatile int pingpong;

ulong s_trap(ulong cause, ulong epc, ulong tval);
ulong s_trap(ulong cause, ulong epc, ulong tval)
{
	ulong hartid;
	(void)tval;
	if (cause == CAUSE_IRQ_SSOFT) {
		__asm__ volatile("csrc sip, %0" ::"r"(SIE_SSIE));
		__asm__ volatile("mv %0, tp" : "=r"(hartid));
		acks[hartid % MAX_HARTS]++;
		if (pingpong)
			sbi(SBI_EXT_IPI, 0, 1UL << master_hart, 0, 0, 0);
		return epc;
	}
	if (cause == 4 || cause == 6) { /* misaligned load / store-AMO: skip it */
		mis_traps++;
		return epc + 4;
	}
	bench_puts("BENCH FAIL unexpected trap ");
	putdec(cause);
	bench_puts("\n");
	sbi(SBI_EXT_SRST, 0, 0, 1, 0, 0);
	for (;;)
		;
}

/* ---- measurements ---- */
static ulong target_hart, others_mask;
static uint32_t amo_word[4] __attribute__((aligned(16)));
void u_call(void (*fn)(ulong, ulong), ulong a0, ulong a1);
void u_amo_loop(ulong p, ulong n);

enum op { OP_NULL, OP_IMPL, OP_TIMER, OP_AMO_S_ALIGNED, OP_AMO_S_MIS, OP_AMO_U_ALIGNED, OP_AMO_U_MIS };

static ulong run_instret(enum op op)
{
	ulong p = (ulong)&amo_word[1];
	ulong t0 = rd_instret();
	switch (op) {
	case OP_NULL:
		for (int i = 0; i < OPS; i++)
			__asm__ volatile("" ::: "memory");
		break;
	case OP_IMPL:
		for (int i = 0; i < OPS; i++)
			sbi(SBI_EXT_BASE, 2, 0, 0, 0, 0);
		break;
	case OP_TIMER:
		for (int i = 0; i < OPS; i++)
			sbi(SBI_EXT_TIME, 0, 1UL << 62, 0, 0, 0);
		break;
	case OP_AMO_S_ALIGNED:
	case OP_AMO_S_MIS:
		if (op == OP_AMO_S_MIS)
			p += 1;
		for (int i = 0; i < OPS; i++)
			__asm__ volatile("amoadd.w zero, zero, (%0)" ::"r"(p) : "memory");
		break;
	case OP_AMO_U_ALIGNED:
	case OP_AMO_U_MIS:
		u_call(u_amo_loop, op == OP_AMO_U_MIS ? p + 1 : p, OPS);
		break;
	}
	return rd_instret() - t0;
}

/*
 * IPI ping-pong: the master sends an IPI to hart B and waits in wfi (its
 * SSIE on, SIE off: the pending SSIP only ends the wfi); B's handler
 * acknowledges in memory and sends an IPI back. Waiting in wfi matters:
 * with -icount QEMU runs the harts round robin in one thread, and a hart
 * that spins keeps the CPU until the next timer deadline (up to 2^31
 * instructions when none is pending), so the woken hart would wait for that.
 * One operation = two IPIs, each sent, delivered and taken in S-mode.
 */
static ulong run_ipi(void)
{
	ulong t0 = rd_time();
	for (int i = 0; i < OPS; i++) {
		ulong a = acks[target_hart];
		sbi(SBI_EXT_IPI, 0, 1UL << target_hart, 0, 0, 0);
		while (acks[target_hart] == a) {
			__asm__ volatile("wfi");
			__asm__ volatile("csrc sip, %0" ::"r"(SIE_SSIE));
		}
	}
	return (rd_time() - t0) * 100;
}


#ifdef BENCH_RFENCE
static ulong run_rfence(void)
{
	ulong t0 = rd_time();
	for (int i = 0; i < OPS; i++)
		sbi(SBI_EXT_RFENCE, 1, others_mask, 0, 0, ~0UL);
	return (rd_time() - t0) * 100;
}
#endif

static void report(const char *name, ulong med, ulong base)
{
	bench_puts("BENCH ");
	bench_puts(name);
	bench_putc(' ');
	putdec(med);
	bench_putc(' ');
	putdec(base);
	bench_putc(' ');
	putdec(OPS);
	bench_putc('\n');
}

static void bench_instret(const char *name, enum op op, enum op base_op)
{
	ulong d[ROUNDS], b[ROUNDS];
	run_instret(op);
	run_instret(base_op);
	for (int r = 0; r < ROUNDS; r++) {
		d[r] = run_instret(op);
		b[r] = run_instret(base_op);
	}
	report(name, median(d, ROUNDS), median(b, ROUNDS));
}

static void bench_time(const char *name, ulong (*fn)(void))
{
	ulong d[ROUNDS];
	fn();
	for (int r = 0; r < ROUNDS; r++)
		d[r] = fn();
	report(name, median(d, ROUNDS), 0);
}

static void slave(void)
{
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_SSIE));
	__asm__ volatile("csrs sstatus, %0" ::"r"(SSTATUS_SIE));
	for (;;)
		__asm__ volatile("wfi");
}

int main(ulong hartid);
int main(ulong hartid)
{
	ulong t_entry = rd_time() * 100;
	__asm__ volatile("mv tp, %0" ::"r"(hartid));
	ulong me = __atomic_fetch_add(&ticket, 1, __ATOMIC_SEQ_CST);
	hart_ids[me % MAX_HARTS] = hartid;
	__atomic_fetch_add(&online, 1, __ATOMIC_SEQ_CST);
	if (me != 0)
		slave();

	/* fw_jump starts only the boot hart: start the others (HSM). */
	extern char _start[];
	ulong nharts = 1;
	for (ulong h = 0; h < MAX_HARTS; h++)
		if (h != hartid && sbi(SBI_EXT_HSM, 2, h, 0, 0, 0).error == 0) {
			sbi(SBI_EXT_HSM, 0, h, (ulong)_start, 0, 0);
			nharts++;
		}
	/*
	 * Wait in wfi, woken by a short timer: with -icount, QEMU's round
	 * robin lets a spinning hart run for up to 2^31 instructions when no
	 * timer is pending, so the started harts would not get to run.
	 */
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_STIE));
	while (online < nharts) {
		sbi(SBI_EXT_TIME, 0, rd_time() + 10, 0, 0, 0);
		__asm__ volatile("wfi");
	}
	sbi(SBI_EXT_TIME, 0, ~0UL, 0, 0, 0);
	__asm__ volatile("csrc sie, %0" ::"r"(SIE_STIE));
	for (ulong i = 1; i < nharts; i++)
		others_mask |= 1UL << hart_ids[i];
	target_hart = nharts > 1 ? hart_ids[1] : hartid;

	bench_puts("sbench: master hart ");
	putdec(hartid);
	bench_puts(", ");
	putdec(nharts);
	bench_puts(" harts\n");
	bench_puts("BENCH os_entry ");
	putdec(t_entry);
	bench_puts(" 1\n");
#ifdef BENCH_RFENCE
	if (nharts > 1)
		bench_time("sbi_rfence_all", run_rfence);
	bench_puts("BENCH done\n");
	sbi(SBI_EXT_SRST, 0, 0, 0, 0, 0);
	return 0;
#endif
	bench_instret("sbi_impl_version", OP_IMPL, OP_NULL);
	bench_instret("sbi_set_timer", OP_TIMER, OP_NULL);
	mis_traps = 0;
	bench_instret("amo_mis_s", OP_AMO_S_MIS, OP_AMO_S_ALIGNED);
	bench_instret("amo_mis_u", OP_AMO_U_MIS, OP_AMO_U_ALIGNED);
	bench_puts("BENCH-INFO misaligned traps taken ");
	putdec(mis_traps);
	bench_puts("\n");
	if (nharts > 1) {
		master_hart = hartid;
		pingpong = 1;
		__asm__ volatile("csrs sie, %0" ::"r"(SIE_SSIE));
		bench_time("sbi_ipi_pingpong", run_ipi);
		__asm__ volatile("csrc sie, %0" ::"r"(SIE_SSIE));

	}
	bench_puts("BENCH done\n");
	sbi(SBI_EXT_SRST, 0, 0, 0, 0, 0);
	return 0;
}
