// SPDX-License-Identifier: BSD-2-Clause
// stress: cordon guest SMP stress test. One worker thread per allowed CPU,
// each pinned there, works in lock step (barriers) on a shared mapping that
// one of them replaces (MAP_FIXED), write-protects and unmaps every round:
// every change forces a remote TLB shootdown (SBI RFENCE + IPIs), and stale
// translations are detected (old contents seen, writes not faulting, reads
// of unmapped memory not faulting). Alongside, pairs of threads on
// different CPUs play futex ping-pong (cross-hart wake-ups = IPIs), passing
// a value through an LCG whose result is checked, and all threads hammer
// shared atomic counters. Prints "CHECK <label> ok" or FAIL lines.
//
// usage: stress [--label NAME] [ROUNDS]    (default 100 rounds)
//        stress [--label NAME] --seconds N (soak; prints the rounds done)
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>

#include "monotonic.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NPAGES 16
#define MAXT 64
#define PP_PER_ROUND 20              /* ping-pong exchanges per round */
#define HANG_SECONDS 120             /* no progress for this long = FAIL */

static const char *label = "stress";
static long rounds = 100, seconds;   /* seconds != 0: soak mode */
static int nthreads, cpus[MAXT];
static long pagesz;
static unsigned char *region;        /* NPAGES pages at a fixed address */
static pthread_barrier_t bar;
static atomic_int failed;
static atomic_int stop_requested;
static atomic_long progress;
static atomic_int finished;          /* threads that have returned */
static atomic_ulong counter_a;       /* hammered by every worker */
static long rounds_done;
static int round_stop;               /* leader's decision, read after a barrier */

static void fail(const char *fmt, long a, long b)
{
	if (atomic_fetch_add(&failed, 1) < 5) {
		char msg[200];
		snprintf(msg, sizeof(msg), fmt, a, b);
		printf("CHECK %s FAIL %s\n", label, msg);
		fflush(stdout);
	}
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31; x *= 0x7fb5d329728ea185ULL;
	x ^= x >> 27; x *= 0x81dadef4bc2dd44dULL;
	return x ^ (x >> 33);
}
static uint64_t pat(long r, int page, int k) { return mix(((uint64_t)r << 32) ^ ((uint64_t)page << 8) ^ (uint64_t)k); }
static uint64_t tag(long r, int t, int page) { return mix(~(((uint64_t)r << 32) ^ ((uint64_t)t << 16) ^ (uint64_t)page)); }
static volatile uint64_t *word(int page, int k) { return (volatile uint64_t *)(region + page * pagesz) + k; }

/* --- expected faults ------------------------------------------------------ */
static __thread sigjmp_buf jb;
static __thread volatile int expecting;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	if (expecting) {
		expecting = 0;
		siglongjmp(jb, 1);
	}
	char msg[120];
	long off = (long)((unsigned char *)si->si_addr - region);
	int n = snprintf(msg, sizeof(msg), "CHECK %s FAIL unexpected SIGSEGV at region%+ld\n", label, off);
	if (write(1, msg, (size_t)n) < 0) { /* nothing more to do */ }
	_exit(1);
}

static __attribute__((noinline)) int write_faults(volatile uint64_t *p)
{
	if (sigsetjmp(jb, 1))
		return 1;
	expecting = 1;
	*p = 1;
	expecting = 0;
	return 0;
}

static __attribute__((noinline)) int read_faults(volatile uint64_t *p)
{
	if (sigsetjmp(jb, 1))
		return 1;
	expecting = 1;
	(void)*p;
	expecting = 0;
	return 0;
}

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s) != 0)
		fail("sched_setaffinity(cpu %ld) failed", cpu, 0);
}

static void wait_all(void) { pthread_barrier_wait(&bar); }

