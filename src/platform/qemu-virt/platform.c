// SPDX-License-Identifier: BSD-2-Clause
/*
 * QEMU virt: default console for early messages, then the device tree
 * decides (memory, harts, CLINT, UART, finisher) through the drivers'
 * compatible tables, so another board needs only its defaults here.
 */
#include <stddef.h>

#include "cordon/fdt.h"
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
#ifndef CORDON_HOST /* the fuzzing harness (tests/fuzz/fuzz_platform.c) builds it for the host */
		__asm__ volatile("wfi");
#else
		;
#endif
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;
	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

static int scan_reg(const void *fdt, int node, int parent, uint64_t *base, uint64_t *size);

/* First "reg" entry of node (parent's #address-cells/#size-cells). */
static int node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	return scan_reg(fdt, node, fdt_parent_offset(fdt, node), base, size);
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

/* Both are called on every hart before the boot hart checked the tree: each checks it. */
int platform_find_clint(const void *fdt, uint64_t *base, uint64_t *size)
{
	if (cordon_fdt_check(fdt))
		return -1;
	return find_compatible(fdt, clint_match, base, size);
}

unsigned platform_count_harts(const void *fdt)
{
	int cpus = cordon_fdt_check(fdt) ? -1 : fdt_path_offset(fdt, "/cpus");
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

/*
 * What platform_init looks for, found in one walk over the tree (each
 * libfdt lookup is a walk of its own: seven of them cost 1.1 M instructions
 * of boot). For each driver table the node of its earliest entry wins, as
 * with find_compatible.
 */
enum { SCAN_CONSOLE, SCAN_RESET, SCAN_CLINT, SCAN_TABLES };
#define SCAN_MAX_DEPTH 8
/* Register ranges and bus windows kept for platform_info.mmio_above (QEMU virt: 24). */
#define SCAN_MAX_REGIONS 48

/* The devices a firmware needs to serve the OS (platform.h: platform_info.devices). */
static const struct fdt_match needed_match[] = {
	{ "ns16550a" },
	{ "ns16550" },
	{ "ns8250" },
	{ "snps,dw-apb-uart" },
	{ "sifive,uart0" },
	{ "riscv,plic0" },
	{ "sifive,plic-1.0.0" },
	{ "riscv,aplic" },
	{ "riscv,imsics" },
	{ "riscv,clint0" },
	{ "sifive,clint0" },
	{ "riscv,aclint-mswi" },
	{ "riscv,aclint-mtimer" },
	{ "riscv,aclint-sswi" },
	{ "sifive,test0" },
	{ "sifive,test1" },
	{ "syscon" },
	{ NULL },
};

struct scan {
	const struct fdt_match *table[SCAN_TABLES];
	int rank[SCAN_TABLES]; /* index of the matching table entry, or -1 */
	int node[SCAN_TABLES];
	int parent[SCAN_TABLES];
	int mem, mem_parent;
	unsigned ncpus;
	unsigned nneeded;
	int needed[PLATFORM_DEVICES_MAX][2]; /* node, parent */
	bool regions;			     /* list them (platform_info.want_mmio_above) */
	unsigned nregions;		     /* in scan_regions_found */
};

/* Device registers and bus windows the scan found (not on the stack: 768 bytes). */
static struct platform_device scan_regions_found[SCAN_MAX_REGIONS];

/* What the scan reads of one node: the properties below, in one walk over them. */
enum { P_OTHER, P_COMPAT, P_TYPE, P_REG, P_RANGES, P_ACELLS, P_SCELLS, P_KINDS };
static const char *const prop_names[P_KINDS] = {
	[P_COMPAT] = "compatible", [P_TYPE] = "device_type",	  [P_REG] = "reg",
	[P_RANGES] = "ranges",	   [P_ACELLS] = "#address-cells", [P_SCELLS] = "#size-cells",
};
struct props {
	const void *val[P_KINDS];
	int len[P_KINDS];
};

/*
 * A tree names each property by an offset into its strings block (dtc
 * shares equal names): each offset is looked up and compared once, then
 * remembered (a slot per offset modulo NAME_CACHE; a clash only costs a
 * lookup). Looking names up on every property cost most of the scan.
 */
#define NAME_CACHE 64
struct name_cache {
	int off[NAME_CACHE];
	uint8_t kind[NAME_CACHE];
};

static unsigned prop_kind(const void *fdt, struct name_cache *nc, int nameoff)
{
	unsigned slot = (unsigned)nameoff % NAME_CACHE, kind = P_OTHER;
	const char *name;

	if (nc->off[slot] == nameoff)
		return nc->kind[slot];
	name = fdt_get_string(fdt, nameoff, NULL);
	for (unsigned k = P_COMPAT; name && k < P_KINDS; k++)
		if (!strcmp(name, prop_names[k])) {
			kind = k;
			break;
		}
	nc->off[slot] = nameoff;
	nc->kind[slot] = (uint8_t)kind;
	return kind;
}

static void read_props(const void *fdt, struct name_cache *nc, int node, struct props *p)
{
	int off;

	*p = (struct props){ 0 };
	fdt_for_each_property_offset(off, fdt, node) {
		int len;
		const struct fdt_property *prop = fdt_get_property_by_offset(fdt, off, &len);
		unsigned kind;

		if (!prop)
			continue;
		kind = prop_kind(fdt, nc, (int)fdt32_to_cpu(prop->nameoff));
		if (kind != P_OTHER && !p->val[kind]) {
			p->val[kind] = prop->data;
			p->len[kind] = len;
		}
	}
}

/* A string property equal to s (its terminating NUL within the property). */
static bool prop_is(const struct props *p, unsigned kind, const char *s)
{
	size_t n = strlen(s) + 1;

	return p->val[kind] && (size_t)p->len[kind] >= n && !memcmp(p->val[kind], s, n);
}

static void scan_match(struct scan *sc, const struct props *p, int node, int parent)
{
	const char *compat = p->val[P_COMPAT];
	int len = p->len[P_COMPAT];

	if (!compat)
		return;
	/* The devices a firmware needs: listed only when asked (protect-os). */
	for (unsigned i = 0; sc->regions && needed_match[i].compatible; i++) {
		if (fdt_stringlist_contains(compat, len, needed_match[i].compatible)) {
			if (sc->nneeded < PLATFORM_DEVICES_MAX) {
				sc->needed[sc->nneeded][0] = node;
				sc->needed[sc->nneeded][1] = parent;
				sc->nneeded++;
			}
			break;
		}
	}
	for (unsigned t = 0; t < SCAN_TABLES; t++) {
		for (int i = 0; sc->table[t][i].compatible && (sc->rank[t] < 0 || i < sc->rank[t]);
		     i++) {
			if (fdt_stringlist_contains(compat, len, sc->table[t][i].compatible)) {
				sc->rank[t] = i;
				sc->node[t] = node;
				sc->parent[t] = parent;
				break;
			}
		}
	}
}

static void add_region(struct scan *sc, uint64_t base, uint64_t size)
{
	if (size && sc->nregions < SCAN_MAX_REGIONS)
		scan_regions_found[sc->nregions++] = (struct platform_device){ base, size };
}

static int cells_of(const struct props *p, unsigned kind, int dflt)
{
	return p->val[kind] && p->len[kind] == 4 ? (int)fdt32_to_cpu(*(const fdt32_t *)p->val[kind])
						 : dflt;
}

/*
 * A node's first register range, and the parent-side windows of its
 * "ranges" (a bus). pac/psc: the parent's #address-cells/#size-cells; the
 * node's own are returned in ac and sc_out for its children (devicetree
 * spec §2.3.5: 2 and 1 when absent).
 */
static void scan_regions(struct scan *sc, const struct props *p, int pac, int psc, int *ac,
			 int *sc_out)
{
	const fdt32_t *reg = p->val[P_REG], *ranges = p->val[P_RANGES];
	int reg_len = p->len[P_REG], ranges_len = p->len[P_RANGES];

	*ac = cells_of(p, P_ACELLS, 2);
	*sc_out = cells_of(p, P_SCELLS, 1);
	if (pac < 1 || pac > 2)
		return;
	if (reg && psc >= 0 && psc <= 2 && reg_len >= (pac + psc) * 4)
		add_region(sc, read_cells(reg, pac), psc ? read_cells(reg + pac, psc) : 0);
	if (!ranges || *ac < 1 || *ac > 3 || *sc_out < 1 || *sc_out > 2)
		return;
	for (int k = 0; (k + *ac + pac + *sc_out) * 4 <= ranges_len; k += *ac + pac + *sc_out)
		add_region(sc, read_cells(ranges + k + *ac, pac),
			   read_cells(ranges + k + *ac + pac, *sc_out));
}

/* One walk over the nodes, one over each node's properties. */
static void scan_tree(const void *fdt, struct scan *sc)
{
	int parents[SCAN_MAX_DEPTH] = { 0 }, depth = 0;
	int acells[SCAN_MAX_DEPTH] = { 0 }, scells[SCAN_MAX_DEPTH] = { 0 };
	struct name_cache nc;

	/* Empty slots: a name offset of -1 (0xffffffff: no string) finds one, as P_OTHER. */
	for (unsigned i = 0; i < NAME_CACHE; i++) {
		nc.off[i] = -1;
		nc.kind[i] = P_OTHER;
	}
	for (int node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		struct props p;
		bool cpu, memory;
		int parent;

		if (depth >= SCAN_MAX_DEPTH)
			continue;
		parent = depth > 0 ? parents[depth - 1] : -1;
		parents[depth] = node;
		read_props(fdt, &nc, node, &p);
		scan_match(sc, &p, node, parent);
		cpu = prop_is(&p, P_TYPE, "cpu");
		memory = prop_is(&p, P_TYPE, "memory");
		/* The root's and its children's cells, and their registers and windows. */
		if (sc->regions && depth <= 2 && !cpu && !memory)
			scan_regions(sc, &p, depth ? acells[depth - 1] : 0,
				     depth ? scells[depth - 1] : 0, &acells[depth], &scells[depth]);
		if (memory && sc->mem < 0) {
			sc->mem = node;
			sc->mem_parent = parent;
		} else if (cpu && depth == 2 && !strcmp(fdt_get_name(fdt, parent, NULL), "cpus")) {
			sc->ncpus++;
		}
	}
}

/* First "reg" entry of node, whose parent is known. */
static int scan_reg(const void *fdt, int node, int parent, uint64_t *base, uint64_t *size)
{
	int len, ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < (ac + sc) * 4)
		return -1;
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
}

