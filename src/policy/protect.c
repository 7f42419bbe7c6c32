// SPDX-License-Identifier: BSD-2-Clause
/*
 * The protect-os policy (protect.h, docs/security.md I11).
 *
 * Mechanism: PMP entries 3 and 4 (pmp_layout.os_base/os_deny: QEMU virt's
 * layout, core/vpmp.h) hold the OS's memory as one TOR
 * range, before the firmware's virtual entries, with no permission in every
 * view the firmware runs with or that cordon borrows for it (vpmp.c). PMP
 * CSRs are per hart: at the first hand-over the handing-over hart publishes
 * the range (protect_epoch = 1) and every other hart that runs the firmware
 * installs it itself (protect_refresh), woken by an IPI of cordon's own
 * (the CLINT is multiplexed by offload, which protect-os requires); the OS
 * runs nowhere before all of them did.
 */
#include "protect.h"

#include <stddef.h>
#include <string.h>

#include "../arch/riscv/arch_riscv.h"
#include "../core/measure.h"
#include "../core/monitor.h"
#include "../core/vclint.h"
#include "../core/vpmp.h"
#include "../core/world.h"
#include "cordon/fdt.h"
#include "cordon/log.h"
#include "cordon/platform.h"
#include "libfdt.h"
#include "memsplit.h"
#include "offload.h"
#include "sbi_guard.h"
#include "sbi_spec.h"

/*
 * Largest device tree cordon snapshots at the hand-over (QEMU virt, 128
 * harts: 50,958 bytes; a larger one is refused, protect_handover). 52 KiB:
 * cordon's 1 MiB region is nearly full (docs/architecture.md). Used only
 * after the boot, it lies over the boot stacks (link.ld: .stage2_reuse).
 */
#define DT_COPY_MAX 0xD000U
/* What a hart may take to install the protection when asked: 1 s of mtime. */
#define ACK_TICKS (machine.clint.hz)
/* A waiting hart looks again every 10 us of mtime (at least a tick). */
#define NAP_TICKS (machine.clint.hz >= 100000U ? machine.clint.hz / 100000U : 1U)
/* The extent of an OS image without a Linux header (U-Boot as the OS, a test payload). */
#define OS_IMAGE_MIN 0x1000ULL

bool protect_on;
volatile uint32_t protect_epoch;
uint64_t protect_fw_limit;

static uint64_t ram_lo, ram_end, hole_lo, os_limit, bounce_base;
static struct range fw_image;
static uint64_t os_base, os_end;
static uint8_t dt_copy[DT_COPY_MAX] __attribute__((section(".stage2_reuse"), aligned(8)));

/* protect-os's view of the devices below RAM the firmware needs (I16): set at boot. */
#define DEVICES_MAX PLATFORM_DEVICES_MAX
static struct range devices[DEVICES_MAX];
static unsigned ndevices;
static bool filter_devices; /* entry 2 covers [0, RAM) */

/*
 * Above RAM (I16): from the hand-over the firmware's views end at the
 * smallest power of two that covers RAM (its image, cordon's bounce
 * buffers, all it may use) and every device it needs: the catch-all is
 * NAPOT [0, limit) and every virtual entry that reaches above is OFF in
 * the firmware's views (vpmp_compose). Priv §3.7.1: an access no entry
 * matches fails below M-mode. Device registers or a bus window between
 * the end of RAM and the limit stay in reach: said at boot.
 */
static void fw_limit_init(const struct platform_info *plat)
{
	uint64_t top = ram_end, limit = 8;

	for (unsigned i = 0; i < plat->ndevices; i++) {
		uint64_t e = plat->devices[i].base + plat->devices[i].size;
		if (e > top)
			top = e;
	}
	while (limit < top && limit < (1ULL << 62))
		limit <<= 1;
	if (limit < top)
		return; /* no limit (0) */
	protect_fw_limit = limit;
	if (plat->mmio_above < limit)
		log_printf(
			"[cordon] protect-os    : WARNING: devices at %lx, below %lx, stay in the "
			"firmware's reach after the hand-over\n",
			plat->mmio_above, limit);
}

void protect_init(const struct image_header *img, const struct platform_info *plat,
		  uint64_t cordon_base)
{
	uint64_t ram_base = plat->ram_base, ram_size = plat->ram_size;

	protect_on = (img->flags & IMAGE_FLAG_PROTECT) != 0;
	if (!protect_on)
		return;
	ram_lo = ram_base;
	ram_end = ram_base + ram_size;
	hole_lo = cordon_base;
	/*
	 * The bounce buffers right below cordon's region; the OS's memory ends
	 * below them. It includes the part of RAM cordon cut off /memory below
	 * them (boot.c hidden_base): a boot loader may have put the tree there
	 * (QEMU does, for fw_dynamic), and the tree handed over is the OS's.
	 */
	bounce_base = cordon_base - PROTECT_BOUNCE_AREA;
	os_limit = bounce_base;
	/*
	 * Devices (I16), from the machine's own tree as the board read it,
	 * before any firmware ran (the one the firmware hands over could
	 * rename a device): one NAPOT entry covers all of [0, RAM) when RAM
	 * starts on a power of two (QEMU virt, sifive_u, spike: 0x80000000).
	 */
	if (ram_lo && (ram_lo & (ram_lo - 1U)) == 0) {
		for (unsigned i = 0; i < plat->ndevices && i < DEVICES_MAX; i++) {
			uint64_t b = plat->devices[i].base, e = b + plat->devices[i].size;
			if (b < ram_lo)
				devices[ndevices++] = (struct range){ b, e < b ? ~0ULL : e };
		}
		filter_devices = ndevices != 0;
	}
	fw_image = (struct range){ img->load_addr, img->load_addr + img->size };
	fw_limit_init(plat);
}

