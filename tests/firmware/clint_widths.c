// SPDX-License-Identifier: BSD-2-Clause
/*
 * Divergence firmware: every load and store width on the CLINT registers
 * msip (+0), mtimecmp of hart 0 (+0x4000) and mtime (+0xbff8), at offset
 * 0, +4 and a misaligned +2 for the 8-byte registers. §3.1.15/§3.1.16
 * (access-fault and misaligned causes, mtval = the address), §3.2.1
 * (mtime/mtimecmp), §3.5 (PMAs: a device decides which widths it accepts).
 *
 * A monitor that traps and emulates CLINT accesses must accept exactly the
 * widths the device accepts, fault where it faults, and never widen,
 * narrow or split an access. Values of mtime are time-dependent: only
 * "nonzero" is printed. msip is 0 and mtimecmp -1 between accesses.
 */
#include "test.h"

#define PATTERN 0x1122334455667788UL

static const struct {
	const char *name;
	ulong (*fn)(ulong);
} loads[] = {
	{ "lb", try_lb }, { "lbu", try_lbu }, { "lh", try_lh }, { "lhu", try_lhu },
	{ "lw", try_lw }, { "lwu", try_lwu }, { "ld", try_ld },
};
static const struct {
	const char *name;
	void (*fn)(ulong, ulong);
} stores[] = {
	{ "sb", try_sb }, { "sh", try_sh }, { "sw", try_sw }, { "sd", try_sd },
};

enum { MSIP, MTIMECMP, MTIME };
static const char *const reg_name[] = { "msip", "mtimecmp", "mtime" };
static const ulong reg_addr[] = { CLINT_MSIP, CLINT_MTIMECMP, CLINT_MTIME };

/* Known contents: msip 1 (mie = 0: nothing is taken), mtimecmp PATTERN. */
static void setup(int reg)
{
	if (reg == MSIP)
		clint_set_msip(1);
	else if (reg == MTIMECMP)
		clint_set_mtimecmp(PATTERN);
}

static void restore(void)
{
	clint_set_msip(0);
	clint_set_mtimecmp(~0UL);
}

static void label(const char *op, int reg, ulong off)
{
	puts_raw(op);
	putc_uart(' ');
	puts_raw(reg_name[reg]);
	puts_raw("+");
	print_dec(off);
}

/* What the register reads as now (ld, or lw for msip); mtime: nonzero. */
static void print_contents(int reg)
{
	ulong v = reg == MSIP ? *(volatile uint32_t *)CLINT_MSIP
			      : *(volatile uint64_t *)reg_addr[reg];

	if (reg == MTIME)
		print_bool("  mtime nonzero", v != 0);
	else
		print_kv("  reads back", v);
}

int main(void)
{
	static const ulong offs[] = { 0, 4, 2 };

	test_begin("clint_widths");
	csr_write(mie, 0);
	restore();
	for (int reg = MSIP; reg <= MTIME; reg++) {
		for (int o = 0; o < 3; o++) {
			ulong a = reg_addr[reg] + offs[o];

			if (reg == MSIP && o > 0)
				break;
			for (unsigned i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
				ulong v;

				setup(reg);
				v = loads[i].fn(a);
				restore();
				label(loads[i].name, reg, offs[o]);
				print_trap("");
				if (trap_rec.count)
					continue;
				if (reg == MTIME)
					print_bool("  nonzero", v != 0);
				else
					print_kv("  value", v);
			}
			for (unsigned i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
				/* mtime: write back what it holds, so time goes on. */
				ulong val = reg == MTIME ? clint_mtime() >> (8 * offs[o]) : PATTERN;

				if (reg == MSIP)
					val = 1;
				stores[i].fn(a, val);
				label(stores[i].name, reg, offs[o]);
				print_trap("");
				if (!trap_rec.count)
					print_contents(reg);
				restore();
			}
		}
	}
	test_end();
}
