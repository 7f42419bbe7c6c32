// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt: default console for early messages, then the device tree
 * decides (memory, harts, CLINT, UART, finisher) through the drivers'
 * compatible tables, so another board needs only its defaults here.
 */
#include <stddef.h>

#include "cordon/platform.h"
#include "libfdt.h"

#define QEMU_VIRT_UART0 0x10000000UL
#define QEMU_VIRT_TEST 0x100000UL

static const struct console_driver *console = &uart8250_driver;
static const struct reset_driver *reset = &sifive_test_driver;

void platform_early_init(void)
{
	console->init(QEMU_VIRT_UART0);
	reset->init(QEMU_VIRT_TEST);
}

void platform_putc(char c)
{
	console->putc(c);
}

void platform_exit(unsigned code)
{
	reset->exit(code);
	for (;;)
		__asm__ volatile("wfi");
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;
	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* First "reg" entry of node (parent's #address-cells/#size-cells). */
static int node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node), len;
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < (ac + sc) * 4)
		return -1;
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
}

static int find_compatible(const void *fdt, const struct fdt_match *m, uint64_t *base,
			   uint64_t *size)
{
	for (; m->compatible; m++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, m->compatible);
		if (node >= 0)
			return node_reg(fdt, node, base, size);
	}
	return -1;
}

int platform_find_clint(const void *fdt, uint64_t *base, uint64_t *size)
{
	return find_compatible(fdt, clint_match, base, size);
}

unsigned platform_count_harts(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	unsigned n = 0;

	if (cpus < 0)
		return 0;
	for (int node = fdt_first_subnode(fdt, cpus); node >= 0;
	     node = fdt_next_subnode(fdt, node)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		if (type && !strcmp(type, "cpu"))
			n++;
	}
	return n;
}

int platform_init(const void *fdt, struct platform_info *info, const char **why)
{
	uint64_t base, size;
	int err = fdt_check_header(fdt), mem;

	info->name = "qemu-virt";
	if (err) {
		*why = fdt_strerror(err);
		return err;
	}
	if (find_compatible(fdt, console->match, &base, &size) == 0)
		console->init(base);
	info->console = console->name;
	if (find_compatible(fdt, reset->match, &base, &size) == 0) {
		reset->init(base);
		info->reset_base = base;
		info->reset_size = size;
	}
	info->reset = reset->name;
	if (platform_find_clint(fdt, &info->clint_base, &info->clint_size)) {
		*why = "no CLINT (riscv,clint0) in the device tree";
		return -1;
	}
	mem = fdt_path_offset(fdt, "/memory");
	if (mem < 0)
		mem = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
						    sizeof("memory"));
	if (mem < 0 || node_reg(fdt, mem, &info->ram_base, &info->ram_size)) {
		*why = "no /memory node in the device tree";
		return -1;
	}
	info->nharts = platform_count_harts(fdt);
	if (info->nharts == 0) {
		*why = "no cpu nodes under /cpus in the device tree";
		return -1;
	}
	return 0;
}
