// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small S-mode payload that exercises the firmware through SBI: console,
 * BASE, the edge cases of the calls cordon's offload policy answers (IPI and
 * RFENCE hart masks, valid and not; set_timer clearing a pending timer
 * interrupt), TIME (a timer interrupt); then, with every other hart started
 * by HSM into S-mode, the IPI and RFENCE calls on every hart and hart mask
 * base, a hart stopped and restarted; with 3 harts or more, crossed remote
 * fences with a hart stopped (see cross_run); then a clean SRST shutdown. Used by
 * `make run PAYLOAD=...` smoke runs and by the boot tests, natively and
 * under cordon (its output must be identical: it prints nothing that
 * depends on timing or on which hart won the firmware's boot lottery,
 * but for the "hartid" line).
 */
#include <stdbool.h>
#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

static struct sbiret sbi_call4(long ext, long fid, long a0, long a1, long a2, long a3)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3;
	register long r6 __asm__("a6") = fid;
	register long r7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r6), "r"(r7)
			 : "memory");
	return (struct sbiret){ r0, r1 };
}

static struct sbiret sbi_call(long ext, long fid, long a0, long a1)
{
	return sbi_call4(ext, fid, a0, a1, 0, 0);
}

static void putc_sbi(char c)
{
	sbi_call(0x01, 0, c, 0); /* legacy console_putchar */
}

static void puts_sbi(const char *s)
{
	while (*s)
		putc_sbi(*s++);
}

static unsigned long sip_read(void)
{
	unsigned long v;
	__asm__ volatile("csrr %0, sip" : "=r"(v));
	return v;
}