static __attribute__((noreturn)) void refuse(const char *what, uint64_t a, uint64_t b)
{
	log_printf("[cordon] ERROR: protect-os: %s (%lx, %lx)\n[cordon] stopping the machine "
		   "(exit %u)\n",
		   what, a, b, CORDON_EXIT_PANIC);
	platform_exit(CORDON_EXIT_PANIC);
}

/* A cells-wide big-endian number of the tree. */
static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

static void add(struct range *r, unsigned *n, uint64_t base, uint64_t size)
{
	if (*n < MEMSPLIT_MAX && size && base + size > base)
		r[(*n)++] = (struct range){ base, base + size };
}

/*
 * What the firmware reserved for itself in the tree it hands over: the
 * /memreserve/ entries and the children of /reserved-memory that are no
 * pool for the OS's drivers: no-map, or neither "reusable" nor
 * "compatible" (OpenSBI 1.1's mmode_resv0 has no no-map). Claims past
 * MEMSPLIT_MAX are dropped: the firmware keeps less, never the OS.
 */
static unsigned dt_claims(const void *fdt, struct range *r)
{
	unsigned n = 0;
	int rm = fdt_path_offset(fdt, "/reserved-memory"), node, len;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t a, s;
		if (fdt_get_mem_rsv(fdt, i, &a, &s) == 0)
			add(r, &n, a, s);
	}
	if (rm < 0)
		return n;
	int ac = fdt_address_cells(fdt, rm), sc = fdt_size_cells(fdt, rm);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return n;
	fdt_for_each_subnode(node, fdt, rm) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || (!fdt_getprop(fdt, node, "no-map", NULL) &&
			     (fdt_getprop(fdt, node, "reusable", NULL) ||
			      fdt_getprop(fdt, node, "compatible", NULL))))
			continue;
		for (int k = 0; (k + ac + sc) * 4 <= len; k += ac + sc)
			add(r, &n, cells(reg + k, ac), cells(reg + k + ac, sc));
	}
	return n;
}

/* The initrd the boot loader named in /chosen, if any. */
static void dt_initrd(const void *fdt, struct range *r, unsigned *n)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), ls, le;
	const fdt32_t *s, *e;

	if (chosen < 0)
		return;
	s = fdt_getprop(fdt, chosen, "linux,initrd-start", &ls);
	e = fdt_getprop(fdt, chosen, "linux,initrd-end", &le);
	if (!s || !e || (ls != 4 && ls != 8) || (le != 4 && le != 8))
		return;
	uint64_t b = cells(s, ls / 4), end = cells(e, le / 4);
	if (end > b)
		add(r, n, b, end - b);
}

bool protect_device(uint64_t addr, uint64_t *base, uint64_t *size)
{
	if (!filter_devices || !__atomic_load_n(&protect_epoch, __ATOMIC_ACQUIRE))
		return false;
	for (unsigned i = 0; i < ndevices; i++)
		if (addr >= devices[i].base && addr < devices[i].end) {
			*base = devices[i].base;
			*size = devices[i].end - devices[i].base;
			return true;
		}
	return false;
}

/* Snapshot the tree handed over at `at` into cordon's memory; its size, or 0. */
static uint64_t snapshot_dt(uint64_t at)
{
	uint64_t size;

	if (!measure_range_ok(at, 64, ram_lo, ram_end - ram_lo, hole_lo, CORDON_SIZE))
		return 0;
	memcpy(dt_copy, (const void *)(uintptr_t)at, 64);
	if (fdt_check_header(dt_copy))
		return 0;
	size = fdt_totalsize(dt_copy);
	if (size > DT_COPY_MAX ||
	    !measure_range_ok(at, size, ram_lo, ram_end - ram_lo, hole_lo, CORDON_SIZE))
		return 0;
	memcpy(dt_copy, (const void *)(uintptr_t)at, size);
	/* The copy is cordon's and does not change while libfdt's bounds-checked
	 * accessors read it (the firmware's may, on other harts). */
	return cordon_fdt_check(dt_copy) == 0 && fdt_totalsize(dt_copy) == size ? size : 0;
}

