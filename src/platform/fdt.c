// SPDX-License-Identifier: BSD-2-Clause
/*
 * The board, found in the device tree: the board (struct board: defaults
 * before the tree is read) by the root's compatible, then memory, harts,
 * the CLINT or ACLINT, the console (/chosen/stdout-path first) and the
 * reset device through the drivers' compatible tables (boards.c), in one
 * walk over the tree. Nothing here names a board's address.
 */
#include <stddef.h>

#include "cordon/fdt.h"
#include "cordon/platform.h"
#include "libfdt.h"

static const struct board *board;
static const struct console_driver *console;
static const struct reset_driver *reset;

static const struct board *find_board(const void *fdt)
{
	int len;
	const char *compat = fdt ? fdt_getprop(fdt, 0, "compatible", &len) : NULL;

	for (unsigned b = 0; compat && boards[b]; b++)
		for (const struct fdt_match *m = boards[b]->match; m->compatible; m++)
			if (fdt_stringlist_contains(compat, len, m->compatible))
				return boards[b];
	return NULL;
}

static const struct reset_driver *early_reset_from_tree(const void *fdt);

void platform_early_init(const void *fdt)
{
	bool readable = fdt && cordon_fdt_check(fdt) == 0;

	board = readable ? find_board(fdt) : boards[0];
	console = board ? board->early_console : NULL;
	reset = board ? board->early_reset : NULL;
	if (console)
		console->init(board->early_console_base);
	if (reset)
		reset->init(board->early_reset_base);
	else if (readable) /* a stop the tree must name (sifive_u's gpio-restart) */
		reset = early_reset_from_tree(fdt);
}

void platform_putc(char c)
{
	if (console)
		console->putc(c);
}

void platform_exit(unsigned code)
{
	if (reset)
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

static int scan_reg(const void *fdt, int node, int parent, int index, uint64_t *base,
		    uint64_t *size);

/* A node and its parent (whose #address-cells/#size-cells its "reg" uses); -1: none. */
struct node_at {
	int node, parent;
};

static int node_reg(const void *fdt, struct node_at n, int index, uint64_t *base, uint64_t *size)
{
	return scan_reg(fdt, n.node, n.parent, index, base, size);
}

int platform_node_reg(const void *fdt, int node, int index, uint64_t *base, uint64_t *size)
{
	return scan_reg(fdt, node, fdt_parent_offset(fdt, node), index, base, size);
}

static struct node_at find_compatible(const void *fdt, const struct fdt_match *m)
{
	for (; m->compatible; m++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, m->compatible);
		if (node >= 0)
			return (struct node_at){ node, fdt_parent_offset(fdt, node) };
	}
	return (struct node_at){ -1, -1 };
}

/* The first reset driver whose node the tree has and that binds to it, bound; or NULL. */
static const struct reset_driver *early_reset_from_tree(const void *fdt)
{
	uint64_t base, size;

	for (unsigned i = 0; reset_drivers[i]; i++) {
		const struct reset_driver *d = reset_drivers[i];
		struct node_at at = find_compatible(fdt, d->match);

		if (at.node < 0 || (d->probe ? d->probe(fdt, at.node, &base, &size)
					     : node_reg(fdt, at, 0, &base, &size)))
			continue;
		d->init(base);
		return d;
	}
	return NULL;
}

/* mtime's frequency: /cpus timebase-frequency (one cell, or two). */
static uint64_t timebase(const void *fdt)
{
	int len, cpus = fdt_path_offset(fdt, "/cpus");
	const fdt32_t *p = cpus >= 0 ? fdt_getprop(fdt, cpus, "timebase-frequency", &len) : NULL;
	uint64_t hz = 0;

	if (p && (len == 4 || len == 8))
		hz = read_cells(p, len / 4);
	return hz ? hz : PLAT_TIMEBASE_DEFAULT;
}

/*
 * The timer and software interrupts from their nodes (-1: absent): a
 * SiFive CLINT, or an ACLINT MSWI and MTIMER. The MTIMER's registers are
 * one range (mtimecmp at +0, mtime at +0x7ff8: ACLINT spec), or two, the
 * one of 8 bytes being mtime (QEMU's aclint=on: mtime first, as OpenSBI
 * reads it).
 */
