// SPDX-License-Identifier: BSD-2-Clause
/*
 * Test library implementation: UART output, finisher exit, the C side of
 * the M- and S-mode trap handlers (record expected traps and skip the
 * faulting instruction; anything unexpected ends the test with code 3),
 * trapping load/store helpers, MPRV access helpers, CLINT and PMP helpers.
 */
#include "test.h"

volatile int trap_expected;
volatile struct trap_record trap_rec;
volatile ulong trap_pc;
volatile ulong lower_return_cause;
int (*volatile m_trap_hook)(struct trap_frame *f);
volatile struct trap_record s_rec;
int (*volatile s_trap_hook)(struct trap_frame *f);

static const char *test_name = "?";

void lower_resume(long value) __attribute__((noreturn));
void m_trap_dispatch(struct trap_frame *f);
void s_trap_dispatch(struct trap_frame *f);
void lower_forward(long value) __attribute__((noreturn));
extern char trap_entry[], s_trap_entry[], s_trap_stack_top[];
extern char lower_trampoline_ecall[], lower_forward_ecall[];

/* ---------------------------------------------------------------- output */

volatile ulong boot_fdt;

static uint32_t be32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does the root node's compatible hold a string starting with prefix? */
static int root_compatible(const char *prefix)
{
	const volatile uint8_t *fdt = (const volatile uint8_t *)boot_fdt;
	const volatile uint8_t *p, *strings;
	uint32_t len, name;

	if (!fdt || be32(fdt) != 0xd00dfeedU)
		return 0;
	strings = fdt + be32(fdt + 12);
	p = fdt + be32(fdt + 8);
	if (be32(p) != 1 || p[4] != 0)	/* FDT_BEGIN_NODE, the root's empty name */
		return 0;
	for (p += 8;; p += 12 + ((len + 3) & ~3U)) {
		while (be32(p) == 4)	/* FDT_NOP */
			p += 4;
		if (be32(p) != 3)	/* FDT_PROP: the root's properties come first */
			return 0;
		len = be32(p + 4);
		name = be32(p + 8);
		const volatile char *n = (const volatile char *)(strings + name);
		const char *want = "compatible";
		while (*want && *n == *want) {
			n++;
			want++;
		}
		if (*want || *n)
			continue;
		for (uint32_t i = 0; i < len;) {	/* each string of the list */
			const char *q = prefix;
			uint32_t j = i;
			while (*q && j < len && p[12 + j] == (uint8_t)*q) {
				j++;
				q++;
			}
			if (!*q)
				return 1;
			while (i < len && p[12 + i])
				i++;
			i++;
		}
		return 0;
	}
}

enum test_machine test_machine(void)
{
	static int machine = -1;

	if (machine < 0)
		machine = root_compatible("ucbbar,spike") ? MACHINE_SPIKE
			: root_compatible("sifive,hifive-unleashed") ? MACHINE_SIFIVE_U
			: MACHINE_VIRT;
	return (enum test_machine)machine;
}

static void htif_cmd(uint64_t cmd)
{
	volatile uint64_t *fromhost = (volatile uint64_t *)HTIF_BASE;
	volatile uint64_t *tohost = (volatile uint64_t *)(HTIF_BASE + 8);

	while (*tohost)
		;
	*tohost = cmd;
	while (*tohost)
		;
	*fromhost = 0;
}

void putc_uart(char c)
{
	switch (test_machine()) {
	case MACHINE_SPIKE:
		htif_cmd(1ULL << 56 | 1ULL << 48 | (uint8_t)c);	/* console putchar */
		return;
	case MACHINE_SIFIVE_U: {
		volatile uint32_t *uart = (volatile uint32_t *)SIFIVE_UART_BASE;
		uart[2] |= 1;			/* txctrl.txen */
		while (uart[0] & 0x80000000U)	/* txdata.full */
			;
		uart[0] = (uint8_t)c;
		return;
	}
	default: {
		volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;
		while (!(uart[5] & 0x20))	/* LSR.THRE */
			;
		uart[0] = (uint8_t)c;
	}
	}
}