/* Decide the OS's memory: one range, [os_base, os_end). */
static void split(struct hart *h, uint64_t dt_at, uint64_t dt_size)
{
	struct range ram = { ram_lo, ram_end }, hole = { hole_lo, hole_lo + CORDON_SIZE };
	struct range claims[MEMSPLIT_MAX], os[MEMSPLIT_MAX];
	unsigned nclaims = 0, nos = 0;
	uint64_t img = 0, at = ram_lo, gaps = 0, lo = 0, hi = 0;
	static struct memsplit ms;

	if (measure_range_ok(h->pc, 64, ram_lo, ram_end - ram_lo, hole_lo, CORDON_SIZE))
		img = measure_linux_image_size((const uint8_t *)(uintptr_t)h->pc);
	add(os, &nos, h->pc, img ? img : OS_IMAGE_MIN);
	if (dt_size) {
		nclaims = dt_claims(dt_copy, claims);
		add(os, &nos, dt_at, dt_size);
		dt_initrd(dt_copy, os, &nos);
	}
	if (!memsplit_compute(&ram, 1, hole, fw_image, claims, nclaims, os, nos, &ms))
		refuse("the firmware's memory is more than MEMSPLIT_MAX ranges", ms.nfw, 0);
	for (unsigned i = 0; i < ms.nrefused; i++)
		log_printf("[cordon] protect-os    : refused the firmware's claim %lx-%lx (the "
			   "OS's)\n",
			   ms.refused[i].base, ms.refused[i].end);
	/* The OS's memory: RAM below cordon's region, less the firmware's. */
	for (unsigned i = 0; i <= ms.nfw; i++) {
		uint64_t end = i < ms.nfw ? ms.fw[i].base : os_limit;
		if (end > os_limit)
			end = os_limit;
		if (end > at) {
			gaps++;
			lo = at;
			hi = end;
		}
		if (i < ms.nfw && ms.fw[i].end > at)
			at = ms.fw[i].end;
	}
	if (gaps != 1)
		refuse("the OS's memory is not one range (PMP entries 3-4 hold one)", gaps, 0);
	/*
	 * Whole PROTECT_ALIGN blocks (security.md, I2), rounded inwards: a
	 * partial page at an edge stays the firmware's (the OS allocates whole
	 * pages: Linux frees memblock ranges to its page allocator from
	 * PFN_UP(start) to PFN_DOWN(end)).
	 */
	os_base = (lo + PROTECT_ALIGN - 1U) & ~(PROTECT_ALIGN - 1U);
	os_end = hi & ~(PROTECT_ALIGN - 1U);
	if (os_end <= os_base)
		refuse("the OS's memory is less than a page", lo, hi);
	for (unsigned i = 0; i < ms.nfw; i++)
		log_printf("[cordon] protect-os    : firmware keeps %lx-%lx\n", ms.fw[i].base,
			   ms.fw[i].end);
}

/*
 * Sleep about NAP_TICKS on this hart's own timer (mie = MTIE only: cordon
 * runs with MIE = 0, so wfi wakes without a trap). A waiting hart must not
 * spin: under QEMU -icount a spinning hart keeps the whole round-robin
 * slice while the harts it waits for cannot run (make bench: a 4-hart
 * hand-over never completed).
 */
void protect_nap(struct hart *h)
{
	uint64_t mie = csr_swap(mie, MIP_MTIP);

	vclint_lock(&h->clint);
	*h->clint.mtimecmp = *vclint_mtime + NAP_TICKS;
	vclint_unlock(&h->clint);
	wfi();
	vclint_lock(&h->clint);
	vclint_program(h); /* the firmware's and the OS's deadlines again */
	vclint_unlock(&h->clint);
	csr_write(mie, mie);
}

void protect_refresh(struct hart *h)
{
	uint32_t e = __atomic_load_n(&protect_epoch, __ATOMIC_ACQUIRE);

	if (h->protect.seen == e)
		return;
	/* Entry 4 is OFF in the view installed now: the addresses first. */
	hw_write_pmpaddr(pmp_layout.os_base, os_base >> 2);
	hw_write_pmpaddr(pmp_layout.os_deny, os_end >> 2);
	if (filter_devices) /* entry 2: every device below RAM (I16) */
		hw_write_pmpaddr(pmp_layout.reset, pmp_napot_addr(0, ram_lo));
	if (protect_fw_limit) /* the catch-all: nothing above (I16) */
		hw_write_pmpaddr(pmp_layout.catchall, pmp_napot_addr(0, protect_fw_limit));
	vpmp_compose(&pmp_layout, &h->v.pmp, machine.reset_size != 0, true, protect_fw_limit,
		     &h->pmp);
	world_install_pmp(h);
	h->v.hide_os = 1;		     /* the OS's supervisor CSRs too (I14) */
	h->v.force_edeleg = PROTECT_MEDELEG; /* and its exceptions (I12) */
	h->v.force_ideleg = PROTECT_MIDELEG;
	h->fp_hide = (hw.misa & (BIT('F' - 'A') | BIT('D' - 'A'))) != 0; /* and its FP (I15) */
	/* Priv §3.7.2: PMP changes and cached translations. */
	__asm__ volatile("sfence.vma" : : : "memory");
	__atomic_store_n(&h->protect.seen, e, __ATOMIC_SEQ_CST); /* the acknowledgement */
}