/* --- the TLB-shootdown workers -------------------------------------------- */
static void *worker(void *arg)
{
	int t = (int)(intptr_t)arg;
	size_t len = (size_t)NPAGES * pagesz;
	pin(cpus[t]);
	for (long r = 0;; r++) {
		int leader = (int)(r % nthreads);
		/* A: leader maps fresh memory over the old range and fills it */
		if (t == leader) {
			round_stop = seconds ? atomic_load(&stop_requested) : r >= rounds;
			if (!round_stop) {
				void *m = mmap(region, len, PROT_READ | PROT_WRITE,
					       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (m != region)
					fail("mmap MAP_FIXED failed in round %ld", r, 0);
				for (int p = 0; p < NPAGES; p++)
					for (int k = 0; k < 8; k++)
						*word(p, k) = pat(r, p, k);
			}
		}
		wait_all();
		if (round_stop)
			break;
		/* B: everybody sees the new contents (a stale TLB entry would show
		 * the previous round's page) and writes its own slot */
		for (int p = 0; p < NPAGES; p++) {
			for (int k = 0; k < 8; k++)
				if (*word(p, k) != pat(r, p, k))
					fail("stale data after MAP_FIXED: round %ld page %ld", r, p);
			*word(p, 8 + t) = tag(r, t, p);
		}
		atomic_fetch_add(&counter_a, (unsigned long)t + 1);
		wait_all();
		/* C: leader checks every slot, then write-protects */
		if (t == leader) {
			for (int p = 0; p < NPAGES; p++)
				for (int u = 0; u < nthreads; u++)
					if (*word(p, 8 + u) != tag(r, u, p))
						fail("slot of thread %ld wrong in round %ld", u, r);
			if (mprotect(region, len, PROT_READ) != 0)
				fail("mprotect RO failed in round %ld", r, 0);
		}
		wait_all();
		/* D: writes must fault everywhere now; reads still work */
		for (int i = 0; i < 2; i++) {
			int p = (int)((t + r + i * 7) % NPAGES);
			if (!write_faults(word(p, 8 + t)))
				fail("write to read-only page did not fault (stale TLB) round %ld page %ld", r, p);
		}
		for (int p = 0; p < NPAGES; p++)
			for (int u = 0; u < nthreads; u++)
				if (*word(p, 8 + u) != tag(r, u, p))
					fail("read-only page changed in round %ld page %ld", r, p);
		wait_all();
		/* E: odd rounds unmap (reads must fault), even rounds make it
		 * writable again (writes must land). "Unmap" = replace with a
		 * PROT_NONE mapping: the pages go away as with munmap, but the
		 * address range stays reserved for the next MAP_FIXED. */
		if (t == leader) {
			if (r & 1) {
				if (mmap(region, len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS |
					 MAP_NORESERVE, -1, 0) != region)
					fail("unmapping failed in round %ld", r, 0);
			} else if (mprotect(region, len, PROT_READ | PROT_WRITE) != 0) {
				fail("mprotect RW failed in round %ld", r, 0);
			}
		}
		wait_all();
		for (int i = 0; i < 2; i++) {
			int p = (int)((t * 3 + r + i * 5) % NPAGES);
			if (r & 1) {
				if (!read_faults(word(p, 0)))
					fail("read of unmapped page did not fault (stale TLB) round %ld page %ld", r, p);
			} else {
				*word(p, 8 + t) = ~tag(r, t, p);
				if (*word(p, 8 + t) != ~tag(r, t, p))
					fail("write after mprotect RW lost round %ld page %ld", r, p);
			}
		}
		atomic_fetch_add(&progress, 1);
		if (t == 0)
			rounds_done = r + 1;
		wait_all();
	}
	atomic_fetch_add(&finished, 1);
	return NULL;
}

/* --- futex ping-pong -------------------------------------------------------- */
struct pair {
	_Alignas(64) atomic_uint turn;   /* 0, 1: whose turn; 2: finished */
	uint64_t value;                  /* passed back and forth */
	long steps;                      /* steps done by both sides */
	long rounds0;                    /* side 0's steps */
	int cpu[2];
};
struct side { struct pair *pp; int s; };

static long futex(atomic_uint *a, int op, unsigned val, const struct timespec *ts)
{
	return syscall(SYS_futex, a, op, val, ts, NULL, 0);
}

static uint64_t step(uint64_t v, int s) { return v * 6364136223846793005ULL + 1442695040888963407ULL + (uint64_t)s; }

static void *pingpong(void *arg)
{
	struct side *sd = arg;
	struct pair *pp = sd->pp;
	int s = sd->s;
	long limit = rounds * PP_PER_ROUND;
	pin(pp->cpu[s]);
	for (;;) {
		unsigned t;
		while ((t = atomic_load_explicit(&pp->turn, memory_order_acquire)) != (unsigned)s && t != 2) {
			struct timespec ts = { 1, 0 };
			futex(&pp->turn, FUTEX_WAIT_PRIVATE, t, &ts);
		}
		if (t == 2)
			break;
		if (s == 0 && (seconds ? atomic_load(&stop_requested) : pp->rounds0 >= limit)) {
			atomic_store_explicit(&pp->turn, 2, memory_order_release);
			futex(&pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL);
			break;
		}
		pp->value = step(pp->value, s);
		pp->steps++;
		if (s == 0)
			pp->rounds0++;
		atomic_fetch_add(&counter_a, 1000);
		atomic_fetch_add(&progress, 1);
		atomic_store_explicit(&pp->turn, (unsigned)!s, memory_order_release);
		futex(&pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL);
	}
	atomic_fetch_add(&finished, 1);
	return NULL;
}

/* --- main ----------------------------------------------------------------- */
static void usage(const char *p)
{
	fprintf(stderr, "usage: %s [--label NAME] [ROUNDS | --seconds N]\n", p);
	exit(2);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--label") && i + 1 < argc)
			label = argv[++i];
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = strtol(argv[++i], NULL, 0);
		else if (argv[i][0] >= '0' && argv[i][0] <= '9')
			rounds = strtol(argv[i], NULL, 0);
		else
			usage(argv[0]);
	}
	if (rounds < 1 || seconds < 0)
		usage(argv[0]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	pagesz = sysconf(_SC_PAGESIZE);

	cpu_set_t all;
	if (sched_getaffinity(0, sizeof(all), &all) != 0) {
		printf("CHECK %s FAIL sched_getaffinity\n", label);
		return 1;
	}
	for (int c = 0; c < CPU_SETSIZE && nthreads < MAXT; c++)
		if (CPU_ISSET(c, &all))
			cpus[nthreads++] = c;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	region = mmap(NULL, (size_t)NPAGES * pagesz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		printf("CHECK %s FAIL mmap\n", label);
		return 1;
	}
	pthread_barrier_init(&bar, NULL, (unsigned)nthreads);

	int npairs = (nthreads + 1) / 2;
	struct pair *pairs = aligned_alloc(64, sizeof(struct pair) * (size_t)npairs);
	struct side *sides = calloc((size_t)npairs * 2, sizeof(struct side));
	pthread_t wt[MAXT], pt[MAXT + 1];
	if (!pairs || !sides) {
		printf("CHECK %s FAIL out of memory\n", label);
		return 1;
	}
	for (int j = 0; j < npairs; j++) {
		memset(&pairs[j], 0, sizeof(pairs[j]));
		pairs[j].value = (uint64_t)j + 1;
		pairs[j].cpu[0] = cpus[(2 * j) % nthreads];
		pairs[j].cpu[1] = cpus[(2 * j + 1) % nthreads];
	}
	for (int t = 0; t < nthreads; t++)
		if (pthread_create(&wt[t], NULL, worker, (void *)(intptr_t)t) != 0) {
			printf("CHECK %s FAIL pthread_create\n", label);
			return 1;
		}
	for (int j = 0; j < 2 * npairs; j++) {
		sides[j].pp = &pairs[j / 2];
		sides[j].s = j % 2;
		if (pthread_create(&pt[j], NULL, pingpong, &sides[j]) != 0) {
			printf("CHECK %s FAIL pthread_create\n", label);
			return 1;
		}
	}

	/* watchdog: fail on a hang instead of hanging; stop the soak */
	struct timespec t0;
	monotonic(&t0);
	long last = -1, idle = 0, soaked = 0;
	while (atomic_load(&finished) < nthreads + 2 * npairs) {
		struct timespec d = { 0, 100000000 };
		nanosleep(&d, NULL);
		struct timespec now;
		monotonic(&now);
		soaked = now.tv_sec - t0.tv_sec;
		if (seconds && soaked >= seconds)
			atomic_store(&stop_requested, 1);
		long p = atomic_load(&progress);
		idle = p == last ? idle + 1 : 0;
		last = p;
		if (idle >= HANG_SECONDS * 10) {
			printf("CHECK %s FAIL no progress for %d s (lost IPI or wake-up?)\n", label, HANG_SECONDS);
			_exit(1);
		}
	}
	for (int t = 0; t < nthreads; t++)
		pthread_join(wt[t], NULL);
	for (int j = 0; j < 2 * npairs; j++)
		pthread_join(pt[j], NULL);

	/* verify the ping-pong sequences and the shared counter */
	unsigned long pp_steps = 0;
	for (int j = 0; j < npairs; j++) {
		uint64_t v = (uint64_t)j + 1;
		for (long i = 0; i < pairs[j].rounds0; i++)
			v = step(step(v, 0), 1);
		if (pairs[j].steps != 2 * pairs[j].rounds0 || pairs[j].value != v)
			fail("futex ping-pong pair %ld: bad sequence (%ld steps)", j, pairs[j].steps);
		if (!seconds && pairs[j].rounds0 != rounds * PP_PER_ROUND)
			fail("futex ping-pong pair %ld: %ld exchanges", j, pairs[j].rounds0);
		pp_steps += (unsigned long)pairs[j].steps;
	}
	unsigned long want = (unsigned long)rounds_done * (unsigned long)nthreads * (unsigned long)(nthreads + 1) / 2
		+ 1000UL * pp_steps;
	if (atomic_load(&counter_a) != want)
		fail("atomic counter %ld, expected %ld", (long)atomic_load(&counter_a), (long)want);
	if (!seconds && rounds_done != rounds)
		fail("%ld rounds done, expected %ld", rounds_done, rounds);

	if (atomic_load(&failed))
		return 1;
	if (seconds)
		printf("CHECK %s ok rounds %ld pingpongs %lu threads %d\n", label, rounds_done, pp_steps, nthreads);
	else
		printf("CHECK %s ok\n", label);
	return 0;
}