static void puthex(unsigned long v)
{
	puts_sbi("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_sbi("0123456789abcdef"[(v >> i) & 0xf]);
}

static void kv(const char *k, unsigned long v)
{
	puts_sbi(k);
	puts_sbi(" = ");
	puthex(v);
	puts_sbi("\n");
}

static void putdec(unsigned long v)
{
	char b[24];
	int i = 0;

	do
		b[i++] = (char)('0' + v % 10);
	while ((v /= 10) && i < 24);
	while (i)
		putc_sbi(b[--i]);
}

static volatile int timer_fired;

__attribute__((interrupt("supervisor"), aligned(4))) static void strap(void)
{
	unsigned long cause;
	__asm__ volatile("csrr %0, scause" : "=r"(cause));
	if (cause == ((1UL << 63) | 5)) {
		timer_fired++;
		sbi_call(0x54494d45, 0, -1L, 0); /* TIME set_timer(far future) */
	}
}

/* ---- every hart ------------------------------------------------------- */

/*
 * The boot hart starts every other hart (HSM) in _secondary (start.S):
 * each counts the SSIPs it takes and sleeps with interrupts on. The boot
 * hart keeps SIE off and counts its own SSIPs from sip. Each IPI case
 * waits until every hart that should be interrupted was (a bounded wait),
 * then a little more for strays, and reports whether exactly the harts
 * named were, each once: nothing printed depends on timing.
 */
#define MAX_HARTS 128
#define SIP_SSIP (1UL << 1)
#define TICKS_PER_MS 10000UL /* QEMU virt: 10 MHz timebase */
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define HSM_STARTED 0
#define HSM_STOPPED 1

struct hset {
	uint64_t w[2];
};

static unsigned nharts, boot_hart;
static volatile unsigned alive[MAX_HARTS]; /* entries into secondary_main */
static volatile unsigned ssips[MAX_HARTS]; /* SSIPs taken */
static volatile unsigned stop_req[MAX_HARTS];
static volatile unsigned odd_traps; /* anything but an SSIP on a secondary */
static unsigned snap[MAX_HARTS];

void _secondary(void);
void secondary_main(unsigned long hartid);

static unsigned long now(void)
{
	unsigned long t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

__attribute__((interrupt("supervisor"), aligned(4))) static void secondary_trap(void)
{
	unsigned long cause, me;
	__asm__ volatile("csrr %0, scause" : "=r"(cause));
	__asm__ volatile("csrr %0, sscratch" : "=r"(me));
	if (cause == ((1UL << 63) | 1)) {
		/* Clear first: an IPI sent after the count moved is not lost. */
		__asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));
		__atomic_add_fetch(&ssips[me], 1U, __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_add_fetch(&odd_traps, 1U, __ATOMIC_SEQ_CST);
	if (!(cause >> 63))
		for (;;) /* an exception: nowhere sensible to return to */
			__asm__ volatile("wfi");
}

/*
 * Crossed remote fences (issue 9's deadlock). With a hart Z stopped, hart
 * X loops on remote fences naming only hart Y (all in the OS: cordon may
 * answer them) while Y loops on remote fences naming X and Z (Z is not in
 * the OS: the firmware's). Natively OpenSBI serves both. Under cordon, X
 * may wait in cordon for Y to serve its ticket just as Y, in the firmware,
 * waits for X's firmware to take its IPI: both must still finish. A group
 * is X, Y (and a second X, X2, when the harts are odd in number); every
 * hart of a group calls, in a tight loop, until each of them made
 * CROSS_CALLS calls. Without cordon's way out (sbi_rfence gives the call to
 * the firmware when this hart's firmware has an IPI pending) a group hangs,
 * most often within a few hundred calls: the boot hart reports it after 5 s
 * without progress. How often depends on the host: QEMU's harts must run
 * at once for the race (measured on 2 loaded cores: smp4 2 to 5 runs of 5).
 */
#define CROSS_CALLS 1000U
#define CROSS_HARTS 4U /* at most, the nearest to Z; 2 with 3 harts */

struct cross_role {
	long fid;
	unsigned long mask, base;
	unsigned group[3], ngroup;
};

static struct cross_role cross_role[MAX_HARTS];
static volatile unsigned cross_req[MAX_HARTS];  /* secondary: play cross_role */
static volatile unsigned cross_calls[MAX_HARTS]; /* calls made so far */
static volatile unsigned cross_fin[MAX_HARTS];   /* its loop ended */
static volatile unsigned cross_ready, cross_go, cross_finished, cross_errs;

static struct sbiret rfence(long fid, unsigned long mask, unsigned long base);

static void cross_run(unsigned me)
{
	const struct cross_role *r = &cross_role[me];
	unsigned errs = 0;

	__atomic_add_fetch(&cross_ready, 1U, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&cross_go, __ATOMIC_SEQ_CST))
		;
	for (;;) {
		bool more = false;
		struct sbiret x;

		for (unsigned i = 0; i < r->ngroup; i++)
			more |= __atomic_load_n(&cross_calls[r->group[i]], __ATOMIC_SEQ_CST) <
				CROSS_CALLS;
		if (!more)
			break;
		x = rfence(r->fid, r->mask, r->base);
		errs += x.error != 0 || x.value != 0;
		__atomic_add_fetch(&cross_calls[me], 1U, __ATOMIC_SEQ_CST);
	}
	__atomic_add_fetch(&cross_errs, errs, __ATOMIC_SEQ_CST);
	__atomic_store_n(&cross_fin[me], 1U, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&cross_finished, 1U, __ATOMIC_SEQ_CST);
}

void secondary_main(unsigned long hartid)
{
	__asm__ volatile("csrw sscratch, %0" : : "r"(hartid));
	__asm__ volatile("csrw stvec, %0" : : "r"(secondary_trap));
	__asm__ volatile("csrs sie, %0" : : "r"(SIP_SSIP));
	__atomic_add_fetch(&alive[hartid], 1U, __ATOMIC_SEQ_CST);
	for (;;) {
		/* Check and wfi with SIE off (see main), then take the interrupt. */
		__asm__ volatile("csrc sstatus, %0" : : "r"(1UL << 1));
		if (__atomic_load_n(&stop_req[hartid], __ATOMIC_SEQ_CST)) {
			stop_req[hartid] = 0;
			sbi_call(SBI_EXT_HSM, 1, 0, 0); /* hart_stop: no return */
		}
		if (__atomic_exchange_n(&cross_req[hartid], 0U, __ATOMIC_SEQ_CST))
			cross_run((unsigned)hartid);
		__asm__ volatile("wfi");
		__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
	}
}

static bool hset_has(const struct hset *s, unsigned j)
{
	return (s->w[j / 64] >> (j % 64)) & 1;
}

static void hset_add(struct hset *s, unsigned j)
{
	s->w[j / 64] |= 1UL << (j % 64);
}

/* The harts an SBI hart mask names that exist (SBI v1.0 §3.1). */
static struct hset named(unsigned long mask, unsigned long base)
{
	struct hset s = { { 0, 0 } };

	for (unsigned j = 0; j < nharts; j++)
		if (base == -1UL || (j >= base && j - base < 64 && ((mask >> (j - base)) & 1)))
			hset_add(&s, j);
	return s;
}

/* The boot hart's own SSIP (SIE off there): count and clear it. */
static void self_poll(void)
{
	if (sip_read() & SIP_SSIP) {
		__asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));
		ssips[boot_hart]++;
	}
}

static void snapshot(void)
{
	for (unsigned j = 0; j < nharts; j++)
		snap[j] = __atomic_load_n(&ssips[j], __ATOMIC_SEQ_CST);
}

