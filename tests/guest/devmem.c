// SPDX-License-Identifier: BSD-2-Clause
// devmem: cordon guest check that physical memory the OS must not get stays
// out of its reach through /dev/mem (the kernel is built with CONFIG_DEVMEM
// and without STRICT_DEVMEM, so the kernel does not filter: the hardware's
// PMP must). For every page of a target range: a byte load at its first and
// last byte through an mmap of /dev/mem (user mode: the hardware decides),
// a byte store there (only where a store is safe: memory that must be
// denied), and pread() of /dev/mem at the same offsets. A load or pread
// that gives a byte prints FAIL with the value. Note: pread never reaches
// the hardware for these targets, Linux refuses it first (EFAULT): the
// firmware's memory lies below the kernel's load address (0x80200000),
// where Linux 6.1 riscv's memory and linear map begin
// (copy_from_kernel_nofault takes the page fault), cordon's region above
// high_memory (valid_phys_addr_range).
// No pwrite(): Linux 6.1's write_mem to a physical address outside the
// linear map oopses (copy_from_user's fault path zeroes the unmapped
// destination), natively too.
//
//   devmem firmware   the firmware's memory: every /reserved-memory region
//                     of the device tree (OpenSBI's mmode_resv*). Denied
//                     natively (OpenSBI's PMP) and under cordon (the
//                     firmware's virtual PMP, composed): one identical line
//                     per region.
//   devmem ram-top    the top 1 MiB below cordon.ramend=ADDR (the end of the
//                     machine's RAM, given by the test harness on the kernel
//                     command line): cordon's own region (the top CORDON_SIZE
//                     bytes of RAM, hidden from the OS's /memory) under
//                     cordon, where every access must fault; natively the
//                     same range is the OS's RAM, and the same probes must
//                     read it (the positive control: the probe can see a
//                     byte). Prints "CHECK devmem-ram-top ok" either way
//                     (the lines are compared with the native run) and a
//                     "DEVMEM ram-top hidden|os-ram ..." line saying which
//                     case it was (tests/linux.sh checks that).
//
// Deterministic output (no addresses, no values) unless something fails.
// Exit status 0 iff all passed.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define DT "/sys/firmware/devicetree/base"

static long pagesz;
static int failures;

/* ---- one access under a signal handler ------------------------------------ */

static sigjmp_buf jb;
static volatile sig_atomic_t expecting, got_sig, got_code;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (!expecting) {
		static const char msg[] = "CHECK devmem FAIL unexpected signal\n";
		if (write(1, msg, sizeof(msg) - 1) < 0) { /* nothing to do */ }
		_exit(1);
	}
	got_sig = sig;
	got_code = si->si_code;
	siglongjmp(jb, 1);
}

/* one byte load (store if STORE) at P: 0 if it faulted, else 1 (and *V) */
static __attribute__((noinline)) int try_access(volatile unsigned char *p, int store,
						unsigned char *v)
{
	int done = 0;
	got_sig = 0;
	expecting = 1;
	if (sigsetjmp(jb, 1) == 0) {
		if (store)
			*p = 0xa5;
		else
			*v = *p;
		done = 1;
	}
	expecting = 0;
	return done;
}

/* ---- what happened, per kind of access ------------------------------------ */

enum { LOAD, STORE, PREAD, KINDS };
static const char *const kind_name[KINDS] = { "mmap loads", "mmap stores", "pread" };

struct tally {
	int tried[KINDS];
	int obtained[KINDS];  /* a byte read (or written) */
	int accerr[KINDS];    /* SIGSEGV SEGV_ACCERR: an access fault */
	int other_sig[KINDS], last_sig[KINDS], last_code[KINDS];
	int err[KINDS][3];    /* EFAULT, EPERM, other */
	int other_errno[KINDS];
	int mmap_refused, mmap_errno;
	int reported;
};

/* a byte where there must be none (DENY) */
static void obtained(const char *label, struct tally *t, int deny, int kind, uint64_t phys,
		     unsigned char v)
{
	t->obtained[kind]++;
	if (deny && t->reported++ < 5)
		printf("CHECK %s FAIL %s at %#llx %s byte %#x\n", label, kind_name[kind],
		       (unsigned long long)phys, kind == STORE ? "wrote" : "read", v);
}