static int clint_regs(const void *fdt, struct node_at clint, struct node_at mswi,
		      struct node_at mtimer, struct platform_clint *c)
{
	uint64_t base, size, b1, s1;

	c->hz = timebase(fdt);
	if (clint.node >= 0) {
		if (node_reg(fdt, clint, 0, &base, &size) || size < PLAT_CLINT_MTIME + 8)
			return -1;
		c->msip = base + PLAT_CLINT_MSIP;
		c->mtimecmp = base + PLAT_CLINT_MTIMECMP;
		c->mtime = base + PLAT_CLINT_MTIME;
		return 0;
	}
	if (mswi.node < 0 || mtimer.node < 0 || node_reg(fdt, mswi, 0, &c->msip, &size) ||
	    node_reg(fdt, mtimer, 0, &base, &size))
		return -1;
	if (node_reg(fdt, mtimer, 1, &b1, &s1)) {
		if (size < PLAT_MTIMER_MTIME + 8)
			return -1;
		c->mtimecmp = base;
		c->mtime = base + PLAT_MTIMER_MTIME;
	} else if (s1 == 8) {
		c->mtimecmp = base;
		c->mtime = b1;
	} else {
		c->mtime = base;
		c->mtimecmp = b1;
	}
	return 0;
}

/*
 * Both are called on every hart before the boot hart checked the tree: each
 * checks it, on its 1 KiB boot stack (no struct scan there). A CLINT wins
 * over ACLINT devices (clint_regs): those are looked for only without one
 * (each libfdt lookup is a walk over the tree; QEMU virt has no ACLINT
 * nodes, and the two walks to its end cost 0.55 M instructions per hart).
 */
int platform_find_clint(const void *fdt, struct platform_clint *clint)
{
	const struct node_at none = { -1, -1 };
	struct node_at c;

	if (cordon_fdt_check(fdt))
		return -1;
	c = find_compatible(fdt, clint_match);
	if (c.node >= 0)
		return clint_regs(fdt, c, none, none, clint);
	return clint_regs(fdt, c, find_compatible(fdt, aclint_mswi_match),
			  find_compatible(fdt, aclint_mtimer_match), clint);
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
/* The tables: these three, then each console driver's, then each reset driver's. */
enum { SCAN_CLINT, SCAN_MSWI, SCAN_MTIMER, SCAN_DRIVERS };
#define SCAN_MAX_TABLES 16
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
	{ "ucb,htif0" },
	{ "sifive,gpio0" },
	{ NULL },
};

struct scan {
	unsigned ntables;
	const struct fdt_match *table[SCAN_MAX_TABLES];
	int rank[SCAN_MAX_TABLES]; /* index of the matching table entry, or -1 */
	int node[SCAN_MAX_TABLES];
	int parent[SCAN_MAX_TABLES];
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
	for (unsigned t = 0; t < sc->ntables; t++) {
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

/* Entry index of node's "reg", whose parent is known. */
static int scan_reg(const void *fdt, int node, int parent, int index, uint64_t *base,
		    uint64_t *size)
{
	int len, ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || index < 0 ||
	    len < (index + 1) * (ac + sc) * 4)
		return -1;
	reg += (ptrdiff_t)index * (ac + sc);
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
}

static struct node_at scan_found(const struct scan *sc, unsigned t)
{
	return sc->rank[t] >= 0 ? (struct node_at){ sc->node[t], sc->parent[t] }
				: (struct node_at){ -1, -1 };
}

/* The node /chosen/stdout-path names (a path or an alias, options after ':'), or -1. */
static int stdout_node(const void *fdt)
{
	int len, n = 0, chosen = fdt_path_offset(fdt, "/chosen");
	const char *p = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", &len) : NULL;

	if (!p)
		return -1;
	while (n < len && p[n] && p[n] != ':')
		n++;
	return n ? fdt_path_offset_namelen(fdt, p, n) : -1;
}

static bool driver_matches(const void *fdt, int node, const struct fdt_match *m)
{
	for (; node >= 0 && m->compatible; m++)
		if (fdt_node_check_compatible(fdt, node, m->compatible) == 0)
			return true;
	return false;
}

/* The console: the stdout-path's node if a driver takes it, else the first driver's node. */
static void bind_console(const void *fdt, const struct scan *sc, unsigned first, unsigned n)
{
	int out = stdout_node(fdt);
	uint64_t base, size;

	for (unsigned i = 0; i < n; i++)
		if (driver_matches(fdt, out, console_drivers[i]->match) &&
		    platform_node_reg(fdt, out, 0, &base, &size) == 0) {
			console = console_drivers[i];
			console->init(base);
			return;
		}
	for (unsigned i = 0; i < n; i++)
		if (node_reg(fdt, scan_found(sc, first + i), 0, &base, &size) == 0) {
			console = console_drivers[i];
			console->init(base);
			return;
		}
}

/* The reset device: the first driver whose node it finds and can bind. */
static void bind_reset(const void *fdt, const struct scan *sc, unsigned first, unsigned n,
		       struct platform_info *info)
{
	uint64_t base, size;