static void spin_ms(unsigned long ms)
{
	unsigned long t0 = now();
	while (now() - t0 < ms * TICKS_PER_MS)
		self_poll();
}

/*
 * After a call: wait (5 s at most) until every hart of expect took an SSIP
 * since the snapshot, then 5 ms for strays. Returns how many harts took
 * one (in *got) and whether each hart took exactly expect's number.
 */
static bool settle(const struct hset *expect, unsigned *got)
{
	unsigned long t0 = now();
	bool exact = true;

	for (;;) {
		bool all = true;
		self_poll();
		for (unsigned j = 0; j < nharts && all; j++)
			if (hset_has(expect, j) &&
			    __atomic_load_n(&ssips[j], __ATOMIC_SEQ_CST) == snap[j])
				all = false;
		if (all || now() - t0 > 5000 * TICKS_PER_MS)
			break;
	}
	spin_ms(5);
	*got = 0;
	for (unsigned j = 0; j < nharts; j++) {
		unsigned d = __atomic_load_n(&ssips[j], __ATOMIC_SEQ_CST) - snap[j];
		*got += d != 0;
		if (d != (hset_has(expect, j) ? 1U : 0U))
			exact = false;
	}
	return exact;
}

static void line_start(const char *what, const char *args)
{
	puts_sbi("payload: ");
	puts_sbi(what);
	puts_sbi("(");
	puts_sbi(args);
	puts_sbi(")");
}

/* send_ipi(mask, base), expecting an SSIP on the harts in expect. */
static void ipi_case(const char *args, unsigned long mask, unsigned long base,
		     const struct hset *expect)
{
	struct sbiret r;
	unsigned got;
	bool exact;

	snapshot();
	r = sbi_call(SBI_EXT_IPI, 0, (long)mask, (long)base);
	exact = settle(expect, &got);
	line_start("send_ipi", args);
	puts_sbi(" error = ");
	puthex((unsigned long)r.error);
	puts_sbi(", value = ");
	puthex((unsigned long)r.value);
	puts_sbi(", harts interrupted = ");
	putdec(got);
	puts_sbi(exact ? ", each named one once\n" : ", NOT each named one once\n");
}

static struct sbiret rfence(long fid, unsigned long mask, unsigned long base)
{
	/* start 0, size -1 (all); asid 0 for sfence.vma.asid */
	return sbi_call4(SBI_EXT_RFENCE, fid, (long)mask, (long)base, 0, -1L);
}

static const char *const rfence_name[3] = { "remote_fence_i", "remote_sfence_vma",
					    "remote_sfence_vma_asid" };

/* The three remote fences with one hart mask: errors, and no SSIP anywhere. */
static void rfence_case(const char *args, unsigned long mask, unsigned long base)
{
	static const struct hset none;
	for (long fid = 0; fid < 3; fid++) {
		struct sbiret r;
		unsigned got;
		bool exact;

		snapshot();
		r = rfence(fid, mask, base);
		exact = settle(&none, &got);
		line_start(rfence_name[fid], args);
		puts_sbi(" error = ");
		puthex((unsigned long)r.error);
		puts_sbi(", value = ");
		puthex((unsigned long)r.value);
		puts_sbi(exact ? ", no SSIP\n" : ", SSIPs seen\n");
	}
}

/* Wait (20 s at most) until hart j's HSM status is want; the last one read. */
static long hsm_wait_status(unsigned j, long want)
{
	unsigned long t0 = now();
	struct sbiret r;

	do
		r = sbi_call(SBI_EXT_HSM, 2, (long)j, 0);
	while ((r.error || r.value != want) && now() - t0 < 20000 * TICKS_PER_MS);
	return r.error ? r.error : r.value;
}

static void masks_case(const char *what, unsigned long mask, unsigned long base)
{
	struct hset e = named(mask, base);
	ipi_case(what, mask, base, &e);
}