static void probe_page(const char *label, int fd, uint64_t page, int deny, struct tally *t)
{
	const long offs[2] = { 0, pagesz - 1 };
	unsigned char *m = mmap(NULL, pagesz, PROT_READ | (deny ? PROT_WRITE : 0), MAP_SHARED,
				fd, (off_t)page);
	for (int i = 0; i < 2; i++) {
		uint64_t phys = page + (uint64_t)offs[i];
		unsigned char v = 0;
		ssize_t r;
		if (m == MAP_FAILED) {
			t->mmap_refused++;
			t->mmap_errno = errno;
		} else {
			for (int k = LOAD; k <= STORE; k++) {
				if (k == STORE && !deny)
					continue;
				t->tried[k]++;
				if (try_access(m + offs[i], k == STORE, &v)) {
					obtained(label, t, deny, k, phys, k == STORE ? 0xa5 : v);
					continue;
				}
				if (got_sig == SIGSEGV && got_code == SEGV_ACCERR) {
					t->accerr[k]++;
				} else {
					t->other_sig[k]++;
					t->last_sig[k] = got_sig;
					t->last_code[k] = got_code;
				}
			}
		}
		t->tried[PREAD]++;
		errno = 0;
		r = pread(fd, &v, 1, (off_t)phys);
		if (r == 1) {
			obtained(label, t, deny, PREAD, phys, v);
		} else if (r < 0 && errno == EFAULT) {
			t->err[PREAD][0]++;
		} else if (r < 0 && errno == EPERM) {
			t->err[PREAD][1]++;
		} else {
			t->err[PREAD][2]++;
			t->other_errno[PREAD] = r < 0 ? errno : 0;
		}
	}
	if (m != MAP_FAILED)
		munmap(m, pagesz);
}

/* "SIGSEGV", "EFAULT", ... or a mix: what every access of KIND got */
static void outcome(const struct tally *t, int k, char *buf, size_t n)
{
	buf[0] = 0;
	if (t->obtained[k])
		snprintf(buf, n, "%d bytes", t->obtained[k]);
	if (k <= STORE) {
		if (t->accerr[k])
			snprintf(buf + strlen(buf), n - strlen(buf), "%sSIGSEGV", buf[0] ? "/" : "");
		if (t->other_sig[k])
			snprintf(buf + strlen(buf), n - strlen(buf), "%ssignal %d code %d",
				 buf[0] ? "/" : "", t->last_sig[k], t->last_code[k]);
		return;
	}
	if (t->err[k][0])
		snprintf(buf + strlen(buf), n - strlen(buf), "%sEFAULT", buf[0] ? "/" : "");
	if (t->err[k][1])
		snprintf(buf + strlen(buf), n - strlen(buf), "%sEPERM", buf[0] ? "/" : "");
	if (t->err[k][2])
		snprintf(buf + strlen(buf), n - strlen(buf), "%serrno %d", buf[0] ? "/" : "",
			 t->other_errno[k]);
}

/*
 * Probe [BASE, BASE+SIZE) (whole pages). DENY: every access must give no
 * byte (stores tried too); else every load and pread must give one. Prints
 * the CHECK line (SHOW_DETAIL: the details in it, else on a DEVMEM line
 * prefixed by INFO) and returns 0 iff it passed.
 */