	for (unsigned i = 0; i < n; i++) {
		const struct reset_driver *d = reset_drivers[i];
		struct node_at at = scan_found(sc, first + i);

		if (at.node < 0 || (d->probe ? d->probe(fdt, at.node, &base, &size)
					     : node_reg(fdt, at, 0, &base, &size)))
			continue;
		reset = d;
		reset->init(base);
		if (d->watch) {
			info->reset_base = base;
			info->reset_size = size;
		}
		return;
	}
}

int platform_init(const void *fdt, struct platform_info *info, const char **why)
{
	struct scan sc = {
		.table = { clint_match, aclint_mswi_match, aclint_mtimer_match },
		.mem = -1,
		.regions = info->want_mmio_above,
	};
	unsigned nc = 0, nr = 0;
	uint64_t base, size;
	int err = cordon_fdt_check(fdt);

	info->name = board ? board->name : "unknown board";
	info->reset_base = info->reset_size = 0;
	if (err) {
		*why = fdt_strerror(err);
		return err;
	}
	while (console_drivers[nc] && SCAN_DRIVERS + nc < SCAN_MAX_TABLES) {
		sc.table[SCAN_DRIVERS + nc] = console_drivers[nc]->match;
		nc++;
	}
	while (reset_drivers[nr] && SCAN_DRIVERS + nc + nr < SCAN_MAX_TABLES) {
		sc.table[SCAN_DRIVERS + nc + nr] = reset_drivers[nr]->match;
		nr++;
	}
	sc.ntables = SCAN_DRIVERS + nc + nr;
	for (unsigned t = 0; t < sc.ntables; t++)
		sc.rank[t] = -1;
	scan_tree(fdt, &sc);
	bind_console(fdt, &sc, SCAN_DRIVERS, nc);
	info->console = console ? console->name : "none";
	bind_reset(fdt, &sc, SCAN_DRIVERS + nc, nr, info);
	info->reset = reset ? reset->name : "none";
	if (clint_regs(fdt, scan_found(&sc, SCAN_CLINT), scan_found(&sc, SCAN_MSWI),
		       scan_found(&sc, SCAN_MTIMER), &info->clint)) {
		*why = "no CLINT (riscv,clint0), nor ACLINT MSWI and MTIMER (riscv,aclint-mswi, "
		       "riscv,aclint-mtimer) in the device tree";
		return -1;
	}
	if (sc.mem < 0 ||
	    scan_reg(fdt, sc.mem, sc.mem_parent, 0, &info->ram_base, &info->ram_size)) {
		*why = "no /memory node in the device tree";
		return -1;
	}
	if (info->ram_size == 0 || info->ram_base + info->ram_size < info->ram_base) {
		*why = "the /memory node's range is empty or wraps around";
		return -1;
	}
	info->ndevices = 0;
	/* Each range of their registers (an ACLINT MTIMER has two). */
	for (unsigned i = 0; i < sc.nneeded; i++)
		for (int k = 0;
		     info->ndevices < PLATFORM_DEVICES_MAX &&
		     scan_reg(fdt, sc.needed[i][0], sc.needed[i][1], k, &base, &size) == 0;
		     k++)
			if (size)
				info->devices[info->ndevices++] =
					(struct platform_device){ base, size };
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
