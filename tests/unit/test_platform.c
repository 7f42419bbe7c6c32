// SPDX-License-Identifier: BSD-2-Clause
/*
 * The board discovery (platform/fdt.c over the libfdt cordon
 * builds) on trees made here: a small valid one, and one whose property
 * length wraps libfdt's walk (fuzz_platform's finding: before the fix in
 * src/lib/libfdt, every walk over that node looped for ever; an alarm turns
 * the hang into a failure).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cordon/fdt.h"
#include "cordon/platform.h"
#include "libfdt.h"

/* Drivers that record nothing: the tests look at platform_info. */
static void nop_init(uint64_t base)
{
	(void)base;
}
static void nop_putc(char c)
{
	(void)c;
}
static void nop_exit(unsigned code)
{
	(void)code;
}
static const struct fdt_match uart_match[] = { { "ns16550a" }, { NULL } };
static const struct fdt_match test_match[] = { { "sifive,test0" }, { NULL } };
static const struct console_driver uart = { "ns16550a", uart_match, nop_init, nop_putc };
static const struct reset_driver test = {
	"sifive,test", test_match, NULL, nop_init, nop_exit, true
};
const struct console_driver *const console_drivers[] = { &uart, NULL };
const struct reset_driver *const reset_drivers[] = { &test, NULL };
static const struct fdt_match virt_match[] = { { "riscv-virtio" }, { NULL } };
static const struct board virt = { "qemu-virt", virt_match, NULL, 0, NULL, 0 };
const struct board *const boards[] = { &virt, NULL };
const struct fdt_match clint_match[] = { { "riscv,clint0" }, { NULL } };
const struct fdt_match aclint_mswi_match[] = { { "riscv,aclint-mswi" }, { NULL } };
const struct fdt_match aclint_mtimer_match[] = { { "riscv,aclint-mtimer" }, { NULL } };

