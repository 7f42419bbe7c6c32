// SPDX-License-Identifier: BSD-2-Clause
// bench: the guest side of `make bench` (bench/run.py), run by /init when
// the kernel command line has cordon.bench=NAME. Under
// `-icount shift=0,sleep=off` one instruction is one nanosecond of virtual
// time, so elapsed CLOCK_MONOTONIC nanoseconds are guest instructions (all
// harts together, plus idle time skipped to the next timer).
//
// usage: bench stamp LABEL   print "BENCH-STAMP LABEL <rdtime*100>" (the
//                            instructions since reset) and write the same
//                            to /dev/kmsg, so that the kernel's printk
//                            timestamps can be converted to absolute counts
//        bench run NAME[:N]  run one workload (N operations), print "BENCH NAME <ns> <ops>":
//          boot              nothing (the boot figures come from the stamps)
//          timer             20000 nanosleep(10 us)
//          ipi               TLB shootdowns (2000 mprotect pairs on a page
//                            the other 3 harts' threads have used) and 2000
//                            futex ping-pongs between harts 0 and 1
//          cpu               a CPU-bound integer loop (control)
//        bench timer|ipi|cpu [N]   the same with N operations
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#include "monotonic.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;
	monotonic(&ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t rdtime(void)
{
	uint64_t t;
	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static int stamp(const char *label)
{
	uint64_t abs = rdtime() * 100; /* mtime is 10 MHz: 100 ns = 100 instructions */
	char msg[128];
	int n = snprintf(msg, sizeof(msg), "BENCH-STAMP %s %llu\n", label, (unsigned long long)abs);
	int fd = open("/dev/kmsg", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, msg, (size_t)n) < 0)
			perror("bench: /dev/kmsg");
		close(fd);
	}
	fputs(msg, stdout);
	return 0;
}

static void pin(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("bench: sched_setaffinity");
}

static long futex(volatile int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

/* ---- timer ---- */
static int64_t run_timer(long n)
{
	struct timespec ts = { 0, 10000 };
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		nanosleep(&ts, NULL);
	return now_ns() - t0;
}

/* ---- ipi: shootdowns and futex ping-pong ---- */
static volatile char *page;
static volatile int stop_flag, ping, pong, ready;

static void *helper(void *arg)
{
	int cpu = (int)(intptr_t)arg;
	pin(cpu);
	page[64 * cpu] = 1; /* run in this mm on this hart */
	__atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
	if (cpu == 1) { /* ping-pong partner */
		for (;;) {
			int v;
			while ((v = __atomic_load_n(&ping, __ATOMIC_ACQUIRE)) == pong && !stop_flag)
				futex(&ping, FUTEX_WAIT_PRIVATE, v);
			if (stop_flag)
				break;
			__atomic_store_n(&pong, v, __ATOMIC_RELEASE);
			futex(&pong, FUTEX_WAKE_PRIVATE, 1);
		}
	} else {
		while (!stop_flag)
			futex(&stop_flag, FUTEX_WAIT_PRIVATE, 0);
	}
	return NULL;
}

static int64_t run_ipi(long n)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t th[3];
	int nth = ncpu < 4 ? (int)ncpu - 1 : 3;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || nth < 1) {
		fprintf(stderr, "bench: ipi needs 2+ harts and mmap\n");
		exit(1);
	}
	pin(0);
	for (int i = 0; i < nth; i++)
		pthread_create(&th[i], NULL, helper, (void *)(intptr_t)(i + 1));
	while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < nth)
		sched_yield();
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) { /* each write-protect: remote sfence.vma */
		mprotect((void *)page, 4096, PROT_READ);
		mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
		page[0] = (char)i;
	}
	for (long i = 1; i <= n; i++) { /* each wake-up of the sleeping partner: an IPI */
		__atomic_store_n(&ping, (int)i, __ATOMIC_RELEASE);
		futex(&ping, FUTEX_WAKE_PRIVATE, 1);
		int v;
		while ((v = __atomic_load_n(&pong, __ATOMIC_ACQUIRE)) != (int)i)
			futex(&pong, FUTEX_WAIT_PRIVATE, v);
	}
	int64_t dt = now_ns() - t0;
	stop_flag = 1;
	futex(&stop_flag, FUTEX_WAKE_PRIVATE, 8);
	futex(&ping, FUTEX_WAKE_PRIVATE, 8);
	for (int i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	return dt;
}

/* ---- cpu ---- */
static volatile uint64_t sink;

static int64_t run_cpu(long n)
{
	uint64_t x = 88172645463325252ULL;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink = x;
	return now_ns() - t0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "stamp"))
		return stamp(argv[2]);
	char name[32] = "";
	long n = 0;
	if (argc >= 3 && !strcmp(argv[1], "run")) { /* NAME or NAME:N */
		snprintf(name, sizeof(name), "%s", argv[2]);
		char *colon = strchr(name, ':');
		if (colon) {
			*colon = 0;
			n = strtol(colon + 1, NULL, 0);
		}
	} else if (argc >= 2) {
		snprintf(name, sizeof(name), "%s", argv[1]);
		n = argc >= 3 ? strtol(argv[2], NULL, 0) : 0;
	}
	int64_t dt;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(name, "boot")) {
		return 0;
	} else if (!strcmp(name, "timer")) {
		n = n ? n : 20000;
		dt = run_timer(n);
	} else if (!strcmp(name, "ipi")) {
		n = n ? n : 2000;
		dt = run_ipi(n);
	} else if (!strcmp(name, "cpu")) {
		n = n ? n : 20000000;
		dt = run_cpu(n);
	} else {
		fprintf(stderr, "usage: bench stamp LABEL | bench run boot|timer|ipi|cpu | bench timer|ipi|cpu [N]\n");
		return 2;
	}
	printf("BENCH %s %lld %ld\n", name, (long long)dt, n);
	return 0;
}
