// SPDX-License-Identifier: BSD-2-Clause
// misaligned: cordon guest check of misaligned user loads and stores. QEMU
// traps them to M-mode, where the firmware (OpenSBI, possibly under cordon)
// emulates them. Covers every integer width and signedness, FP flw/fld/
// fsw/fsd, the compressed forms (c.lw/c.ld/c.sw/c.sd/c.fld/c.fsd and the
// sp-relative c.lwsp/c.ldsp/c.swsp/c.sdsp/c.fldsp/c.fsdsp), at offsets
// 0..7, accesses that cross into a not-yet-populated page (the emulated
// access must page-fault into Linux and be retried) and accesses that cross
// into an inaccessible page (must give SIGSEGV). Misaligned LR and AMOs are
// never emulated: the firmware must pass the trap on to Linux, which sends
// SIGBUS (BUS_ADRALN) with the PC on the AMO. Note: QEMU 7.2 performs plain
// misaligned loads/stores itself (no trap); only LR/AMOs trap there, while
// hardware such as the U74 traps them all. Prints deterministic
// "CHECK <label>-<part> ok|FAIL ..." lines; exit status 0 iff all passed.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ucontext.h>
#include <unistd.h>

static const char *label = "misaligned";
static int failures;
static int part_failures;

#define FAILF(...) do { \
	if (part_failures++ < 5) { printf("CHECK %s FAIL ", label); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

/* ---- one instruction per helper; a0/a1/fa0 so compressed forms encode -- */

#define LOAD_FN(name, insn, opt)                                              \
	static uint64_t name(const void *p)                                   \
	{                                                                     \
		register uint64_t r asm("a0");                                \
		register const void *a asm("a1") = p;                         \
		asm volatile(".option push\n.option " opt "\n" insn           \
			     " a0, 0(a1)\n.option pop"                        \
			     : "=r"(r) : "r"(a) : "memory");                  \
		return r;                                                     \
	}
#define STORE_FN(name, insn, opt)                                             \
	static void name(void *p, uint64_t v)                                 \
	{                                                                     \
		register uint64_t r asm("a0") = v;                            \
		register void *a asm("a1") = p;                               \
		asm volatile(".option push\n.option " opt "\n" insn           \
			     " a0, 0(a1)\n.option pop"                        \
			     : : "r"(r), "r"(a) : "memory");                  \
	}
/* sp-relative compressed forms: borrow sp for one instruction */
#define LOADSP_FN(name, insn)                                                 \
	static uint64_t name(const void *p)                                   \
	{                                                                     \
		register uint64_t r asm("a0");                                \
		register const void *a asm("a1") = p;                         \
		asm volatile(".option push\n.option rvc\n"                    \
			     "mv t0, sp\nmv sp, a1\n" insn " a0, 0(sp)\n"     \
			     "mv sp, t0\n.option pop"                         \
			     : "=r"(r) : "r"(a) : "t0", "memory");            \
		return r;                                                     \
	}
#define STORESP_FN(name, insn)                                                \
	static void name(void *p, uint64_t v)                                 \
	{                                                                     \
		register uint64_t r asm("a0") = v;                            \
		register void *a asm("a1") = p;                               \
		asm volatile(".option push\n.option rvc\n"                    \
			     "mv t0, sp\nmv sp, a1\n" insn " a0, 0(sp)\n"     \
			     "mv sp, t0\n.option pop"                         \
			     : : "r"(r), "r"(a) : "t0", "memory");            \
	}
/* FP: load into fa0 then move the raw bits out (no arithmetic: no NaN
 * canonicalisation); store moves raw bits into fa0 first. */
#define FLOAD_FN(name, insn, opt, mv)                                         \
	static uint64_t name(const void *p)                                   \
	{                                                                     \
		register uint64_t r asm("a0");                                \
		register const void *a asm("a1") = p;                         \
		asm volatile(".option push\n.option " opt "\n" insn           \
			     " fa0, 0(a1)\n" mv " a0, fa0\n.option pop"       \
			     : "=r"(r) : "r"(a) : "fa0", "memory");           \
		return r;                                                     \
	}
#define FSTORE_FN(name, insn, opt, mv)                                        \
	static void name(void *p, uint64_t v)                                 \
	{                                                                     \
		register uint64_t r asm("a0") = v;                            \
		register void *a asm("a1") = p;                               \
		asm volatile(".option push\n.option " opt "\n" mv             \
			     " fa0, a0\n" insn " fa0, 0(a1)\n.option pop"     \
			     : : "r"(r), "r"(a) : "fa0", "memory");           \
	}
#define FLOADSP_FN(name, insn, mv)                                            \
	static uint64_t name(const void *p)                                   \
	{                                                                     \
		register uint64_t r asm("a0");                                \
		register const void *a asm("a1") = p;                         \
		asm volatile(".option push\n.option rvc\n"                    \
			     "mv t0, sp\nmv sp, a1\n" insn " fa0, 0(sp)\n"    \
			     "mv sp, t0\n" mv " a0, fa0\n.option pop"         \
			     : "=r"(r) : "r"(a) : "t0", "fa0", "memory");     \
		return r;                                                     \
	}
#define FSTORESP_FN(name, insn, mv)                                           \
	static void name(void *p, uint64_t v)                                 \
	{                                                                     \
		register uint64_t r asm("a0") = v;                            \
		register void *a asm("a1") = p;                               \
		asm volatile(".option push\n.option rvc\n" mv " fa0, a0\n"    \
			     "mv t0, sp\nmv sp, a1\n" insn " fa0, 0(sp)\n"    \
			     "mv sp, t0\n.option pop"                         \
			     : : "r"(r), "r"(a) : "t0", "fa0", "memory");     \
	}

LOAD_FN(ld_lh, "lh", "norvc")
LOAD_FN(ld_lhu, "lhu", "norvc")
LOAD_FN(ld_lw, "lw", "norvc")
LOAD_FN(ld_lwu, "lwu", "norvc")
LOAD_FN(ld_ld, "ld", "norvc")
STORE_FN(st_sh, "sh", "norvc")
STORE_FN(st_sw, "sw", "norvc")
STORE_FN(st_sd, "sd", "norvc")
FLOAD_FN(ld_flw, "flw", "norvc", "fmv.x.w")
FLOAD_FN(ld_fld, "fld", "norvc", "fmv.x.d")
FSTORE_FN(st_fsw, "fsw", "norvc", "fmv.w.x")
FSTORE_FN(st_fsd, "fsd", "norvc", "fmv.d.x")
LOAD_FN(ld_clw, "c.lw", "rvc")
LOAD_FN(ld_cld, "c.ld", "rvc")
STORE_FN(st_csw, "c.sw", "rvc")
STORE_FN(st_csd, "c.sd", "rvc")
FLOAD_FN(ld_cfld, "c.fld", "rvc", "fmv.x.d")
FSTORE_FN(st_cfsd, "c.fsd", "rvc", "fmv.d.x")
LOADSP_FN(ld_clwsp, "c.lwsp")
LOADSP_FN(ld_cldsp, "c.ldsp")
STORESP_FN(st_cswsp, "c.swsp")
STORESP_FN(st_csdsp, "c.sdsp")
FLOADSP_FN(ld_cfldsp, "c.fldsp", "fmv.x.d")
FSTORESP_FN(st_cfsdsp, "c.fsdsp", "fmv.d.x")

struct lop { const char *name; uint64_t (*fn)(const void *); int width; int sign; int fp; };
struct sop { const char *name; void (*fn)(void *, uint64_t); int width; };

static const struct lop int_loads[] = {
	{ "lh", ld_lh, 2, 1, 0 }, { "lhu", ld_lhu, 2, 0, 0 },
	{ "lw", ld_lw, 4, 1, 0 }, { "lwu", ld_lwu, 4, 0, 0 },
	{ "ld", ld_ld, 8, 0, 0 },
};
static const struct sop int_stores[] = {
	{ "sh", st_sh, 2 }, { "sw", st_sw, 4 }, { "sd", st_sd, 8 },
};
/* fp: flw result is NaN-boxed in fa0 but fmv.x.w sign-extends bit 31 */
static const struct lop fp_loads[] = {
	{ "flw", ld_flw, 4, 1, 1 }, { "fld", ld_fld, 8, 0, 1 },
};
static const struct sop fp_stores[] = {
	{ "fsw", st_fsw, 4 }, { "fsd", st_fsd, 8 },
};
static const struct lop rvc_loads[] = {
	{ "c.lw", ld_clw, 4, 1, 0 }, { "c.ld", ld_cld, 8, 0, 0 },
	{ "c.fld", ld_cfld, 8, 0, 1 },
	{ "c.lwsp", ld_clwsp, 4, 1, 0 }, { "c.ldsp", ld_cldsp, 8, 0, 0 },
	{ "c.fldsp", ld_cfldsp, 8, 0, 1 },
};
static const struct sop rvc_stores[] = {
	{ "c.sw", st_csw, 4 }, { "c.sd", st_csd, 8 }, { "c.fsd", st_cfsd, 8 },
	{ "c.swsp", st_cswsp, 4 }, { "c.sdsp", st_csdsp, 8 },
	{ "c.fsdsp", st_cfsdsp, 8 },
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* value a load of WIDTH bytes at P must give (little endian, extended) */
static uint64_t expect_load(const unsigned char *p, int width, int sign)
{
	uint64_t v = 0;
	for (int i = width - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	if (sign && width < 8 && (v >> (8 * width - 1)) & 1)
		v |= ~0ULL << (8 * width);
	return v;
}

static void fill(unsigned char *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(0x81 + 37 * i + 11 * seed);
}

static void check_load(const struct lop *op, const unsigned char *p, const char *where)
{
	uint64_t want = expect_load(p, op->width, op->sign), got = op->fn(p);
	if (got != want)
		FAILF("%s %s offset %d: got %#llx want %#llx", op->name, where,
		      (int)((uintptr_t)p & 7), (unsigned long long)got, (unsigned long long)want);
}

/* store V with OP at P inside BUF (size N) and check every byte of BUF */
static void check_store(const struct sop *op, unsigned char *buf, size_t n,
			unsigned char *p, uint64_t v, const char *where)
{
	unsigned char ref[64];
	memcpy(ref, buf, n);
	for (int i = 0; i < op->width; i++)
		ref[(p - buf) + i] = (unsigned char)(v >> (8 * i));
	op->fn(p, v);
	if (memcmp(ref, buf, n) != 0)
		FAILF("%s %s offset %d: memory differs", op->name, where, (int)((uintptr_t)p & 7));
}

static void part_done(const char *part)
{
	if (part_failures)
		printf("CHECK %s-%s FAIL (%d errors)\n", label, part, part_failures);
	else
		printf("CHECK %s-%s ok\n", label, part);
	failures += part_failures != 0;
	part_failures = 0;
	fflush(stdout);
}

static void run_set(const char *part, const struct lop *lops, size_t nl,
		    const struct sop *sops, size_t ns)
{
	static unsigned char buf[48] __attribute__((aligned(16)));
	for (size_t k = 0; k < nl; k++)
		for (int off = 0; off < 8; off++) {
			fill(buf, sizeof(buf), (unsigned)(k * 8 + off));
			check_load(&lops[k], buf + 16 + off, "buffer");
		}
	for (size_t k = 0; k < ns; k++)
		for (int off = 0; off < 8; off++) {
			fill(buf, sizeof(buf), (unsigned)(k * 8 + off));
			uint64_t v = 0x8877665544332211ULL ^ (0x0101010101010101ULL * (unsigned)(k + off));
			check_store(&sops[k], buf, sizeof(buf), buf + 16 + off, v, "buffer");
		}
	part_done(part);
}

/* ---- page crossing -------------------------------------------------------- */

static long pagesz;

/* Accesses straddling the boundary between two fresh (unpopulated) pages:
 * the first byte that faults is in either page. Each access gets a fresh
 * mapping so the emulated access really takes the page fault. */
static void page_cross(void)
{
	const struct lop *lsets[] = { int_loads, fp_loads, rvc_loads };
	const size_t nls[] = { N(int_loads), N(fp_loads), N(rvc_loads) };
	const struct sop *ssets[] = { int_stores, fp_stores, rvc_stores };
	const size_t nss[] = { N(int_stores), N(fp_stores), N(rvc_stores) };

	for (int s = 0; s < 3; s++) {
		for (size_t k = 0; k < nls[s]; k++) {
			const struct lop *op = &lsets[s][k];
			for (int back = 1; back < op->width; back++) {
				unsigned char *m = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
							MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (m == MAP_FAILED) { FAILF("mmap"); return; }
				unsigned char *p = m + pagesz - back;
				/* unpopulated: reads the zero page on both sides */
				if (op->fn(p) != 0)
					FAILF("%s fresh page cross -%d: not zero", op->name, back);
				/* populate the second page only, then the first too */
				fill(m + pagesz, 16, (unsigned)back);
				check_load(op, p, "page cross (1st page unpopulated)");
				fill(m + pagesz - 16, 16, (unsigned)k);
				check_load(op, p, "page cross");
				munmap(m, 2 * pagesz);
			}
		}
		for (size_t k = 0; k < nss[s]; k++) {
			const struct sop *op = &ssets[s][k];
			for (int back = 1; back < op->width; back++) {
				unsigned char *m = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
							MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (m == MAP_FAILED) { FAILF("mmap"); return; }
				unsigned char *p = m + pagesz - back;
				uint64_t v = 0x1122334455667788ULL * (unsigned)(back + 3);
				/* store to two unpopulated pages: write faults on both */
				op->fn(p, v);
				for (int i = 0; i < op->width; i++)
					if (p[i] != (unsigned char)(v >> (8 * i)))
						FAILF("%s page cross -%d: byte %d wrong", op->name, back, i);
				if (m[pagesz - back - 1] != 0 || m[pagesz - back + op->width] != 0)
					FAILF("%s page cross -%d: neighbour clobbered", op->name, back);
				munmap(m, 2 * pagesz);
			}
		}
	}
	part_done("page-cross");
}

/* ---- atomics: misaligned LR/AMO must trap and reach us as SIGBUS -------- */

static void amo_lrw(void *p) { long r; asm volatile("lr.w %0, (%1)" : "=r"(r) : "r"(p) : "memory"); (void)r; }
static void amo_lrd(void *p) { long r; asm volatile("lr.d %0, (%1)" : "=r"(r) : "r"(p) : "memory"); (void)r; }
static void amo_swapw(void *p) { long r; asm volatile("amoswap.w %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(-1L) : "memory"); (void)r; }
static void amo_addd(void *p) { long r; asm volatile("amoadd.d %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(1L) : "memory"); (void)r; }
static void amo_ord(void *p) { asm volatile("amoor.d zero, %1, (%0)" : : "r"(p), "r"(-1L) : "memory"); }

static const struct { const char *name; void (*fn)(void *); int width; } amos[] = {
	{ "lr.w", amo_lrw, 4 }, { "lr.d", amo_lrd, 8 }, { "amoswap.w", amo_swapw, 4 },
	{ "amoadd.d", amo_addd, 8 }, { "amoor.d", amo_ord, 8 },
};

static sigjmp_buf bus_jb;
static volatile sig_atomic_t bus_expecting, bus_code, bus_pc_is_amo;

static void on_bus(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	if (!bus_expecting) {
		static const char msg[] = "CHECK misaligned FAIL unexpected SIGBUS\n";
		if (write(1, msg, sizeof(msg) - 1) < 0) { /* nothing to do */ }
		_exit(1);
	}
	ucontext_t *uc = ucv;
	const uint16_t *pc = (const uint16_t *)uc->uc_mcontext.__gregs[REG_PC];
	uint32_t insn = pc[0] | (uint32_t)pc[1] << 16;
	bus_code = si->si_code;
	bus_pc_is_amo = (insn & 0x7f) == 0x2f && si->si_addr == (void *)pc;
	siglongjmp(bus_jb, 1);
}

static __attribute__((noinline)) int try_amo(void (*fn)(void *), void *p)
{
	int trapped = 0;
	bus_expecting = 1;
	bus_code = 0;
	bus_pc_is_amo = 0;
	if (sigsetjmp(bus_jb, 1) == 0)
		fn(p);
	else
		trapped = 1;
	bus_expecting = 0;
	return trapped;
}

static void atomics(void)
{
	static uint64_t words[4];
	unsigned char *b = (unsigned char *)words;
	for (size_t k = 0; k < N(amos); k++)
		for (int off = 1; off < amos[k].width; off++) {
			fill(b, sizeof(words), (unsigned)off);
			unsigned char ref[sizeof(words)];
			memcpy(ref, b, sizeof(ref));
			if (!try_amo(amos[k].fn, b + 8 + off))
				FAILF("%s offset %d: no SIGBUS", amos[k].name, off);
			else if (bus_code != BUS_ADRALN || !bus_pc_is_amo)
				FAILF("%s offset %d: SIGBUS code %d, pc/addr on the AMO %d",
				      amos[k].name, off, (int)bus_code, (int)bus_pc_is_amo);
			if (memcmp(ref, b, sizeof(ref)) != 0)
				FAILF("%s offset %d: memory changed", amos[k].name, off);
		}
	part_done("amo-sigbus");
}

/* ---- faults: crossing into an inaccessible page must give SIGSEGV -------- */

static sigjmp_buf jb;
static volatile sig_atomic_t expecting;
static void *volatile fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig; (void)uc;
	if (!expecting) {
		static const char msg[] = "CHECK misaligned FAIL unexpected SIGSEGV\n";
		if (write(1, msg, sizeof(msg) - 1) < 0) { /* nothing to do */ }
		_exit(1);
	}
	fault_addr = si->si_addr;
	siglongjmp(jb, 1);
}

/* run one access with a fault expected; return 1 if it raised SIGSEGV */
static __attribute__((noinline)) int try_load(const struct lop *op, void *p)
{
	int faulted = 0;
	fault_addr = NULL;
	expecting = 1;
	if (sigsetjmp(jb, 1) == 0)
		(void)op->fn(p);
	else
		faulted = 1;
	expecting = 0;
	return faulted;
}

static __attribute__((noinline)) int try_store(const struct sop *op, void *p)
{
	int faulted = 0;
	fault_addr = NULL;
	expecting = 1;
	if (sigsetjmp(jb, 1) == 0)
		op->fn(p, 0);
	else
		faulted = 1;
	expecting = 0;
	return faulted;
}

static void faults(void)
{
	unsigned char *m = mmap(NULL, 2 * pagesz, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) { FAILF("mmap"); part_done("fault"); return; }
	memset(m, 0x5a, 2 * pagesz);
	const struct lop *lsets[] = { int_loads, fp_loads, rvc_loads };
	const size_t nls[] = { N(int_loads), N(fp_loads), N(rvc_loads) };
	const struct sop *ssets[] = { int_stores, fp_stores, rvc_stores };
	const size_t nss[] = { N(int_stores), N(fp_stores), N(rvc_stores) };

	for (int pass = 0; pass < 2; pass++) {
		/* pass 0: second page PROT_NONE; pass 1: second page read-only
		 * (loads then succeed, stores fault) */
		mprotect(m + pagesz, pagesz, pass ? PROT_READ : PROT_NONE);
		for (int s = 0; s < 3; s++) {
			for (size_t k = 0; k < nls[s]; k++) {
				const struct lop *op = &lsets[s][k];
				for (int back = 1; back < op->width; back++) {
					unsigned char *p = m + pagesz - back;
					int faulted = try_load(op, p);
					if (faulted != !pass)
						FAILF("%s load -%d into %s page: %s", op->name, back,
						      pass ? "read-only" : "no-access",
						      faulted ? "SIGSEGV" : "no SIGSEGV");
					if (faulted && ((unsigned char *)fault_addr < p ||
							(unsigned char *)fault_addr >= p + op->width))
						FAILF("%s load -%d: si_addr outside the access", op->name, back);
				}
			}
			for (size_t k = 0; k < nss[s]; k++) {
				const struct sop *op = &ssets[s][k];
				for (int back = 1; back < op->width; back++) {
					unsigned char *p = m + pagesz - back;
					int faulted = try_store(op, p);
					if (!faulted)
						FAILF("%s store -%d into %s page: no SIGSEGV", op->name, back,
						      pass ? "read-only" : "no-access");
					if (faulted && ((unsigned char *)fault_addr < p ||
							(unsigned char *)fault_addr >= p + op->width))
						FAILF("%s store -%d: si_addr outside the access", op->name, back);
				}
			}
		}
		/* the protected page must be unchanged */
		mprotect(m + pagesz, pagesz, PROT_READ);
		for (long i = 0; i < pagesz; i++)
			if (m[pagesz + i] != 0x5a) {
				FAILF("protected page modified at %ld", i);
				break;
			}
	}
	munmap(m, 2 * pagesz);
	part_done("fault");
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--label") && i + 1 < argc)
			label = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--label NAME]\n", argv[0]);
			return 2;
		}
	}
	pagesz = sysconf(_SC_PAGESIZE);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sa.sa_sigaction = on_bus;
	sigaction(SIGBUS, &sa, NULL);

	run_set("int", int_loads, N(int_loads), int_stores, N(int_stores));
	run_set("fp", fp_loads, N(fp_loads), fp_stores, N(fp_stores));
	run_set("rvc", rvc_loads, N(rvc_loads), rvc_stores, N(rvc_stores));
	page_cross();
	faults();
	atomics();
	return failures ? 1 : 0;
}
