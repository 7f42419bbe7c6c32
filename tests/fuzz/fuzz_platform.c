// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer harness of the board discovery at boot (platform/fdt.c over
 * libfdt): platform_init, platform_count_harts and
 * platform_find_clint on arbitrary device trees, seeded with the trees of
 * QEMU virt (tests/fuzz/seeds.sh). The tree's header is trusted only as far
 * as the boot trusts it: its totalsize bytes are readable (the boot checks
 * them against RAM), nothing else: the tree is copied to a heap block of
 * exactly that size (at least a header), so that ASan reports any read past
 * it. Invariants: no out-of-bounds access
 * or undefined behaviour (ASan, UBSan); on success a CLINT, RAM of
 * non-zero size and at least one hart, the drivers bound to the ranges
 * reported, at most PLATFORM_DEVICES_MAX devices, the first unrelated
 * region above RAM at or above RAM's end; the scan is a pure function of
 * the tree (twice the same answer).
 */
#include <stdbool.h>
#include <string.h>

#include "cordon/platform.h"
#include "fuzz.h"
#include "libfdt.h"

/* Drivers that record what they were bound to instead of touching hardware. */
static uint64_t console_base, reset_base;
static void console_init(uint64_t base)
{
	console_base = base;
}
static void console_putc(char c)
{
	(void)c;
}
static void reset_init(uint64_t base)
{
	reset_base = base;
}
static void reset_exit(unsigned code)
{
	(void)code;
}
static int reset_probe(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	/* As gpio-restart: the registers of the node a phandle names. */
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "gpios", &len);
	int ctrl = p && len >= 4 ? fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(p[0])) : -1;

	return ctrl < 0 ? -1 : platform_node_reg(fdt, ctrl, 0, base, size);
}
static const struct fdt_match uart_match[] = { { "ns16550a" }, { NULL } };
static const struct fdt_match sifive_uart_match[] = { { "sifive,uart0" }, { NULL } };
static const struct fdt_match test_match[] = { { "sifive,test0" }, { "syscon" }, { NULL } };
static const struct fdt_match gpio_match[] = { { "gpio-restart" }, { NULL } };
static const struct console_driver uart = { "ns16550a", uart_match, console_init, console_putc };
static const struct console_driver sifive_uart = { "sifive,uart0", sifive_uart_match, console_init,
						   console_putc };
static const struct reset_driver test = { "sifive,test", test_match, NULL,
					  reset_init,	 reset_exit, true };
static const struct reset_driver gpio = { "gpio-restart", gpio_match, reset_probe,
					  reset_init,	  reset_exit, false };
const struct console_driver *const console_drivers[] = { &uart, &sifive_uart, NULL };
const struct reset_driver *const reset_drivers[] = { &test, &gpio, NULL };
static const struct fdt_match virt_match[] = { { "riscv-virtio" }, { NULL } };
static const struct board virt = { "qemu-virt", virt_match, NULL, 0, NULL, 0 };
const struct board *const boards[] = { &virt, NULL };
const struct fdt_match clint_match[] = { { "riscv,clint0" }, { "sifive,clint0" }, { NULL } };
const struct fdt_match aclint_mswi_match[] = { { "riscv,aclint-mswi" }, { NULL } };
const struct fdt_match aclint_mtimer_match[] = { { "riscv,aclint-mtimer" }, { NULL } };

static int scan(const void *fdt, bool above, struct platform_info *info, const char **why)
{
	memset(info, 0, sizeof(*info));
	info->want_mmio_above = above;
	console_base = reset_base = 0;
	*why = NULL;
	platform_early_init(NULL); /* the default board, as after an unreadable tree */
	return platform_init(fdt, info, why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct platform_info a, b;
	const char *why_a, *why_b;
	struct platform_clint clint;
	size_t n;
	void *buf;
	int ra, rb;

	/* The first byte says whether protect-os asks for the regions; the rest is the tree. */
	if (size < 1 + sizeof(struct fdt_header))
		return 0;
	n = (size_t)data[5] << 24 | (size_t)data[6] << 16 | (size_t)data[7] << 8 |
	    data[8]; /* totalsize */
	if (n > size - 1)
		return 0;
	if (n < sizeof(struct fdt_header))
		n = sizeof(struct fdt_header);
	buf = malloc(n); /* aligned as the boot requires a tree (8 bytes) */
	CHECK(buf != NULL, "no memory for %zu bytes", n);
	memcpy(buf, data + 1, n);
	ra = scan(buf, data[0] & 1, &a, &why_a);
	rb = scan(buf, data[0] & 1, &b, &why_b);
	CHECK(ra == rb && memcmp(&a, &b, sizeof(a)) == 0, "two scans of one tree differ");
	(void)platform_count_harts(buf);
	(void)platform_find_clint(buf, &clint);
	if (ra != 0) {
		CHECK(why_a != NULL, "an error without a reason (%d)", ra);
		free(buf);
		return 0;
	}
	CHECK(a.nharts >= 1, "success with no hart");
	CHECK(a.ram_size != 0, "success with no RAM");
	CHECK(a.clint.hz != 0, "a timer without a frequency");
	CHECK(a.ndevices <= PLATFORM_DEVICES_MAX, "%u devices", a.ndevices);
	CHECK(!a.reset_size || reset_base == a.reset_base, "reset bound at %lx, reported %lx",
	      (unsigned long)reset_base, (unsigned long)a.reset_base);
	for (unsigned i = 0; i < a.ndevices; i++)
		CHECK(a.devices[i].size != 0, "device %u of size 0", i);
	if (a.want_mmio_above && a.mmio_above != UINT64_MAX)
		CHECK(a.mmio_above >= a.ram_base + a.ram_size ||
			      a.ram_base + a.ram_size < a.ram_base,
		      "mmio_above %lx below RAM's end", (unsigned long)a.mmio_above);
	free(buf);
	return 0;
}