/*
 * The hypervisor extension's CSRs at an entry the OS begins from (with H):
 * the firmware's writes before the hand-over (or, on a hart it starts
 * later, before that hart closed the OS's memory) must not reach an OS that
 * runs guests. A fresh hart's values (the spec leaves them UNSPECIFIED at
 * reset, Priv §3.4; these are QEMU's, and the ones under which nothing is
 * delegated, injected, translated or trapped for a guest; the H CSRs of
 * Priv §9.2, the VS CSRs of §9.3): no exception or interrupt delegated to
 * VS-mode (hedeleg, hideleg), no virtual interrupt injected or enabled
 * (hvip, hie, hgeie), no counter for guests (hcounteren), no guest
 * environment feature (henvcfg: Sstc's STCE 0 too, so vstimecmp is inert),
 * no time offset (htimedelta), no guest trap state (htval, htinst), Bare
 * G-stage and VS-stage translation (hgatp, vsatp), the VS CSRs 0 (vstvec,
 * vsscratch, vsepc, vscause, vstval; vsie and vsip are views of hie and
 * hvip), vsstatus and hstatus 0 but their XLEN fields 64 (WARL): hstatus'
 * SPV, SPVP and GVA (no guest entered at the OS's first sret:
 * attack/handover-vs), HU (the OS's user mode may not run hlv/hsv, the
 * firmware's choice: virtual while the firmware runs, world.c), VTVM, VTW,
 * VTSR, VGEIN; and with Sstc, vstimecmp all ones (no deadline; QEMU 7.2
 * makes a VS timer interrupt pending at once for 0).
 */
static void os_entry_h_csrs(struct hart *h)
{
	h->v.hstatus_hu = 0;
	csr_write(CSR_HSTATUS, HSTATUS_VSXL_64);
	csr_write(CSR_HEDELEG, 0);
	csr_write(CSR_HIDELEG, 0);
	csr_write(CSR_HVIP, 0);
	h->v.mie &= ~MIP_VS_ALL; /* hie, a view of mie (vcsr.c): physical at world_enter_os */
	csr_write(CSR_HGEIE, 0);
	csr_write(CSR_HCOUNTEREN, 0);
	csr_write(CSR_HENVCFG, 0);
	if (hw.has_time) /* QEMU 7.2: without the time CSR htimedelta is illegal (spike, sifive_u) */
		csr_write(CSR_HTIMEDELTA, 0);
	csr_write(CSR_HTVAL, 0);
	csr_write(CSR_HTINST, 0);
	csr_write(CSR_HGATP, 0);
	csr_write(CSR_VSSTATUS, MSTATUS_UXL_64);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSEPC, 0);
	csr_write(CSR_VSCAUSE, 0);
	csr_write(CSR_VSTVAL, 0);
	csr_write(CSR_VSATP, 0);
	if (hw.has_sstc)
		csr_write(CSR_VSTIMECMP, ~0UL);
	/* A new hgatp and vsatp: no translation of the old ones cached (hfence, Priv §9.3). */
	__asm__ volatile(".option push\n.option arch, +h\nhfence.gvma\nhfence.vvma\n.option pop"
			 :
			 :
			 : "memory");
}

/*
 * The OS's supervisor CSRs at an entry the OS begins from (the first
 * hand-over, a hart start): the firmware's own writes to them are ignored
 * from the hand-over on (I14), and its earlier ones must not reach the OS
 * either. cordon sets what OpenSBI sets there (sbi_hart_switch_mode: stvec
 * = the entry, sscratch, sie and satp 0; and sstatus.SIE 0) so that no
 * value of the firmware's choosing (a trap vector, a page table) reaches
 * the OS: a breakpoint of a trigger the firmware set for S (I17), an
 * interrupt or a page fault before the OS sets its own stvec would run
 * the firmware's code in S-mode, as the OS (attack/trigger-stvec). With H,
 * the H and VS CSRs too (os_entry_h_csrs: attack/h-csrs).
 */
static void os_entry_csrs(struct hart *h)
{
	h->v.satp = 0;
	h->v.mstatus &= ~MSTATUS_SIE;
	csr_write(CSR_STVEC, h->pc);
	csr_write(CSR_SSCRATCH, 0);
	h->v.mie &= ~(h->v.os_ideleg | PROTECT_MIDELEG);
	h->mie_phys = ~0ULL; /* world_enter_os writes mie */
	if (hw.has_h)
		os_entry_h_csrs(h);
}