static void smp_checks(unsigned hartid)
{
	unsigned long t0, below64, from64;
	unsigned started = 0, up, ok, errs, first_bad;
	struct hset e;

	boot_hart = hartid;
	__asm__ volatile("csrc sstatus, %0" : : "r"(1UL << 1)); /* SIE off: sip is polled */
	__asm__ volatile("csrc sip, %0" : : "r"(SIP_SSIP));

	/* How many harts: HSM status of 0, 1, ... until one does not exist. */
	while (nharts < MAX_HARTS && !sbi_call(SBI_EXT_HSM, 2, (long)nharts, 0).error)
		nharts++;
	below64 = nharts >= 64 ? ~0UL : (1UL << nharts) - 1;
	from64 = nharts >= 128 ? ~0UL : nharts > 64 ? (1UL << (nharts - 64)) - 1 : 0;
	puts_sbi("payload: harts = ");
	putdec(nharts);
	puts_sbi("\n");

	for (unsigned j = 0; j < nharts; j++) {
		if (j == hartid)
			continue;
		started +=
			!sbi_call4(SBI_EXT_HSM, 0, (long)j, (long)(unsigned long)_secondary, 0, 0)
				 .error;
	}
	t0 = now();
	do {
		up = 0;
		for (unsigned j = 0; j < nharts; j++)
			up += j != hartid && __atomic_load_n(&alive[j], __ATOMIC_SEQ_CST) == 1;
	} while (up < nharts - 1 && now() - t0 < 60000 * TICKS_PER_MS);
	puts_sbi("payload: hart_start ok = ");
	putdec(started);
	puts_sbi(", secondaries in S-mode = ");
	putdec(up);
	puts_sbi("\n");
	ok = 0;
	for (unsigned j = 0; j < nharts; j++)
		ok += hsm_wait_status(j, HSM_STARTED) == HSM_STARTED;
	puts_sbi("payload: harts with HSM status started = ");
	putdec(ok);
	puts_sbi("\n");

	/* IPI, one target at a time: each secondary, then this hart. */
	ok = 0;
	errs = 0;
	first_bad = 0;
	for (unsigned j = 0; j < nharts; j++) {
		struct sbiret r;
		unsigned got;
		struct hset one = { { 0, 0 } };
		if (j == hartid)
			continue;
		hset_add(&one, j);
		snapshot();
		r = sbi_call(SBI_EXT_IPI, 0, 1L, (long)j);
		errs += r.error != 0 || r.value != 0;
		if (settle(&one, &got) && !r.error)
			ok++;
		else if (!first_bad)
			first_bad = j + 1;
	}
	puts_sbi("payload: send_ipi single targets: sent = ");
	putdec(nharts - 1);
	puts_sbi(", errors or values != 0: ");
	putdec(errs);
	puts_sbi(", delivered each once = ");
	putdec(ok);
	puts_sbi("\n");
	if (first_bad)
		kv("payload: send_ipi first hart not delivered", first_bad - 1);
	e = named(1, hartid);
	ipi_case("self", 1, hartid, &e);

	/* Masks of several harts, straddling 64, broadcast; then the errors. */
	masks_case("base 0, every hart below 64", below64, 0);
	if (nharts > 64)
		masks_case("base 64, every hart from 64", from64, 64);
	masks_case("base 0, mask 0x5", 0x5, 0);
	masks_case("base 60, mask 0xff", 0xff, 60);
	masks_case("base -1", 0, -1UL);
	masks_case("base -1, mask 0x1", 1, -1UL);
	masks_case("base N", 1, nharts);
	masks_case("base N-1, mask 0x3", 3, nharts - 1);
	masks_case("base N-1, every bit", ~0UL, nharts - 1);
	masks_case("base 4096", 1, 4096);
	masks_case("empty mask, base 0", 0, 0);

	/* RFENCE, one target at a time (this hart too), then the same masks. */
	for (long fid = 0; fid < 3; fid++) {
		static const struct hset none;
		unsigned got;
		errs = 0;
		snapshot();
		for (unsigned j = 0; j < nharts; j++) {
			struct sbiret r = rfence(fid, 1, j);
			errs += r.error != 0 || r.value != 0;
		}
		ok = settle(&none, &got);
		puts_sbi("payload: ");
		puts_sbi(rfence_name[fid]);
		puts_sbi(" single targets: calls = ");
		putdec(nharts);
		puts_sbi(", errors or values != 0: ");
		putdec(errs);
		puts_sbi(ok ? ", no SSIP\n" : ", SSIPs seen\n");
	}
	rfence_case("base 0, every hart below 64", below64, 0);
	if (nharts > 64)
		rfence_case("base 64, every hart from 64", from64, 64);
	rfence_case("base 60, mask 0xff", 0xff, 60);
	rfence_case("base -1", 0, -1UL);
	rfence_case("base N", 1, nharts);
	rfence_case("base N-1, mask 0x3", 3, nharts - 1);
	rfence_case("base 4096", 1, 4096);

	/*
	 * A hart that left the OS (HSM hart_stop): the calls naming it are the
	 * firmware's again. Then it is started again and back in the OS.
	 */
	if (nharts > 1) {
		unsigned v = hartid == nharts - 1 ? nharts - 2 : nharts - 1;
		struct hset all_but_v = named(0, -1UL);
		all_but_v.w[v / 64] &= ~(1UL << (v % 64));
		stop_req[v] = 1;
		sbi_call(SBI_EXT_IPI, 0, 1L, (long)v); /* wake it to see the request */
		kv("payload: last secondary stopped itself, HSM status",
		   (unsigned long)hsm_wait_status(v, HSM_STOPPED));
		spin_ms(5);
		{
			static const struct hset none;
			ipi_case("stopped hart", 1, v, &none);
		}
		ipi_case("base -1, one hart stopped", 0, -1UL, &all_but_v);
		e = named(below64, 0);
		e.w[v / 64] &= ~(1UL << (v % 64));
		ipi_case("base 0, every hart below 64, one stopped", below64, 0, &e);
		rfence_case("stopped hart", 1, v);
		rfence_case("base -1, one hart stopped", 0, -1UL);
		kv("payload: hart_start(stopped hart) error",
		   (unsigned long)sbi_call4(SBI_EXT_HSM, 0, (long)v,
					    (long)(unsigned long)_secondary, 0, 0)
			   .error);
		t0 = now();
		while (__atomic_load_n(&alive[v], __ATOMIC_SEQ_CST) != 2 &&
		       now() - t0 < 20000 * TICKS_PER_MS)
			;
		kv("payload: restarted hart back in S-mode",
		   __atomic_load_n(&alive[v], __ATOMIC_SEQ_CST) == 2);
		kv("payload: restarted hart HSM status",
		   (unsigned long)hsm_wait_status(v, HSM_STARTED));
		e = named(1, v);
		ipi_case("restarted hart", 1, v, &e);
		rfence_case("restarted hart", 1, v);
		e = named(0, -1UL);
		ipi_case("base -1, all back", 0, -1UL, &e);
	}
	kv("payload: unexpected traps on secondaries", odd_traps);
}