int platform_init(const void *fdt, struct platform_info *info, const char **why)
{
	struct scan sc = {
		.table = { console->match, reset->match, clint_match },
		.rank = { -1, -1, -1 },
		.mem = -1,
		.regions = info->want_mmio_above,
	};
	uint64_t base, size;
	int err = cordon_fdt_check(fdt);

	info->name = "qemu-virt";
	if (err) {
		*why = fdt_strerror(err);
		return err;
	}
	scan_tree(fdt, &sc);
	if (sc.rank[SCAN_CONSOLE] >= 0 &&
	    scan_reg(fdt, sc.node[SCAN_CONSOLE], sc.parent[SCAN_CONSOLE], &base, &size) == 0)
		console->init(base);
	info->console = console->name;
	if (sc.rank[SCAN_RESET] >= 0 &&
	    scan_reg(fdt, sc.node[SCAN_RESET], sc.parent[SCAN_RESET], &base, &size) == 0) {
		reset->init(base);
		info->reset_base = base;
		info->reset_size = size;
	}
	info->reset = reset->name;
	if (sc.rank[SCAN_CLINT] < 0 || scan_reg(fdt, sc.node[SCAN_CLINT], sc.parent[SCAN_CLINT],
						&info->clint_base, &info->clint_size)) {
		*why = "no CLINT (riscv,clint0) in the device tree";
		return -1;
	}
	if (sc.mem < 0 || scan_reg(fdt, sc.mem, sc.mem_parent, &info->ram_base, &info->ram_size)) {
		*why = "no /memory node in the device tree";
		return -1;
	}
	if (info->ram_size == 0 || info->ram_base + info->ram_size < info->ram_base) {
		*why = "the /memory node's range is empty or wraps around";
		return -1;
	}
	info->ndevices = 0;
	for (unsigned i = 0; i < sc.nneeded; i++)
		if (scan_reg(fdt, sc.needed[i][0], sc.needed[i][1], &base, &size) == 0 && size)
			info->devices[info->ndevices++] = (struct platform_device){ base, size };
	info->mmio_above = UINT64_MAX;
	for (unsigned i = 0; i < sc.nregions; i++) {
		uint64_t b = scan_regions_found[i].base, e = b + scan_regions_found[i].size;
		uint64_t ram_end = info->ram_base + info->ram_size;
		if ((e > ram_end || e < b) && (b > ram_end ? b : ram_end) < info->mmio_above)
			info->mmio_above = b > ram_end ? b : ram_end;
	}
	info->nharts = sc.ncpus;
	if (info->nharts == 0) {
		*why = "no cpu nodes under /cpus in the device tree";
		return -1;
	}
	return 0;
}