void protect_handover(struct hart *h)
{
	uint64_t dt_at = h->regs[11], dt_size = snapshot_dt(dt_at), start;
	unsigned n = 0;

	split(h, dt_at, dt_size);
	if (!filter_devices)
		log_printf("[cordon] protect-os    : devices not filtered (RAM at %lx is not on a "
			   "power of two, or the tree names none the firmware needs)\n",
			   ram_lo);
	h->protect.os_started = 1;  /* the OS's first entry: this one (the boot hart's) */
	h->protect.first_entry = 1; /* its V: protect_os_enter */
	/*
	 * No guest of the firmware's making either (os_entry_h_csrs): with
	 * hstatus.SPV an OS unaware of H would enter VU at its first sret to
	 * user mode, translated by the firmware's G-stage table (hgatp).
	 */
	os_entry_csrs(h);
	__atomic_store_n(&protect_epoch, 1U, __ATOMIC_SEQ_CST);
	protect_refresh(h);
	/*
	 * Every hart that runs the firmware installs it itself: an IPI of
	 * cordon's own makes it trap (its physical mie has MSIE while its
	 * firmware's IPI is not pending: protect_firmware_mie) and serve it
	 * (offload_service). A hart not started yet reads the epoch when it
	 * starts: it publishes `started` before it looks (both SEQ_CST).
	 */
	for (unsigned j = 0; j < machine.nharts; j++)
		if (&harts[j] != h && __atomic_load_n(&harts[j].started, __ATOMIC_SEQ_CST))
			vclint_kick(&harts[j]);
	start = *vclint_mtime;
	for (unsigned j = 0; j < machine.nharts; j++) {
		struct hart *t = &harts[j];
		if (t == h || !__atomic_load_n(&t->started, __ATOMIC_SEQ_CST))
			continue;
		while (__atomic_load_n(&t->protect.seen, __ATOMIC_SEQ_CST) != 1U) {
			offload_service(h);
			if (*vclint_mtime - start > ACK_TICKS)
				refuse("a hart did not close the OS's memory in 1 s (hart, pc)", j,
				       t->pc);
			protect_nap(h);
		}
		n++;
	}
	/* Nothing can change the tree now: it is the one cordon split by. */
	if (dt_size && memcmp(dt_copy, (const void *)(uintptr_t)dt_at, dt_size) != 0)
		refuse("the device tree changed during the hand-over", dt_at, dt_size);
	log_printf("[cordon] protect-os    : OS memory %lx-%lx closed to the firmware "
		   "(hart %lu and %u more; device tree %lx, %lu bytes)\n",
		   os_base, os_end, h->hartid, n, dt_at, dt_size);
	if (filter_devices)
		log_printf(
			"[cordon] protect-os    : devices below %lx closed to the firmware but %u "
			"it needs (console, interrupts, timer, reset)\n",
			ram_lo, ndevices);
	if (protect_fw_limit)
		log_printf("[cordon] protect-os    : all at or above %lx closed to the firmware\n",
			   protect_fw_limit);
}

bool protect_firmware_may_read(uint64_t addr)
{
	return !(protect_on && __atomic_load_n(&protect_epoch, __ATOMIC_ACQUIRE) &&
		 addr - os_base < os_end - os_base);
}

/* ---- the OS's SBI calls: filter and bounce buffer (I13) ------------------ */

/* This hart's bounce buffer: PROTECT_BOUNCE_SIZE bytes below cordon's region. */
#define SBI_EXT_HSM 0x48534DU
#define SBI_HSM_HART_STOP 1U

static uint8_t *bounce_of(const struct hart *h)
{
	return (uint8_t *)(uintptr_t)(bounce_base + (uint64_t)(h - harts) * PROTECT_BOUNCE_SIZE);
}

static const struct sbi_fn *lookup(struct protect_call *c, uint64_t eid, uint64_t fid)
{
	if (!c->cached || c->cache_eid != eid || c->cache_fid != fid) {
		c->cache_fn = sbi_fn_lookup(eid, fid);
		c->cache_eid = eid;
		c->cache_fid = fid;
		c->cached = 1;
	}
	return c->cache_fn;
}

/* The hart whose hart ID is id, or NULL. */
static struct hart *hart_of(uint64_t id)
{
	for (unsigned j = 0; j < machine.nharts; j++)
		if (harts[j].hartid == id)
			return &harts[j];
	return NULL;
}

/* The OS on h asks hart_start(id, pc, opaque): the one entry the firmware may give it. */
static void arm_start(const struct hart *h, uint64_t id, uint64_t pc, uint64_t opaque)
{
	struct hart *t = hart_of(id);

	if (!t || t == h)
		return;
	__atomic_store_n(&t->protect_saved.start_armed, 0U, __ATOMIC_SEQ_CST);
	t->protect_saved.start_pc = pc;
	t->protect_saved.start_opaque = opaque;
	__atomic_store_n(&t->protect_saved.start_armed, (uint32_t)(h - harts) + 1U,
			 __ATOMIC_RELEASE);
}