static void on_alarm(int sig)
{
	static const char msg[] = "[  ERROR   ] the device tree walk did not end (a loop)\n";

	(void)sig;
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(1);
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * A version-17 tree: the header, an empty reservation block, a structure
 * block of `nstruct` words and a strings block (make_tree: "reg").
 */
static size_t make_tree_strings(uint8_t *buf, size_t cap, const uint32_t *words, unsigned nstruct,
				const char *strings, uint32_t strsize)
{
	const uint32_t hdr = 40, rsv = 16, strct = hdr + rsv;
	const uint32_t total = strct + nstruct * 4 + strsize;

	assert_true(total <= cap);
	memset(buf, 0, cap);
	be32(buf + 0, FDT_MAGIC);
	be32(buf + 4, total);
	be32(buf + 8, strct);		     /* off_dt_struct */
	be32(buf + 12, strct + nstruct * 4); /* off_dt_strings */
	be32(buf + 16, hdr);		     /* off_mem_rsvmap */
	be32(buf + 20, 17);		     /* version */
	be32(buf + 24, 16);		     /* last_comp_version */
	be32(buf + 32, strsize);	     /* size_dt_strings */
	be32(buf + 36, nstruct * 4);	     /* size_dt_struct */
	for (unsigned i = 0; i < nstruct; i++)
		be32(buf + strct + 4 * i, words[i]);
	memcpy(buf + strct + nstruct * 4, strings, strsize);
	return total;
}

static size_t make_tree(uint8_t *buf, size_t cap, const uint32_t *words, unsigned nstruct)
{
	return make_tree_strings(buf, cap, words, nstruct, "reg", 4);
}

/* The root node with one property "reg" of length len (and 8 bytes of value). */
static void wrapping_length(uint32_t len)
{
	static uint8_t buf[256] __attribute__((aligned(8)));
	const uint32_t words[] = {
		FDT_BEGIN_NODE, 0, FDT_PROP, len, 0, 0, 0, FDT_END_NODE, FDT_END
	};
	struct platform_info info;
	const char *why = NULL;
	struct platform_clint clint;

	make_tree(buf, sizeof(buf), words, sizeof(words) / sizeof(words[0]));
	assert_int_equal(cordon_fdt_check(buf), 0);
	alarm(10);
	memset(&info, 0, sizeof(info));
	info.want_mmio_above = true;
	assert_int_not_equal(platform_init(buf, &info, &why), 0);
	assert_non_null(why);
	assert_int_equal(platform_count_harts(buf), 0);
	assert_int_equal(platform_find_clint(buf, &clint), -1);
	alarm(0);
}

/* 0xfffffff4 wrapped the next offset to the property itself; the others past INT_MAX. */
static void property_length_wraps(void **state)
{
	static const uint32_t lens[] = { 0xfffffff4U, 0xfffffff0U, 0xfffffff8U,
					 0x80000000U, 0x7ffffff0U, 0x7fffffffU };

	(void)state;
	for (unsigned i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		wrapping_length(lens[i]);
}

/*
 * A property named at string offset 0xffffffff (-1, the name cache's mark
 * of an empty slot): the scan took that slot's kind, never written, for
 * the property's (fuzz_platform: an index past the 7-entry table on the
 * stack, a store there). A first scan of a tree whose "compatible" is named
 * at offset 63 (slot 63, as -1) leaves that kind where the second scan's
 * cache lies: the second tree's only compatible-like property, named -1,
 * must not be read as the CLINT's.
 */
static void property_name_minus_one(void **state)
{
	static uint8_t a[512] __attribute__((aligned(8))), b[512] __attribute__((aligned(8)));
	static char strings[63 + 11 + 4];
	const uint32_t clint[] = { 0, 0x2000000U, 0, 0x10000U };
	uint32_t words[] = { FDT_BEGIN_NODE,
			     0,
			     FDT_PROP,
			     8,
			     74,
			     2,
			     2,
			     FDT_PROP,
			     8,
			     78,
			     0,
			     2,
			     FDT_BEGIN_NODE,
			     0x636c6900U /* "cli" */,
			     FDT_PROP,
			     13,
			     63,
			     0x72697363U,
			     0x762c636cU,
			     0x696e7430U,
			     0 /* "riscv,clint0" */,
			     FDT_PROP,
			     16,
			     0,
			     clint[0],
			     clint[1],
			     clint[2],
			     clint[3],
			     FDT_END_NODE,
			     FDT_END_NODE,
			     FDT_END };
	struct platform_info info;
	const char *why = NULL;

	(void)state;
	memset(strings, 0, sizeof(strings));
	memcpy(strings, "reg", 4);		/* 0 */
	memcpy(strings + 63, "compatible", 11); /* 63 */
	memcpy(strings + 74, "#ac", 4);		/* 74: not a cells name */
	make_tree_strings(a, sizeof(a), words, sizeof(words) / sizeof(words[0]), strings,
			  sizeof(strings));
	words[16] = 0xffffffffU; /* the compatible's name */
	make_tree_strings(b, sizeof(b), words, sizeof(words) / sizeof(words[0]), strings,
			  sizeof(strings));
	for (int i = 0; i < 4; i++) {
		memset(&info, 0, sizeof(info));
		info.want_mmio_above = i & 1;
		(void)platform_init(a, &info, &why);
		memset(&info, 0, sizeof(info));
		info.want_mmio_above = i & 1;
		assert_int_not_equal(platform_init(b, &info, &why), 0);
		assert_string_equal(why,
				    "no CLINT (riscv,clint0), nor ACLINT MSWI and MTIMER "
				    "(riscv,aclint-mswi, riscv,aclint-mtimer) in the device tree");
	}
}

/*
 * Nodes nested deeper than the scan follows (SCAN_MAX_DEPTH, 8): it skips
 * them, and read the parent of one at depth 9 past its 8-entry table of
 * parents first (fuzz_platform; UBSan reports the index).
 */
static void nodes_nested_deep(void **state)
{
	static uint8_t buf[512] __attribute__((aligned(8)));
	uint32_t words[2 * 12 + 12 + 1];
	unsigned n = 0;
	struct platform_info info;
	const char *why = NULL;

	(void)state;
	for (unsigned d = 0; d < 12; d++) {
		words[n++] = FDT_BEGIN_NODE;
		words[n++] = d ? 0x6e000000U : 0; /* "n", the root "" */
	}
	for (unsigned d = 0; d < 12; d++)
		words[n++] = FDT_END_NODE;
	words[n++] = FDT_END;
	make_tree(buf, sizeof(buf), words, n);
	memset(&info, 0, sizeof(info));
	assert_int_not_equal(platform_init(buf, &info, &why), 0);
	assert_string_equal(why, "no CLINT (riscv,clint0), nor ACLINT MSWI and MTIMER "
				 "(riscv,aclint-mswi, riscv,aclint-mtimer) in the device tree");
}

/* A small valid tree, grown with libfdt from an empty one: found as it is. */
static void small_tree(void **state)
{
	static uint8_t buf[4096] __attribute__((aligned(8)));
	const uint32_t words[] = { FDT_BEGIN_NODE, 0, FDT_END_NODE, FDT_END };
	const fdt32_t mem[] = { cpu_to_fdt32(0), cpu_to_fdt32(0x80000000U), cpu_to_fdt32(0),
				cpu_to_fdt32(0x8000000U) };
	const fdt32_t clint[] = { cpu_to_fdt32(0), cpu_to_fdt32(0x2000000U), cpu_to_fdt32(0),
				  cpu_to_fdt32(0x10000U) };
	struct platform_info info;
	const char *why = NULL;
	struct platform_clint found;
	int node, cpus, soc;

	(void)state;
	make_tree(buf, sizeof(buf), words, sizeof(words) / sizeof(words[0]));
	assert_int_equal(fdt_open_into(buf, buf, sizeof(buf)), 0);
	assert_int_equal(fdt_setprop_u32(buf, 0, "#address-cells", 2), 0);
	assert_int_equal(fdt_setprop_u32(buf, 0, "#size-cells", 2), 0);
	node = fdt_add_subnode(buf, 0, "memory@80000000");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_string(buf, node, "device_type", "memory"), 0);
	assert_int_equal(fdt_setprop(buf, node, "reg", mem, sizeof(mem)), 0);
	cpus = fdt_add_subnode(buf, 0, "cpus");
	assert_true(cpus >= 0);
	node = fdt_add_subnode(buf, cpus, "cpu@0");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_string(buf, node, "device_type", "cpu"), 0);
	soc = fdt_add_subnode(buf, 0, "soc");
	assert_true(soc >= 0);
	assert_int_equal(fdt_setprop_u32(buf, soc, "#address-cells", 2), 0);
	assert_int_equal(fdt_setprop_u32(buf, soc, "#size-cells", 2), 0);
	node = fdt_add_subnode(buf, soc, "clint@2000000");
	assert_true(node >= 0);
	assert_int_equal(fdt_setprop_string(buf, node, "compatible", "riscv,clint0"), 0);
	assert_int_equal(fdt_setprop(buf, node, "reg", clint, sizeof(clint)), 0);
	assert_int_equal(fdt_pack(buf), 0);

	memset(&info, 0, sizeof(info));
	assert_int_equal(platform_init(buf, &info, &why), 0);
	assert_int_equal(info.nharts, 1);
	assert_int_equal(info.ram_base, 0x80000000U);
	assert_int_equal(info.ram_size, 0x8000000U);
	assert_int_equal(info.clint.msip, 0x2000000U);
	assert_int_equal(info.clint.mtimecmp, 0x2004000U);
	assert_int_equal(info.clint.mtime, 0x200bff8U);
	assert_int_equal(platform_count_harts(buf), 1);
	assert_int_equal(platform_find_clint(buf, &found), 0);
	assert_int_equal(found.msip, 0x2000000U);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_tree),
		cmocka_unit_test(property_length_wraps),
		cmocka_unit_test(property_name_minus_one),
		cmocka_unit_test(nodes_nested_deep),
	};

	signal(SIGALRM, on_alarm);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