static int probe_range(const char *label, uint64_t base, uint64_t size, int deny,
		       int show_detail, const char *info)
{
	struct tally t;
	char detail[320], o[KINDS][48];
	int fd, pages = 0, bad = 0;

	memset(&t, 0, sizeof(t));
	fd = open("/dev/mem", (deny ? O_RDWR : O_RDONLY) | O_SYNC);
	if (fd < 0) {
		printf("CHECK %s FAIL open /dev/mem: %s\n", label, strerror(errno));
		return 1;
	}
	for (uint64_t p = base; p + (uint64_t)pagesz <= base + size; p += (uint64_t)pagesz) {
		probe_page(label, fd, p, deny, &t);
		pages++;
	}
	close(fd);
	for (int k = 0; k < KINDS; k++)
		outcome(&t, k, o[k], sizeof(o[k]));
	if (deny)
		snprintf(detail, sizeof(detail), "%d pages: %s; %s %s, %s %s, %s %s", pages,
			 t.obtained[LOAD] + t.obtained[STORE] + t.obtained[PREAD] ? "BYTES OBTAINED"
										  : "no byte",
			 kind_name[LOAD], o[LOAD], kind_name[STORE], o[STORE], kind_name[PREAD],
			 o[PREAD]);
	else
		snprintf(detail, sizeof(detail), "%d pages: every mmap load and pread read a byte",
			 pages);
	if (pages == 0) {
		printf("CHECK %s FAIL empty range %#llx+%#llx\n", label, (unsigned long long)base,
		       (unsigned long long)size);
		return 1;
	}
	if (t.mmap_refused == 2 * pages && t.mmap_errno == EPERM) {
		/*
		 * A kernel with CONFIG_STRICT_DEVMEM (Debian's) refuses every
		 * mapping of its RAM itself: nothing to probe. The OS's own RAM
		 * (the positive control's case) is then still the OS's: the same
		 * CHECK line as when it reads it, the DEVMEM line says why.
		 */
		if (!deny) {
			printf("CHECK %s ok\n", label);
			if (info)
				printf("DEVMEM %s: the kernel refuses /dev/mem over its RAM "
				       "(CONFIG_STRICT_DEVMEM): not probed\n",
				       info);
		} else {
			printf("CHECK %s skipped (the kernel refuses /dev/mem here: "
			       "CONFIG_STRICT_DEVMEM)\n",
			       label);
		}
		fflush(stdout);
		return 0;
	}
	if (t.mmap_refused) {
		/* the kernel refused: the hardware was never asked */
		printf("CHECK %s FAIL mmap of /dev/mem refused (%s) on %d accesses: the PMP was not reached\n",
		       label, strerror(t.mmap_errno), t.mmap_refused);
		return 1;
	}
	for (int k = 0; k < KINDS; k++) {
		if (deny && t.obtained[k])
			bad = 1; /* FAIL lines already printed */
		if (!deny && (k == LOAD || k == PREAD) && t.obtained[k] != t.tried[k]) {
			printf("CHECK %s FAIL positive control: %s read %d of %d bytes (%s)\n", label,
			       kind_name[k], t.obtained[k], t.tried[k], o[k]);
			bad = 1;
		}
	}
	if (deny && t.obtained[LOAD] + t.obtained[STORE] + t.obtained[PREAD])
		printf("CHECK %s FAIL (bytes obtained: %d by mmap loads, %d stores, %d by pread)\n",
		       label, t.obtained[LOAD], t.obtained[STORE], t.obtained[PREAD]);
	if (!bad)
		printf("CHECK %s ok%s%s%s\n", label, show_detail ? " (" : "",
		       show_detail ? detail : "", show_detail ? ")" : "");
	if (info)
		printf("DEVMEM %s: %s%s\n", info, bad ? "FAILED: " : "", detail);
	fflush(stdout);
	return bad;
}

/* ---- targets ---------------------------------------------------------------- */