/* The crossed fences (see cross_run), after smp_checks: Z stopped again. */
static void crossed_fences(unsigned hartid)
{
	unsigned z, part[CROSS_HARTS], np = 0, want, total, last = 0;
	bool boot_plays = nharts == 3;
	unsigned long t0;

	if (nharts < 3) {
		puts_sbi("payload: crossed fences skipped (fewer than 3 harts)\n");
		return;
	}
	z = hartid == nharts - 1 ? nharts - 2 : nharts - 1;
	stop_req[z] = 1;
	sbi_call(SBI_EXT_IPI, 0, 1L, (long)z); /* wake it to see the request */
	kv("payload: crossed fences: hart Z stopped itself, HSM status",
	   (unsigned long)hsm_wait_status(z, HSM_STOPPED));

	/* The harts nearest to Z but Z (and the boot hart, which watches, unless
	 * it is needed), in groups X Y [X2] of consecutive ones. */
	for (unsigned d = 1; d < nharts && np < CROSS_HARTS; d++) {
		unsigned c[2] = { z - d, z + d };
		for (unsigned k = 0; k < 2 && np < CROSS_HARTS; k++)
			if (c[k] < nharts && (c[k] != hartid || boot_plays))
				part[np++] = c[k];
	}
	for (unsigned i = 1; i < np; i++) /* ascending */
		for (unsigned k = i; k && part[k - 1] > part[k]; k--) {
			unsigned t = part[k];
			part[k] = part[k - 1];
			part[k - 1] = t;
		}
	for (unsigned g = 0; g + 1 < np; g += 2) {
		unsigned n = np - g == 3 ? 3 : 2, y = part[g + 1], base = z;
		struct cross_role *ry = &cross_role[y];

		for (unsigned i = 0; i < n; i++)
			base = part[g + i] < base ? part[g + i] : base;
		ry->fid = 1; /* Y: remote_sfence_vma(Xs and Z), the firmware's */
		ry->mask = 1UL << (z - base);
		for (unsigned i = 0; i < n; i++) {
			unsigned m = part[g + i];
			struct cross_role *r = &cross_role[m];
			if (m != y) {
				r->fid = 0; /* X: remote_fence_i(Y), offloadable */
				r->mask = 1;
				r->base = y;
				ry->mask |= 1UL << (m - base);
			}
			r->ngroup = n;
			for (unsigned k = 0; k < n; k++)
				r->group[k] = part[g + k];
		}
		ry->base = base;
		if (n == 3)
			break;
	}
	puts_sbi("payload: crossed fences: harts calling = ");
	putdec(np);
	puts_sbi(", calls each at least ");
	putdec(CROSS_CALLS);
	puts_sbi("\n");

	want = np - (boot_plays ? 1U : 0U);
	for (unsigned i = 0; i < np; i++) {
		if (part[i] == hartid)
			continue;
		cross_req[part[i]] = 1;
		sbi_call(SBI_EXT_IPI, 0, 1L, (long)part[i]);
	}
	t0 = now();
	while (__atomic_load_n(&cross_ready, __ATOMIC_SEQ_CST) < want &&
	       now() - t0 < 20000 * TICKS_PER_MS)
		;
	__atomic_store_n(&cross_go, 1U, __ATOMIC_SEQ_CST);
	if (boot_plays)
		cross_run(hartid);
	/*
	 * Wait while they make progress: 5 s without a call ending is a hang.
	 * Asleep between looks (a timer 10 ms ahead; SIE is off, STIE on: the
	 * wfi ends when it is due), so as not to take a host CPU from them.
	 */
	t0 = now();
	while (__atomic_load_n(&cross_finished, __ATOMIC_SEQ_CST) < np) {
		unsigned long t = now() + 10 * TICKS_PER_MS;
		sbi_call(0x54494d45, 0, (long)t, 0);
		while (now() < t)
			__asm__ volatile("wfi");
		sbi_call(0x54494d45, 0, -1L, 0);
		total = 0;
		for (unsigned i = 0; i < np; i++)
			total += __atomic_load_n(&cross_calls[part[i]], __ATOMIC_SEQ_CST);
		if (total != last) {
			last = total;
			t0 = now();
		} else if (now() - t0 > 5000 * TICKS_PER_MS) {
			break;
		}
	}
	if (__atomic_load_n(&cross_finished, __ATOMIC_SEQ_CST) == np) {
		puts_sbi("payload: crossed fences done, errors or values != 0: ");
		putdec(cross_errs);
		puts_sbi("\n");
		return;
	}
	/* Which harts and after how many calls: not deterministic, a failure. */
	puts_sbi("payload: crossed fences HUNG, harts stuck:");
	for (unsigned i = 0; i < np; i++) {
		unsigned m = part[i];
		if (!cross_fin[m]) {
			puts_sbi(" ");
			putdec(m);
			puts_sbi(cross_role[m].fid ? " (Y, calls " : " (X, calls ");
			putdec(cross_calls[m]);
			puts_sbi(")");
		}
	}
	puts_sbi("\n");
}


