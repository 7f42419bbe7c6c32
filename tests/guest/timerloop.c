// SPDX-License-Identifier: BSD-2-Clause
// timerloop: cordon guest check of timer interrupts. Sleeps COUNT times
// for USEC microseconds (half relative, half absolute deadlines), checks
// that no sleep returned early and that CLOCK_MONOTONIC never goes backwards,
// also while the thread migrates over every CPU it may run on (the time CSR
// of every hart must agree). Prints "CHECK <label> ok" or FAIL lines only:
// no timings, so the output is deterministic.
//
// usage: timerloop [--label NAME] [COUNT [USEC]]   (default 2000 100)
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>

#include "monotonic.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *label = "timer-loop";
static int errors;

#define FAIL(...) do { \
	if (errors++ < 5) { printf("CHECK %s FAIL ", label); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

static int64_t now_ns(void)
{
	struct timespec ts;
	monotonic(&ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct timespec to_ts(int64_t ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };
	return ts;
}

int main(int argc, char **argv)
{
	long count = 2000, usec = 100, limit_s = 120;
	int pos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--label") && i + 1 < argc)
			label = argv[++i];
		else if (pos == 0 && argv[i][0] != '-')
			count = strtol(argv[i], NULL, 0), pos++;
		else if (pos == 1 && argv[i][0] != '-')
			usec = strtol(argv[i], NULL, 0), pos++;
		else {
			fprintf(stderr, "usage: %s [--label NAME] [COUNT [USEC]]\n", argv[0]);
			return 2;
		}
	}
	if (count < 1 || usec < 1) {
		fprintf(stderr, "COUNT and USEC must be positive\n");
		return 2;
	}

	int64_t start = now_ns(), prev = start;
	for (long i = 0; i < count; i++) {
		int64_t before = now_ns(), want = usec * 1000;
		int rc;
		if (i & 1) {
			struct timespec dl = to_ts(before + want);
			do
				rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL);
			while (rc == EINTR);
		} else {
			struct timespec d = to_ts(want), rem;
			while ((rc = clock_nanosleep(CLOCK_MONOTONIC, 0, &d, &rem)) == EINTR)
				d = rem;
		}
		int64_t after = now_ns();
		if (rc != 0)
			FAIL("clock_nanosleep returned %d", rc);
		if (after - before < want)
			FAIL("sleep %ld returned early", i);
		if (before < prev || after < before)
			FAIL("CLOCK_MONOTONIC went backwards at sleep %ld", i);
		prev = after;
		if (after - start > limit_s * 1000000000LL) {
			FAIL("not done after %ld s (timer interrupts lost or very late?)", limit_s);
			break;
		}
	}
	if (now_ns() - start < count * usec * 1000)
		FAIL("total time shorter than the sum of the sleeps");

	/* monotonic across harts: hop over every allowed CPU, several times */
	cpu_set_t all, one;
	if (sched_getaffinity(0, sizeof(all), &all) != 0)
		FAIL("sched_getaffinity");
	for (int round = 0; round < 20; round++)
		for (int c = 0; c < CPU_SETSIZE; c++) {
			if (!CPU_ISSET(c, &all))
				continue;
			CPU_ZERO(&one);
			CPU_SET(c, &one);
			if (sched_setaffinity(0, sizeof(one), &one) != 0) {
				FAIL("sched_setaffinity cpu %d", c);
				continue;
			}
			int64_t t = now_ns();
			if (t < prev)
				FAIL("CLOCK_MONOTONIC went backwards moving to cpu %d", c);
			prev = t;
		}
	sched_setaffinity(0, sizeof(all), &all);

	if (!errors)
		printf("CHECK %s ok\n", label);
	return errors ? 1 : 0;
}