void puts_raw(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

void println(const char *s)
{
	puts_raw(s);
	putc_uart('\n');
}

void print_hex(ulong v)
{
	char buf[19];
	int i = 18;

	buf[i] = 0;
	do {
		unsigned d = (unsigned)(v & 0xf);
		buf[--i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	puts_raw(&buf[i]);
}

void print_dec(ulong v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	puts_raw(&buf[i]);
}

void print_kv(const char *name, ulong v)
{
	puts_raw(name);
	putc_uart('=');
	print_hex(v);
	putc_uart('\n');
}

void print_bool(const char *name, int cond)
{
	puts_raw(name);
	println(cond ? ": yes" : ": no");
}

void exit(int code)
{
	switch (test_machine()) {
	case MACHINE_SPIKE:
		htif_cmd(((uint64_t)(code & 0xff) << 1) | 1);	/* the simulator exits */
		break;
	case MACHINE_SIFIVE_U: {
		volatile uint32_t *gpio = (volatile uint32_t *)SIFIVE_GPIO_BASE;
		if (code)
			print_kv("exit", (ulong)code);
		gpio[0x40 / 4] &= ~(1U << 10);	/* out_xor */
		gpio[0x0c / 4] &= ~(1U << 10);	/* port: low, the active level */
		gpio[0x08 / 4] |= 1U << 10;	/* output_en */
		break;
	}
	default: {
		volatile uint32_t *finisher = (volatile uint32_t *)FINISHER_BASE;
		*finisher = code ? (((uint32_t)code & 0xff) << 16) | 0x3333 : 0x5555;
	}
	}
	for (;;)
		__asm__ volatile("wfi");
}

void quirk(void)
{
	puts_raw("quirk: ");
}

void test_begin(const char *name)
{
	test_name = name;
	puts_raw("TEST ");
	println(name);
}

void test_end(void)
{
	puts_raw("END ");
	println(test_name);
	exit(0);
}

void *memset(void *d, int c, size_t n)
{
	volatile uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile uint8_t *p = d;
	const volatile uint8_t *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

/* ----------------------------------------------------------------- traps */

void trap_begin(void)
{
	trap_rec.count = 0;
	trap_rec.cause = 0;
	trap_rec.epc = 0;
	trap_rec.tval = 0;
	trap_rec.status = 0;
	trap_rec.vector = -1;
	trap_pc = 0;
	barrier();
	trap_expected = 1;
	barrier();
}

void trap_end(void)
{
	barrier();
	trap_expected = 0;
	barrier();
}

ulong insn_len(ulong addr)
{
	uint16_t half = *(volatile uint16_t *)addr;

	return (half & 3) == 3 ? 4 : 2;
}

void skip_trapped_insn(struct trap_frame *f)
{
	if (f->cause == CAUSE_FETCH_ACCESS || f->cause == CAUSE_FETCH_PAGE ||
	    f->cause == CAUSE_FETCH_MISALIGNED)
		f->epc = f->x[1];	/* a bad call target: return to the caller */
	else
		f->epc += insn_len(f->epc);
}

static void record(volatile struct trap_record *r, struct trap_frame *f)
{
	r->count++;
	r->cause = f->cause;
	r->epc = f->epc;
	r->tval = f->tval;
	r->status = f->status;
	r->vector = f->vector;
}

static struct trap_record *catch_rec;
static int (*catch_next)(struct trap_frame *f);

static int catch_hook(struct trap_frame *f)
{
	if (catch_next && catch_next(f))
		return 1;
	if (!catch_rec)
		return 0;
	catch_rec->count = 0;
	record(catch_rec, f);
	catch_rec = 0;
	lower_resume(-1);
}

long lower_call_catch(ulong mode, long (*fn)(long), long arg, struct trap_record *rec)
{
	long r;

	rec->count = 0;
	catch_rec = rec;
	catch_next = m_trap_hook;
	m_trap_hook = catch_hook;
	r = lower_call(mode, fn, arg);
	m_trap_hook = catch_next;
	catch_rec = 0;
	return r;
}

void m_trap_dispatch(struct trap_frame *f)
{
	/* A lower_call()ed function returned through lower_trampoline. */
	if ((f->cause == CAUSE_ECALL_U || f->cause == CAUSE_ECALL_S) &&
	    (f->epc == (ulong)lower_trampoline_ecall ||
	     f->epc == (ulong)lower_forward_ecall) &&
	    f->x[17] == LOWER_MAGIC) {
		lower_return_cause = f->cause;
		lower_resume((long)f->x[10]);
	}
	if (m_trap_hook && m_trap_hook(f))
		return;
	if (trap_expected) {
		record(&trap_rec, f);
		if (f->cause & CAUSE_INTR)
			csr_write(mie, 0);	/* no hook: stop it firing again */
		else
			skip_trapped_insn(f);
		return;
	}
	puts_raw("unexpected trap mcause=");
	print_hex(f->cause);
	puts_raw(" mepc=");
	print_hex(f->epc);
	puts_raw(" mtval=");
	print_hex(f->tval);
	putc_uart('\n');
	exit(3);
}

void s_trap_dispatch(struct trap_frame *f)
{
	/* U-mode's lower_trampoline ecall delegated to S: pass it on to M. */
	if (f->cause == CAUSE_ECALL_U && f->epc == (ulong)lower_trampoline_ecall)
		lower_forward((long)f->x[10]);
	if (s_trap_hook && s_trap_hook(f))
		return;
	record(&s_rec, f);
	if (f->cause & CAUSE_INTR)
		csr_write(sie, 0);
	else
		skip_trapped_insn(f);
}

void s_trap_install(void)
{
	csr_write(stvec, (ulong)s_trap_entry);
	csr_write(sscratch, (ulong)s_trap_stack_top);
	s_rec.count = 0;
	s_rec.cause = 0;
	s_rec.epc = 0;
	s_rec.tval = 0;
	s_rec.status = 0;
	s_rec.vector = -1;
}

void print_record(const char *what, const struct trap_record *r, ulong pc)
{
	puts_raw(what);
	if (!r->count) {
		println(": no trap");
		return;
	}
	puts_raw(": trap cause=");
	print_hex(r->cause);
	puts_raw(" tval=");
	if (pc && r->tval == pc)
		puts_raw("pc");
	else
		print_hex(r->tval);
	puts_raw(" epc=");
	if (!pc) {
		print_hex(r->epc);
	} else if (r->epc == pc) {
		puts_raw("pc");
	} else {
		puts_raw("pc+");
		print_hex(r->epc - pc);
	}
	if (r->count > 1) {
		puts_raw(" count=");
		print_dec(r->count);
	}
	putc_uart('\n');
}

struct trap_record trap_rec_copy(void)
{
	struct trap_record r = {
		trap_rec.count, trap_rec.cause, trap_rec.epc,
		trap_rec.tval, trap_rec.status, trap_rec.vector,
	};

	return r;
}

void print_trap(const char *what)
{
	struct trap_record r = {
		trap_rec.count, trap_rec.cause, trap_rec.epc,
		trap_rec.tval, trap_rec.status, trap_rec.vector,
	};

	print_record(what, &r, trap_pc);
}

void print_s_record(const char *what)
{
	struct trap_record r = {
		s_rec.count, s_rec.cause, s_rec.epc,
		s_rec.tval, s_rec.status, s_rec.vector,
	};

	print_record(what, &r, 0);
}

/* ------------------------------------------------ trapping loads/stores */

#define TRY_LOAD(name, insn)						\
ulong name(ulong addr)							\
{									\
	ulong v = LOAD_SENTINEL, pc;					\
	trap_begin();							\
	__asm__ volatile(".option push\n.option norvc\n"			\
		     "la %1, 1f\n1: " insn " %0, 0(%2)\n.option pop"	\
		     : "+&r"(v), "=&r"(pc) : "r"(addr) : "memory");	\
	trap_pc = pc;							\
	trap_end();							\
	return v;							\
}
TRY_LOAD(try_ld, "ld")
TRY_LOAD(try_lw, "lw")
TRY_LOAD(try_lhu, "lhu")
TRY_LOAD(try_lbu, "lbu")
TRY_LOAD(try_lwu, "lwu")
TRY_LOAD(try_lh, "lh")
TRY_LOAD(try_lb, "lb")

#define TRY_STORE(name, insn)						\
void name(ulong addr, ulong val)					\
{									\
	ulong pc;							\
	trap_begin();							\
	__asm__ volatile(".option push\n.option norvc\n"			\
		     "la %0, 1f\n1: " insn " %1, 0(%2)\n.option pop"	\
		     : "=&r"(pc) : "r"(val), "r"(addr) : "memory");	\
	trap_pc = pc;							\
	trap_end();							\
}
TRY_STORE(try_sd, "sd")
TRY_STORE(try_sw, "sw")
TRY_STORE(try_sh, "sh")
TRY_STORE(try_sb, "sb")

void try_call(ulong addr)
{
	trap_begin();
	trap_pc = addr;
	((void (*)(void))addr)();
	trap_end();
}

/* ------------------------------------------------------------------ PMP */

void pmpcfg0_set(unsigned entry, unsigned cfg)
{
	ulong v = csr_read(pmpcfg0);

	v &= ~(0xffUL << (8 * entry));
	v |= (ulong)(cfg & 0xff) << (8 * entry);
	csr_write(pmpcfg0, v);
	sfence_vma();	/* §3.7.2: order the PMP change before later accesses */
}

void pmp_allow_all(void)
{
	csr_write(pmpaddr7, ~0UL);
	pmpcfg0_set(7, PMP_NAPOT | PMP_R | PMP_W | PMP_X);
}

void pmp_clear_0_to_6(void)
{
	csr_write(pmpcfg0, csr_read(pmpcfg0) & (0xffUL << 56));
	sfence_vma();
}

/* ---------------------------------------------------------------- CLINT */

ulong clint_mtime(void)
{
	return *(volatile uint64_t *)CLINT_MTIME;
}

void clint_set_mtimecmp(ulong v)
{
	*(volatile uint64_t *)CLINT_MTIMECMP = v;
}

void clint_set_msip(unsigned v)
{
	*(volatile uint32_t *)CLINT_MSIP = v;
}

/* ------------------------------------------------------ MPRV accesses */

/*
 * One load/store with mstatus.MPRV=1 and MPP/SUM/MXR from `bits`, all in a
 * single asm block so no compiler-generated access runs with MPRV set.
 * A trap is expected; MPRV/MPP/SUM/MXR are cleared afterwards.
 */
#define MPRV_CLEAR (MSTATUS_MPRV | MSTATUS_MPP | MSTATUS_SUM | MSTATUS_MXR)
#define MPRV_LOAD(name, insn)						\
ulong name(ulong addr, ulong bits)					\
{									\
	ulong v = LOAD_SENTINEL, pc;					\
	trap_begin();							\
	__asm__ volatile(".option push\n.option norvc\n"			\
		     "la %1, 1f\n"					\
		     "csrc mstatus, %3\n"				\
		     "csrs mstatus, %4\n"				\
		     "1: " insn " %0, 0(%2)\n"				\
		     "csrc mstatus, %3\n"				\
		     ".option pop"					\
		     : "+&r"(v), "=&r"(pc)				\
		     : "r"(addr), "r"(MPRV_CLEAR),			\
		       "r"(bits | MSTATUS_MPRV)				\
		     : "memory");					\
	trap_pc = pc;							\
	trap_end();							\
	return v;							\
}
MPRV_LOAD(mprv_ld, "ld")
MPRV_LOAD(mprv_lw, "lw")
MPRV_LOAD(mprv_lbu, "lbu")

#define MPRV_STORE(name, insn)						\
void name(ulong addr, ulong val, ulong bits)				\
{									\
	ulong pc;							\
	trap_begin();							\
	__asm__ volatile(".option push\n.option norvc\n"			\
		     "la %0, 1f\n"					\
		     "csrc mstatus, %3\n"				\
		     "csrs mstatus, %4\n"				\
		     "1: " insn " %1, 0(%2)\n"				\
		     "csrc mstatus, %3\n"				\
		     ".option pop"					\
		     : "=&r"(pc)					\
		     : "r"(val), "r"(addr), "r"(MPRV_CLEAR),		\
		       "r"(bits | MSTATUS_MPRV)				\
		     : "memory");					\
	trap_pc = pc;							\
	trap_end();							\
}
MPRV_STORE(mprv_sd, "sd")
MPRV_STORE(mprv_sw, "sw")
MPRV_STORE(mprv_sb, "sb")