/*
 * SBI calls that pass the OS's memory (under protect-os, cordon serves them:
 * its own read of the legacy hart mask, its bounce buffer for DBCN): the
 * legacy v0.1 IPI and remote fences with a hart-mask pointer; with DBCN, a
 * console write longer than one bounce buffer (4 KiB: the caller loops over
 * the bytes done, as the specification allows), write_byte, and a read
 * with no input waiting.
 */
static char dbcn_text[47 * 100];

static void memory_calls(unsigned long hartid)
{
	static volatile unsigned long mask;
	static char in[16];
	struct sbiret r = { 0, 0 };
	unsigned long done = 0, len = sizeof(dbcn_text);

	/* A v0.1 mask names harts 0-63 only: the boot hart (any, by lottery) may be above. */
	unsigned n = 0;
	while (n <= 64 && !sbi_call(0x48534d, 2, (long)n, 0).error)
		n++;
	if (n > 64) {
		puts_sbi("payload: legacy hart-mask calls skipped (more than 64 harts)\n");
		goto dbcn;
	}
	mask = 1UL << hartid;
	kv("payload: legacy send_ipi(&self) a0", (unsigned long)sbi_call(0x04, 0, (long)&mask, 0).error);
	/* The firmware's IPI to itself goes through the CLINT: wait for it (1 s at most). */
	for (unsigned long t0 = now(); !((sip_read() >> 1) & 1) && now() - t0 < 10000000UL;)
		;
	kv("payload: legacy send_ipi sip.SSIP", (sip_read() >> 1) & 1);
	__asm__ volatile("csrc sip, %0" : : "r"(1UL << 1));
	kv("payload: legacy remote_fence_i(&self) a0",
	   (unsigned long)sbi_call(0x05, 0, (long)&mask, 0).error);
	kv("payload: legacy remote_sfence_vma(&self) a0",
	   (unsigned long)sbi_call4(0x06, 0, (long)&mask, 0, -1L, 0).error);
	kv("payload: legacy remote_sfence_vma_asid(&self) a0",
	   (unsigned long)sbi_call4(0x07, 0, (long)&mask, 0, -1L, 0).error);
dbcn:
	if (!sbi_call(0x10, 3, 0x4442434e, 0).value) {
		puts_sbi("payload: no DBCN\n");
		return;
	}
	for (unsigned i = 0; i < 47; i++) {
		char *l = &dbcn_text[i * 100];
		const char *p = "payload: dbcn line ";
		unsigned k = 0;
		while (*p)
			l[k++] = *p++;
		l[k++] = (char)('0' + i / 10);
		l[k++] = (char)('0' + i % 10);
		l[k++] = ' ';
		for (; k < 99; k++)
			l[k] = (char)('a' + (i + k) % 26);
		l[99] = '\n';
	}
	while (done < len) {
		r = sbi_call4(0x4442434e, 0, (long)(len - done), (long)&dbcn_text[done], 0, 0);
		if (r.error || r.value <= 0)
			break;
		done += (unsigned long)r.value;
	}
	kv("payload: dbcn write error", (unsigned long)r.error);
	kv("payload: dbcn write bytes", done);
	for (const char *p = "payload: dbcn write_byte\n"; *p; p++)
		r = sbi_call(0x4442434e, 2, *p, 0);
	kv("payload: dbcn write_byte error", (unsigned long)r.error);
	r = sbi_call4(0x4442434e, 1, sizeof(in), (long)in, 0, 0);
	kv("payload: dbcn read(no input) error", (unsigned long)r.error);
	kv("payload: dbcn read(no input) bytes", (unsigned long)r.value);
}