static int read_file(const char *path, unsigned char *buf, size_t n)
{
	int fd = open(path, O_RDONLY);
	ssize_t r;
	if (fd < 0)
		return -1;
	r = read(fd, buf, n);
	close(fd);
	return (int)r;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t cells(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* every /reserved-memory region: the firmware's memory */
static void firmware(void)
{
	char *names[32], path[512], label[128];
	unsigned char buf[256];
	int n = 0, ac = 2, sc = 2, regions = 0;
	DIR *d = opendir(DT "/reserved-memory");
	struct dirent *e;

	if (!d) {
		printf("CHECK devmem-firmware FAIL no /reserved-memory in the device tree\n");
		failures++;
		return;
	}
	if (read_file(DT "/reserved-memory/#address-cells", buf, 4) == 4)
		ac = (int)be32(buf);
	if (read_file(DT "/reserved-memory/#size-cells", buf, 4) == 4)
		sc = (int)be32(buf);
	while ((e = readdir(d)) != NULL && n < 32) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_names);
	for (int i = 0; i < n; i++) {
		int len;
		char *at;
		snprintf(path, sizeof(path), DT "/reserved-memory/%s/reg", names[i]);
		len = read_file(path, buf, sizeof(buf));
		/* the node's name without its unit address (no addresses in CHECK lines) */
		at = strchr(names[i], '@');
		if (at)
			*at = 0;
		for (int off = 0, r = 0; len > 0 && off + 4 * (ac + sc) <= len; off += 4 * (ac + sc), r++) {
			uint64_t base = cells(buf + off, ac), size = cells(buf + off + 4 * ac, sc);
			uint64_t lo = (base + (uint64_t)pagesz - 1) & ~((uint64_t)pagesz - 1);
			uint64_t hi = (base + size) & ~((uint64_t)pagesz - 1);
			if (r)
				snprintf(label, sizeof(label), "devmem-firmware-%s-%d", names[i], r);
			else
				snprintf(label, sizeof(label), "devmem-firmware-%s", names[i]);
			failures += probe_range(label, lo, hi > lo ? hi - lo : 0, 1, 1, NULL);
			regions++;
		}
		free(names[i]);
	}
	if (!regions) {
		printf("CHECK devmem-firmware FAIL no region in /reserved-memory\n");
		failures++;
	}
}

/* the end of the RAM the kernel knows: top-level "System RAM" of /proc/iomem */
static uint64_t os_ram_end(void)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	uint64_t end = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi;
		if (line[0] != ' ' && strstr(line, ": System RAM") &&
		    sscanf(line, "%llx-%llx", &lo, &hi) == 2 && hi + 1 > end)
			end = hi + 1;
	}
	fclose(f);
	return end;
}

static void ram_top(void)
{
	char cmd[1024], *s;
	uint64_t ramend, osend;
	int n = read_file("/proc/cmdline", (unsigned char *)cmd, sizeof(cmd) - 1);

	cmd[n > 0 ? n : 0] = 0;
	s = strstr(cmd, "cordon.ramend=");
	if (!s) {
		printf("CHECK devmem-ram-top skipped (no cordon.ramend= on the command line)\n");
		return;
	}
	ramend = strtoull(s + strlen("cordon.ramend="), NULL, 0);
	osend = os_ram_end();
	if (osend == 0 || ramend < MIB || osend > ramend) {
		printf("CHECK devmem-ram-top FAIL RAM end %#llx, the OS's %#llx\n",
		       (unsigned long long)ramend, (unsigned long long)osend);
		failures++;
		return;
	}
	if (osend == ramend) {
		/* natively: the top of RAM is the OS's; the probe must read it */
		failures += probe_range("devmem-ram-top", ramend - MIB, MIB, 0, 0, "ram-top os-ram");
		return;
	}
	/*
	 * Hidden from the OS (under cordon): the top 1 MiB is cordon's region
	 * (CORDON_SIZE), wholly above the OS's RAM. Not probed: what lies
	 * between (the rest of the 2 MiB rounding of the OS's RAM, protect-os's
	 * bounce buffers), which is not cordon's: OpenSBI's PMP leaves it to
	 * S-mode, so the OS can read and write it (docs/security.md, I7).
	 */
	if (osend > ramend - MIB) {
		printf("CHECK devmem-ram-top FAIL the OS's RAM ends %#llx, inside the top MiB below %#llx\n",
		       (unsigned long long)osend, (unsigned long long)ramend);
		failures++;
		return;
	}
	failures += probe_range("devmem-ram-top", ramend - MIB, MIB, 1, 0, "ram-top hidden");
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	pagesz = sysconf(_SC_PAGESIZE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	if (argc == 2 && !strcmp(argv[1], "firmware"))
		firmware();
	else if (argc == 2 && !strcmp(argv[1], "ram-top"))
		ram_top();
	else {
		fprintf(stderr, "usage: %s firmware|ram-top\n", argv[0]);
		return 2;
	}
	return failures ? 1 : 0;
}