/* The firmware said no to h's hart_start(id): the request lapses (unless another replaced it). */
static void disarm_start(const struct hart *h, uint64_t id)
{
	struct hart *t = hart_of(id);
	uint32_t mine = (uint32_t)(h - harts) + 1U;

	if (t && t != h)
		(void)__atomic_compare_exchange_n(&t->protect_saved.start_armed, &mine, 0U, false,
						  __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/*
 * The firmware enters the OS on h, which the OS does not run (never started,
 * or stopped by hart_stop): only where the OS's hart_start asked, in S-mode
 * with V=0, with a0 = hart ID, a1 = opaque, satp = 0 and sstatus.SIE = 0 and
 * every other register zero (SBI v3.0 §9.1: the specification leaves them
 * undefined; the firmware's own values never reach the OS). Anything else
 * is refused: the hart is parked in cordon for good (the OS never asked
 * for it; the firmware could as well have kept it), and logged.
 */
static void start_os(struct hart *h, unsigned mode, bool virt)
{
	uint32_t armed = __atomic_load_n(&h->protect_saved.start_armed, __ATOMIC_ACQUIRE);

	if (armed && h->pc == h->protect_saved.start_pc && mode == PRV_S && !virt &&
	    __atomic_compare_exchange_n(&h->protect_saved.start_armed, &armed, 0U, false,
					__ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
		memset(h->regs, 0, sizeof(h->regs));
		h->regs[10] = h->hartid;
		h->regs[11] = h->protect_saved.start_opaque;
		os_entry_csrs(h);
		h->protect.os_started = 1;
		return;
	}
	log_printf("[cordon] protect-os    : hart %lu: the firmware entered the OS at %lx (mode "
		   "%u%s), which the OS did not start there: refused, the hart stops\n",
		   h->hartid, h->pc, mode, virt ? ", V=1" : "");
	csr_write(mie, 0);
	for (;;)
		wfi();
}

void protect_os_enter(struct hart *h, unsigned *mode, bool *virt)
{
	if (h->protect.first_entry) {
		/*
		 * The first hand-over enters the OS itself, never as a guest:
		 * with V=1 the firmware's G-stage table (hgatp, written before)
		 * would place the OS's memory where the firmware reads it.
		 */
		h->protect.first_entry = 0;
		if (*virt) {
			log_printf("[cordon] protect-os    : hart %lu: the firmware entered the OS "
				   "at %lx "
				   "as a guest (V=1) at the hand-over: refused, entered with V=0\n",
				   h->hartid, h->pc);
			*virt = false;
		}
		return;
	}
	if (protect_pending(h))
		protect_resume(h, mode, virt);
	else if (!h->protect.os_started)
		start_os(h, *mode, *virt);
}

/*
 * x1-x31 from s to d, and zeroing them: straight-line code (one load and
 * one store a register), twice on every SBI call under protect-os.
 */
static inline void copy_regs(uint64_t d[32], const uint64_t s[32])
{
#pragma GCC unroll 31
	for (unsigned r = 1; r < 32; r++)
		d[r] = s[r];
}

static inline void zero_regs(uint64_t d[32])
{
#pragma GCC unroll 31
	for (unsigned r = 1; r < 32; r++)
		d[r] = 0;
}

/* Where the OS trapped (before the world switch: its mstatus is live). */
static void trap_origin(struct hart *h, struct protect_call *c)
{
	uint64_t ms = csr_read(mstatus);

	c->pc = h->pc;
	c->mode = (ms & MSTATUS_MPP) == ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT) ? PRV_S : PRV_U;
	c->virt = (ms & MSTATUS_MPV) != 0;
}

/* The SBI call (f, eid) goes to the firmware: keep the OS's registers, show it its arguments. */
static void keep_call(struct hart *h, const struct sbi_fn *f, uint64_t eid)
{
	struct protect_call *c = &h->protect_saved.call;
	unsigned nargs = f ? f->nargs : 6U;

	trap_origin(h, c);
	c->kind = PROTECT_ECALL;
	c->nret = f ? f->nret : 2U;
	c->flow = f ? f->flow : SBI_FLOW_NONE;
	c->stops = eid == SBI_EXT_HSM && h->regs[16] == SBI_HSM_HART_STOP;
	copy_regs(c->regs, h->regs);
	zero_regs(h->regs);
	/* The arguments the call defines, a6 (fid) and a7 (eid). */
	for (unsigned r = 10; r < 10 + nargs; r++)
		h->regs[r] = c->regs[r];
	h->regs[16] = c->regs[16];
	h->regs[17] = c->regs[17];
	if (c->plan.bounce) {
		/* The firmware gets cordon's buffer (I13). */
		h->regs[10 + c->plan.addr_reg] = (uint64_t)(uintptr_t)bounce_of(h);
		h->regs[11 + c->plan.addr_reg] = 0;
		if (c->plan.len_reg < 6)
			h->regs[10 + c->plan.len_reg] = c->plan.len;
	}
}

bool protect_os_call(struct hart *h)
{
	struct protect_call *c = &h->protect_saved.call;
	uint64_t eid = h->regs[17];
	const struct sbi_fn *f = lookup(c, eid, h->regs[16]);
	struct sbi_guard_plan *p = &c->plan;

	sbi_guard(f, eid, &h->regs[10], os_base, os_end, PROTECT_BOUNCE_SIZE, p);
	c->mask_state = 0;
	if (p->action == GUARD_ANSWER) {
		if (p->refused)
			log_printf(
				"[cordon] protect-os    : hart %lu: %s(%lx, %lx, %lx, %lx, %lx): "
				"the OS's memory does not hold it, or the bounce buffer does "
				"not: error %ld\n",
				h->hartid, f ? f->name : "?", h->regs[10], h->regs[11], h->regs[12],
				h->regs[13], h->regs[14], (long)p->error);
		h->regs[10] = (uint64_t)p->error;
		if (eid > SBI_EXT_LEGACY_MAX)
			h->regs[11] = p->value;
		h->pc += 4;
		return true;
	}
	if (f && f->flow == SBI_FLOW_HART_START)
		arm_start(h, h->regs[10], h->regs[11], h->regs[12]);
	if (f && f->mem == SBI_MEM_MASK_PTR && h->regs[10] != 0) {
		/*
		 * Legacy v0.1: a0 is the OS's virtual address of the hart mask.
		 * Read it now, as the OS (its mode, satp, SUM/MXR and PMP are
		 * still live: MPRV with the trap's MPP/MPV), before the firmware
		 * runs; the firmware's own read of it is served from this copy
		 * (protect_mask_read).
		 */
		c->mask_state = hw_mem_load(h, h->regs[10], 8, false,
					    csr_read(mstatus) | MSTATUS_MPRV, &c->mask)
					? 1
					: 2;
		if (c->mask_state == 2)
			c->mask_fault = h->guard;
	}
	if (p->bounce && p->copy_in)
		memcpy(bounce_of(h), (const void *)(uintptr_t)p->os_addr, p->len);
	keep_call(h, f, eid);
	return false;
}

int protect_mask_read(struct hart *h, uint64_t addr, unsigned width, unsigned mode, bool virt,
		      uint64_t *val)
{
	const struct protect_call *c = &h->protect_saved.call;

	if (c->kind != PROTECT_ECALL || !c->mask_state || width != 8 || addr != c->regs[10] ||
	    mode != c->mode || virt != (c->virt != 0))
		return 0;
	if (c->mask_state == 2) {
		h->guard = c->mask_fault;
		return 2;
	}
	*val = c->mask;
	return 1;
}

/* ---- the OS's registers across the firmware (I12) ------------------------ */

void protect_os_csr_insn(struct hart *h, const struct insn *in, uint32_t bits)
{
	struct protect_call *c = &h->protect_saved.call;

	/* Where the illegal instruction goes if the firmware does not emulate it. */
	bool to_vs = hw.has_h && (csr_read(mstatus) & MSTATUS_MPV) &&
		     (csr_read(CSR_HEDELEG) & BIT(CAUSE_ILLEGAL_INSN));

	c->exc_bits = bits;
	c->exc_rd = in->rd;
	c->exc_rs1 = in->csr_imm ? 0 : in->rs1;
	c->exc_to_vs = to_vs;
	c->exc_sie = ((to_vs ? csr_read(CSR_VSSTATUS) : csr_read(mstatus)) & MSTATUS_SIE) != 0;
	c->exc_stvec = to_vs ? csr_read(CSR_VSTVEC) : csr_read(CSR_STVEC);
}

/*
 * After an OS CSR instruction the firmware was shown: it goes to the OS as
 * an illegal instruction, as the firmware's own redirect would deliver it
 * (and the hardware with medeleg), from what cordon kept at the trap (pc,
 * mode, V, SIE, the vector), whatever the firmware set meanwhile: to the
 * OS's HS-mode (Priv §4.1.1; with H, §9.6.2 trap entry: hstatus.SPV, SPVP
 * from the trap's V and mode), or, from a VS guest with illegal
 * instructions in the OS's hedeleg, to the guest's VS-mode (vsepc,
 * vscause, vstval, vsstatus). The H CSRs are the OS's: hidden from the
 * firmware (I14), they hold what the OS set.
 */
static void exc_to_os(struct hart *h, unsigned *mode, bool *virt)
{
	const struct protect_call *c = &h->protect_saved.call;
	uint64_t st = (c->mode == PRV_S ? MSTATUS_SPP : 0) | (c->exc_sie ? MSTATUS_SPIE : 0);
	const uint64_t bits = MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE;

	*mode = PRV_S;
	h->pc = c->exc_stvec & ~3ULL;
	if (c->exc_to_vs) {
		csr_write(CSR_VSEPC, c->pc);
		csr_write(CSR_VSCAUSE, CAUSE_ILLEGAL_INSN);
		csr_write(CSR_VSTVAL, c->exc_bits);
		csr_write(CSR_VSSTATUS, (csr_read(CSR_VSSTATUS) & ~bits) | st);
		*virt = true;
		return;
	}
	csr_write(CSR_SEPC, c->pc);
	csr_write(CSR_SCAUSE, CAUSE_ILLEGAL_INSN);
	csr_write(CSR_STVAL, c->exc_bits);
	if (hw.has_h) {
		uint64_t hs = csr_read(CSR_HSTATUS) & ~(HSTATUS_SPV | HSTATUS_GVA);
		if (c->virt)
			hs = (hs & ~HSTATUS_SPVP) | HSTATUS_SPV |
			     (c->mode == PRV_S ? HSTATUS_SPVP : 0);
		csr_write(CSR_HSTATUS, hs);
		csr_write(CSR_HTVAL, 0);
		csr_write(CSR_HTINST, 0);
	}
	h->v.mstatus = (h->v.mstatus & ~bits) | st;
	*virt = false;
}

void protect_os_trap(struct hart *h, uint64_t cause)
{
	struct protect_call *c = &h->protect_saved.call;

	trap_origin(h, c);
	c->nret = 2;
	c->flow = SBI_FLOW_NONE;
	c->stops = 0;
	c->plan.bounce = 0;
	c->mask_state = 0;
	/* An interrupt shows nothing; an illegal CSR instruction (protect_os_csr_insn) rs1. */
	c->kind = (cause & MCAUSE_INTERRUPT) ? PROTECT_IRQ : PROTECT_EXC;
	copy_regs(c->regs, h->regs);
	zero_regs(h->regs);
	if (c->kind == PROTECT_EXC)
		h->regs[c->exc_rs1] = c->regs[c->exc_rs1]; /* x0 when none: unused */
}

void protect_resume(struct hart *h, unsigned *mode, bool *virt)
{
	struct protect_call *c = &h->protect_saved.call;
	uint64_t want = c->kind == PROTECT_ECALL ? c->pc + 4 : c->pc, a0 = h->regs[10],
		 a1 = h->regs[11];
	bool ecall = c->kind == PROTECT_ECALL;

	if (c->kind == PROTECT_EXC) {
		uint64_t rd = h->regs[c->exc_rd];
		bool emulated = h->pc == c->pc + 4 && *mode == c->mode && *virt == (c->virt != 0);
		bool redirected = h->pc == (c->exc_stvec & ~3ULL) && *mode == PRV_S &&
				  *virt == (c->exc_to_vs != 0);

		c->kind = PROTECT_NONE;
		copy_regs(h->regs, c->regs);
		if (emulated) {
			if (c->exc_rd)
				h->regs[c->exc_rd] = rd;
			h->pc = c->pc + 4;
			return;
		}
		if (!redirected)
			log_printf(
				"[cordon] protect-os    : hart %lu: the firmware entered the OS at "
				"%lx "
				"(mode %u%s) after its illegal instruction at %lx: refused, the OS "
				"takes the illegal instruction\n",
				h->hartid, h->pc, *mode, *virt ? ", V=1" : "", c->pc);
		exc_to_os(h, mode, virt);
		return;
	}
	c->kind = PROTECT_NONE;
	if (h->pc == want && *mode == c->mode && *virt == (c->virt != 0)) {
		copy_regs(h->regs, c->regs);
		if (ecall) {
			uint64_t n = sbi_guard_out(&c->plan, (int64_t)a0, &a1);
			if (c->flow == SBI_FLOW_HART_START && a0 != SBI_SUCCESS)
				disarm_start(h, c->regs[10]);
			if (n)
				memcpy((void *)(uintptr_t)c->plan.os_addr, bounce_of(h), n);
			h->regs[10] = a0;
			if (c->nret == 2)
				h->regs[11] = a1;
		}
		return;
	}
	if (ecall && c->flow == SBI_FLOW_RESUME && h->pc == c->regs[11] && *mode == PRV_S &&
	    !*virt) {
		/* SBI HSM suspend (non-retentive), system suspend: a0 = hart id, a1 = opaque. */
		memset(h->regs, 0, sizeof(h->regs));
		h->regs[10] = h->hartid;
		h->regs[11] = c->regs[12];
		return;
	}
	if (ecall && c->stops) {
		/* Stopped by hart_stop: the next entry is a hart start. */
		h->protect.os_started = 0;
		start_os(h, *mode, *virt);
		return;
	}
	log_printf(
		"[cordon] protect-os    : hart %lu: the firmware entered the OS at %lx (mode %u%s) "
		"after its %s at %lx: refused, the OS resumes at %lx\n",
		h->hartid, h->pc, *mode, *virt ? ", V=1" : "", ecall ? "SBI call" : "interrupt",
		c->pc, want);
	copy_regs(h->regs, c->regs);
	if (ecall) {
		h->regs[10] = (uint64_t)SBI_ERR_FAILED;
		h->regs[11] = 0;
	}
	h->pc = want;
	*mode = c->mode;
	*virt = c->virt != 0;
}