/*
 * What OpenSBI 1.6 advertises of SBI 2.0 beyond DBCN (memory_calls): the
 * probes, FWFT get and set (misaligned exception delegation, feature 0,
 * and a reserved feature), PMU's counter count and its snapshot turned off,
 * SSE's event attributes of an event it lacks. Errors and values must read
 * the same natively; without the extensions (OpenSBI 1.1) only the probes.
 */
static void sbi2_calls(void)
{
	struct sbiret r;

	kv("payload: probe SSE", (unsigned long)sbi_call(0x10, 3, 0x535345, 0).value);
	kv("payload: probe FWFT", (unsigned long)sbi_call(0x10, 3, 0x46574654, 0).value);
	kv("payload: probe PMU", (unsigned long)sbi_call(0x10, 3, 0x504d55, 0).value);
	kv("payload: probe SUSP", (unsigned long)sbi_call(0x10, 3, 0x53555350, 0).value);
	kv("payload: probe CPPC", (unsigned long)sbi_call(0x10, 3, 0x43505043, 0).value);
	kv("payload: probe DBTR", (unsigned long)sbi_call(0x10, 3, 0x44425452, 0).value);
	if (sbi_call(0x10, 3, 0x44425452, 0).value) {
		/* The debug triggers the firmware offers (type 2 and type 6 asked for). */
		r = sbi_call(0x44425452, 0, 0, 0);
		kv("payload: dbtr num_triggers(any) error", (unsigned long)r.error);
		kv("payload: dbtr num_triggers(any)", (unsigned long)r.value);
		r = sbi_call(0x44425452, 0, (long)(2UL << 60), 0);
		kv("payload: dbtr num_triggers(type 2)", (unsigned long)r.value);
		r = sbi_call(0x44425452, 0, (long)(6UL << 60), 0);
		kv("payload: dbtr num_triggers(type 6)", (unsigned long)r.value);
	}
	if (sbi_call(0x10, 3, 0x46574654, 0).value) {
		r = sbi_call(0x46574654, 1, 0, 0); /* get MISALIGNED_EXC_DELEG */
		kv("payload: fwft get(misaligned deleg) error", (unsigned long)r.error);
		kv("payload: fwft get(misaligned deleg) value", (unsigned long)r.value);
		r = sbi_call4(0x46574654, 0, 0, 1, 0, 0); /* set it to 1 */
		kv("payload: fwft set(misaligned deleg, 1) error", (unsigned long)r.error);
		r = sbi_call(0x46574654, 1, 0, 0);
		kv("payload: fwft get again value", (unsigned long)r.value);
		r = sbi_call4(0x46574654, 0, 0, 0, 0, 0); /* and back */
		kv("payload: fwft set(misaligned deleg, 0) error", (unsigned long)r.error);
		r = sbi_call(0x46574654, 1, 0x3fffffff, 0); /* reserved */
		kv("payload: fwft get(reserved) error", (unsigned long)r.error);
	}
	if (sbi_call(0x10, 3, 0x504d55, 0).value) {
		r = sbi_call(0x504d55, 0, 0, 0); /* num_counters */
		kv("payload: pmu num_counters error", (unsigned long)r.error);
		kv("payload: pmu num_counters", (unsigned long)r.value);
	}
	if (sbi_call(0x10, 3, 0x535345, 0).value) {
		r = sbi_call(0x535345, 4, 0x7fffffff, 0); /* enable an event it lacks */
		kv("payload: sse enable(absent event) error", (unsigned long)r.error);
	}
}

int main(unsigned long hartid, unsigned long fdt);
int main(unsigned long hartid, unsigned long fdt)
{
	unsigned long t0, t1;
	(void)fdt;
	puts_sbi("payload: hello from S-mode\n");
	kv("payload: hartid", hartid);
	kv("payload: sbi spec version", (unsigned long)sbi_call(0x10, 0, 0, 0).value);
	kv("payload: sbi impl id", (unsigned long)sbi_call(0x10, 1, 0, 0).value);
	kv("payload: sbi impl version", (unsigned long)sbi_call(0x10, 2, 0, 0).value);
	kv("payload: probe TIME", (unsigned long)sbi_call(0x10, 3, 0x54494d45, 0).value);
	kv("payload: probe HSM", (unsigned long)sbi_call(0x10, 3, 0x48534d, 0).value);
	kv("payload: probe DBCN", (unsigned long)sbi_call(0x10, 3, 0x4442434e, 0).value);
	sbi2_calls();
	memory_calls(hartid);

	/*
	 * What the offload policy answers must read the same natively: error,
	 * value and the effect (sip) of IPI, RFENCE and TIME calls, with hart
	 * masks that are valid, empty, broadcast, naming absent harts, or with
	 * a base far out of range (interrupts are still off: SSIP only pends).
	 */
	struct sbiret r;
	r = sbi_call(0x735049, 0, 0, 0);
	kv("payload: send_ipi(empty) error", (unsigned long)r.error);
	r = sbi_call(0x735049, 0, 1L, (long)hartid);
	kv("payload: send_ipi(self) error", (unsigned long)r.error);
	kv("payload: send_ipi(self) value", (unsigned long)r.value);
	kv("payload: sip.SSIP after", (sip_read() >> 1) & 1);
	__asm__ volatile("csrc sip, %0" : : "r"(1UL << 1));
	r = sbi_call(0x735049, 0, 1L, 4096);
	kv("payload: send_ipi(base 4096) error", (unsigned long)r.error);
	r = sbi_call(0x52464e43, 0, 0, -1L);
	kv("payload: remote_fence_i(all) error", (unsigned long)r.error);
	r = sbi_call4(0x52464e43, 1, 1L, (long)hartid, 0, -1L);
	kv("payload: remote_sfence_vma(self) error", (unsigned long)r.error);
	r = sbi_call4(0x52464e43, 2, 3L << 6, 0, 0x1000, 1);
	kv("payload: remote_sfence_vma_asid(harts 6-7) error", (unsigned long)r.error);
	r = sbi_call4(0x52464e43, 1, 1L, 4096, 0, -1L);
	kv("payload: remote_sfence_vma(base 4096) error", (unsigned long)r.error);
	__asm__ volatile("csrc sip, %0" : : "r"(1UL << 1));
	r = sbi_call(0x54494d45, 0, 0, 0); /* a deadline long past: pending */
	for (int i = 0; i < 1000 && !((sip_read() >> 5) & 1); i++)
		;
	kv("payload: set_timer(0) sip.STIP", (sip_read() >> 5) & 1);
	r = sbi_call(0x54494d45, 0, -1L, 0);
	kv("payload: set_timer(far) error", (unsigned long)r.error);
	kv("payload: set_timer(far) sip.STIP", (sip_read() >> 5) & 1);

	__asm__ volatile("csrw stvec, %0" : : "r"(strap));
	__asm__ volatile("csrs sie, %0" : : "r"(1UL << 5));
	__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
	__asm__ volatile("rdtime %0" : "=r"(t0));
	for (int i = 0; i < 3; i++) {
		int before = timer_fired;
		sbi_call(0x54494d45, 0, (long)(t0 + 10000UL * (unsigned long)(i + 1)), 0);
		/*
		 * Check and wfi with SIE off: an interrupt taken between the
		 * check and the wfi would leave the wfi waiting for ever (a
		 * pending one ends the wfi even with SIE off). Then take it.
		 */
		__asm__ volatile("csrc sstatus, %0" : : "r"(1UL << 1));
		while (timer_fired == before) {
			__asm__ volatile("wfi");
			__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
			__asm__ volatile("csrc sstatus, %0" : : "r"(1UL << 1));
		}
		__asm__ volatile("csrs sstatus, %0" : : "r"(1UL << 1));
	}
	__asm__ volatile("rdtime %0" : "=r"(t1));
	kv("payload: timer interrupts", (unsigned long)timer_fired);
	puts_sbi(t1 > t0 ? "payload: time advances\n" : "payload: time stuck\n");
	smp_checks((unsigned)hartid);
	crossed_fences((unsigned)hartid);
	puts_sbi("payload: done, shutting down\n");
	sbi_call(0x53525354, 0, 0, 0); /* SRST shutdown */
	return 0;
}
