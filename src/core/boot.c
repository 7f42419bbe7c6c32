// SPDX-License-Identifier: BSD-2-Clause
/*
 * Boot. The image is loaded at the reset vector: a trampoline, cordon linked
 * at CORDON_LINK_BASE, then the firmware (include/cordon/image.h). Two stages:
 *
 * stage 1 (in the image, every hart): the first hart to arrive reads the
 *   device tree's memory and harts, waits until every hart has left the
 *   trampoline, copies cordon to the top CORDON_SIZE bytes of RAM and applies
 *   the image's relocation table there; then every hart jumps to the copy.
 * stage 2 (at the top of RAM): the boot hart binds the platform drivers,
 *   probes the hardware's WARL rules, checks the firmware, hides cordon's
 *   memory in the device tree (shrinks /memory to a 2 MiB boundary below
 *   it), copies the firmware to where it expects to run
 *   and prints the banner; then every hart enters the firmware in virtual
 *   M-mode with the boot ROM's registers (a0 hartid, a1 FDT, a2 fw_dynamic_info).
 *
 * So the firmware and the OS see a machine whose RAM ends below cordon, and
 * everything below (reset vector, 0x80200000, the firmware's FDT copy) is
 * theirs, as natively.
 */
#include <stdint.h>
#include <string.h>

#include "../arch/riscv/arch_riscv.h"
#include "../policy/policy.h"
#include "cordon/arch.h"
#include "cordon/crc32.h"
#include "cordon/fdt.h"
#include "cordon/image.h"
#include "cordon/log.h"
#include "cordon/platform.h"
#include "cordon/riscv.h"
#include "hart.h"
#include "image.h"
#include "libfdt.h"
#include "measure.h"
#include "monitor.h"
#include "vclint.h"
#include "vpmp.h"

extern char _cordon_start[], _bss_start[], _bss_end[], _payload_start[];
extern char hart_stacks[];
extern void trap_vector(void);
/* arch/riscv/entry.S: continue in the relocated copy, on the hart's stack there. */
void reloc_jump(uint64_t delta, uint64_t hartid, void *fdt, void *fw_info)
	__attribute__((noreturn));

/*
 * Stage 1 state, in .data (not .bss: used before any .bss is cleared).
 * The copy made for stage 2 carries these values along.
 */
struct boot_state {
	uint32_t lottery;
	uint32_t arrived;
	uint32_t relocated;	 /* stage 1: the copy is ready */
	uint32_t in_copy;	 /* stage 2: harts that left the image for the copy */
	uint32_t cold_boot_done; /* stage 2: everything is ready */
	uint32_t nharts;	 /* stage 1: the tree's /cpus count, before the copy */
	uint64_t delta;		 /* relocated address - link address */
	uint64_t image;		 /* the image header, left in the image */
};
static volatile struct boot_state boot __attribute__((section(".data")));

/*
 * The CSRs each hart had at reset, read before cordon changes any: the
 * firmware's virtual M-mode starts from the hardware's own reset state
 * (e.g. QEMU's mideleg reads 0 until written, although its VS bits are
 * read-only one afterwards).
 */
struct reset_csrs {
	uint64_t mstatus;
	uint64_t mtvec;
	uint64_t medeleg;
	uint64_t mideleg;
	uint64_t mie;
	uint64_t mtimecmp;	  /* before boot_wait borrows it (0 without a CLINT) */
	uint64_t msip;		  /* the CLINT's msip base the tree gives (0: none) */
	uint32_t boot_stack_used; /* bytes of its stage-1 stack it used (boot_stack_check) */
};
static struct reset_csrs reset_state[MAX_HARTS] __attribute__((section(".data")));

static struct platform_info plat;
/*
 * The image header, copied into cordon's memory at stage 2: the firmware,
 * copied to its load address, may cover the image's start (it may be of
 * any size, check_image), and harts read the header after that.
 */
static struct image_header image_copy;
static const struct image_header *image = &image_copy;
/*
 * The firmware's entry, kept in cordon's own memory: the harts released
 * after the boot hart read it when the firmware may already have reused
 * the image's memory (the header included): a hart that read the entry
 * from there after the firmware zeroed it started at 0 and was lost
 * (issue 9; smp/late-hart).
 */
static uint64_t firmware_entry;
/* The boot hart's kind of hart: the physical PMP layout is computed from it. */
static const struct hw_caps *boot_caps;

/* How long the boot hart waits for the others to arrive: 5 s. */
#define ARRIVAL_US 5000000UL
/* How long IMAGE_FLAG_STRAGGLER holds the last hart back: 0.2 s. */
#define STRAGGLER_US 200000UL
/* The period of a waiting hart's wake-ups: 10 us. */
#define WAIT_US 10UL

/* Microseconds in ticks of an mtime at hz (at least one). */
static uint64_t us_ticks(uint64_t us, uint64_t hz)
{
	uint64_t t = us * (hz / 1000U) / 1000U;

	return t ? t : 1U;
}

void boot_hart(uint64_t hartid, void *fdt, void *fw_info, uint64_t reset_mtvec)
	__attribute__((noreturn));
void boot_hart_relocated(uint64_t hartid, void *fdt, void *fw_info) __attribute__((noreturn));
void boot_early_fault(uint64_t cause, uint64_t epc, uint64_t tval) __attribute__((noreturn));

static void fatal(const char *what, const char *detail) __attribute__((noreturn));
static void fatal(const char *what, const char *detail)
{
	log_printf("[cordon] ERROR: %s%s%s\n[cordon] stopping the machine (exit %u)\n", what,
		   detail ? ": " : "", detail ? detail : "", CORDON_EXIT_PANIC);
	platform_exit(CORDON_EXIT_PANIC);
}

void boot_early_fault(uint64_t cause, uint64_t epc, uint64_t tval)
{
	static volatile uint32_t faulted __attribute__((section(".data")));

	/* A fault while reporting one (a console not where the board said): stop quietly. */
	if (__atomic_exchange_n(&faulted, 1U, __ATOMIC_ACQ_REL))
		for (;;)
			wfi();
	platform_early_init(NULL);
	log_printf("[cordon] ERROR: trap during boot: mcause %lx mepc %lx mtval %lx\n", cause, epc,
		   tval);
	platform_exit(CORDON_EXIT_PANIC);
}

static uint64_t cordon_base(void)
{
	return (uint64_t)(uintptr_t)_cordon_start;
}

/*
 * Where the OS's memory ends: below cordon and protect-os's bounce buffers
 * (PROTECT_BOUNCE_AREA right below cordon's region, the firmware's to use),
 * on an OS_MEMORY_ALIGN boundary.
 */
static uint64_t hidden_below(uint64_t cordon_at)
{
	return (cordon_at - PROTECT_BOUNCE_AREA) & ~(OS_MEMORY_ALIGN - 1U);
}

static uint64_t hidden_base(void)
{
	return hidden_below(cordon_base());
}

/* ---- stage 1 ----------------------------------------------------------- */

static const struct image_header *image_in_place(void)
{
	return (const struct image_header *)(uintptr_t)_payload_start;
}

/* Header, relocation table and firmware must be sound before anything is copied (image.c). */
static void check_image(const struct image_header *img, uint64_t ram_base, uint64_t dest)
{
	const char *detail, *what = image_check(img, ram_base, dest, hidden_below(dest), &detail);

	if (what)
		fatal(what, detail);
}

/* The RAM bank holding the reset vector, from the device tree. */
static void fdt_ram(const void *fdt, uint64_t *base, uint64_t *size)
{
	int node =
		fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory"));
	int len, ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	const fdt32_t *reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;

	if (!reg || ac != 2 || sc != 2 || len < 16)
		fatal("bad device tree", "no /memory node with 2-cell reg");
	/* Two cells each: property values are only 4-byte aligned (devicetree
	 * spec §5.4), and M-mode must not load a misaligned word (it traps on
	 * hardware without misaligned accesses). */
	*base = (uint64_t)fdt32_to_cpu(reg[0]) << 32 | fdt32_to_cpu(reg[1]);
	*size = (uint64_t)fdt32_to_cpu(reg[2]) << 32 | fdt32_to_cpu(reg[3]);
}

/* Copy cordon to dest and relocate it: dest + off += delta for each entry. */
static void relocate(uint64_t dest, const struct image_header *img)
{
	const uint32_t *table = image_reloc_table(img);
	uint64_t delta = dest - CORDON_LINK_BASE;

	memcpy((void *)(uintptr_t)dest, _cordon_start,
	       (size_t)((uintptr_t)_payload_start - (uintptr_t)_cordon_start));
	for (uint32_t i = 0; i < img->reloc_count; i++) {
		if (table[i] >
		    (uint64_t)((uintptr_t)_payload_start - (uintptr_t)_cordon_start) - 8U)
			fatal("firmware image is corrupt", "relocation outside cordon");
		*(uint64_t *)(uintptr_t)(dest + table[i]) += delta;
	}
	__asm__ volatile("fence.i" : : : "memory");
}

/*
 * Wait until *flag >= value without spinning: a hart that busy-waits keeps
 * its CPU (under QEMU -icount it keeps the whole round-robin slice, about
 * 100 M instructions, while the hart it waits for cannot run). The hart
 * sleeps in wfi, woken by its own CLINT timer every WAIT_US; mtimecmp and
 * mie get their reset values back, so the firmware still sees the reset state.
 * Without a CLINT it spins. Returns false if timeout_us passed first (0: none).
 */
static bool boot_wait(const volatile uint32_t *flag, uint32_t value, const void *fdt,
		      uint64_t hartid, uint64_t timeout_us)
{
	uint64_t saved_cmp = 0, saved_mie = csr_read(mie), start = 0, now;
	uint64_t timeout_ticks = 0, wait_ticks = 1;
	struct platform_clint clint;
	volatile uint64_t *mtimecmp = NULL;
	const volatile uint64_t *mtime = NULL;
	bool ok = true;

	if (__atomic_load_n(flag, __ATOMIC_ACQUIRE) >= value)
		return true; /* nothing to wait for (one hart): no CLINT lookup */
	if (platform_find_clint(fdt, &clint) == 0) {
		mtimecmp = (volatile uint64_t *)(uintptr_t)(clint.mtimecmp + 8U * hartid);
		mtime = (const volatile uint64_t *)(uintptr_t)clint.mtime;
		timeout_ticks = timeout_us ? us_ticks(timeout_us, clint.hz) : 0;
		wait_ticks = us_ticks(WAIT_US, clint.hz);
		saved_cmp = *mtimecmp;
		start = *mtime;
		csr_write(mie, MIP_MTIP);
	}
	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) < value) {
		if (!mtime)
			continue;
		now = *mtime;
		if (timeout_ticks && now - start > timeout_ticks) {
			ok = false;
			break;
		}
		*mtimecmp = now + wait_ticks;
		wfi(); /* MIE=0 in M-mode: wakes on the pending timer, takes no trap */
	}
	if (mtime) {
		*mtimecmp = saved_cmp;
		csr_write(mie, saved_mie);
	}
	return ok;
}

/*
 * The first hart past the tree's nharts that the CLINT (or ACLINT MSWI)
 * answers for, or 0. Hart IDs 0 to nharts - 1 run the firmware; a hart the
 * tree leaves out would not be waited for: started after the firmware is
 * copied over the image it runs the firmware from the reset vector, in
 * M-mode (security.md I11). QEMU's CLINT and ACLINT answer only for harts
 * the machine has (another's msip reads 0 and ignores writes), so a write
 * of 1 read back finds one; the bit is cleared again at once (the harts
 * probed have not reached cordon: a pending MSIP only ends a wfi).
 */
static unsigned clint_hart_past(uint64_t msip_base, unsigned nharts)
{
	if (!msip_base)
		return 0; /* no CLINT: stage 2 refuses the tree */
	for (unsigned n = nharts; n < MAX_HARTS; n++) {
		volatile uint32_t *msip = (volatile uint32_t *)(uintptr_t)(msip_base + 4ULL * n);
		uint32_t seen;

		*msip = 1;
		seen = *msip;
		*msip = 0;
		if (seen & 1U)
			return n;
	}
	return 0;
}

static void stage1_boot_hart(void *fdt, uint64_t hartid)
{
	const struct image_header *img = image_in_place();
	uint64_t ram_base, ram_size, dest;
	unsigned nharts, extra;
	int err;

	platform_early_init(fdt);
	err = cordon_fdt_check(fdt);
	if (err)
		fatal("bad device tree", fdt_strerror(err));
	fdt_ram(fdt, &ram_base, &ram_size);
	nharts = platform_count_harts(fdt);
	if (nharts == 0 || nharts > MAX_HARTS)
		fatal("bad device tree", "no harts, or more than MAX_HARTS");
	/* Hart IDs 0 to nharts - 1 run the firmware (boot_hart_relocated parks the others). */
	if (hartid >= nharts) {
		log_printf("[cordon] ERROR: hart %lu booted, the device tree has %u /cpus nodes\n",
			   hartid, nharts);
		fatal("bad device tree", "a hart of the machine is not in it");
	}
	/* The CLINT this hart found at reset (boot_hart): no second walk of the tree. */
	extra = clint_hart_past(reset_state[hartid].msip, nharts);
	if (extra) {
		log_printf(
			"[cordon] ERROR: the CLINT has hart %u, the device tree %u /cpus nodes\n",
			extra, nharts);
		fatal("bad device tree", "a hart of the machine is not in it");
	}
	boot.nharts = nharts; /* before the copy, which carries it */
	/* §3.7.1: a NAPOT region is naturally aligned. */
	dest = ram_base + ram_size - CORDON_SIZE;
	if ((dest & (CORDON_SIZE - 1U)) || dest < CORDON_LINK_BASE + CORDON_SIZE)
		fatal("RAM too small or not aligned for cordon's region", NULL);
	check_image(img, ram_base, dest);
	if (!boot_wait(&boot.arrived, nharts, fdt, hartid, ARRIVAL_US))
		fatal("not every hart of the device tree reached cordon", NULL);
	boot.image = (uint64_t)(uintptr_t)img;
	boot.delta = dest - CORDON_LINK_BASE;
	relocate(dest, img);
	__atomic_store_n(&boot.relocated, 1, __ATOMIC_RELEASE);
}

/* IMAGE_FLAG_STRAGGLER: the last hart waits 0.2 s before it looks at anything. */
static void straggle(const void *fdt, uint64_t hartid)
{
	static volatile uint32_t never __attribute__((section(".data")));

	if (hartid + 1U == platform_count_harts(fdt))
		(void)boot_wait(&never, 1, fdt, hartid, STRAGGLER_US);
}

/*
 * The stage-1 stacks (entry.S): BOOT_STACK_SIZE bytes per hart, each right
 * above the previous hart's, with no guard between them: an overflow
 * writes over the neighbour's live frames (a struct scan of 1.2 KiB did, in
 * a development version: 4-hart boots faulted at random addresses). Each
 * hart paints the part below its frames at entry and checks the paint
 * before it leaves the stack: an overflow that got past its bottom stops
 * the machine with its cause, and the depth used is kept for the
 * statistics (boot_stack_high_water).
 */
#define BOOT_STACK_PAINT 0xb007574c4b5eedULL
extern char boot_stacks[];

static uint64_t *boot_stack_of(uint64_t hartid)
{
	return (uint64_t *)(uintptr_t)(boot_stacks + hartid * BOOT_STACK_SIZE);
}

/* Below the caller's frame: the words from the bottom up to 64 bytes under sp. */
static void __attribute__((noinline)) boot_stack_paint(uint64_t hartid)
{
	uint64_t *s = boot_stack_of(hartid), sp;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	for (unsigned w = 0; w < BOOT_STACK_SIZE / 8U && (uint64_t)(uintptr_t)&s[w] + 64U < sp; w++)
		s[w] = BOOT_STACK_PAINT;
}

static void boot_stack_check(uint64_t hartid)
{
	const uint64_t *s = boot_stack_of(hartid);
	unsigned w = 0;

	while (w < BOOT_STACK_SIZE / 8U && s[w] == BOOT_STACK_PAINT)
		w++;
	/* Into the relocated copy: this one, at the link address, is left behind. */
	((struct reset_csrs *)(uintptr_t)((uintptr_t)&reset_state[hartid] + boot.delta))
		->boot_stack_used = BOOT_STACK_SIZE - 8U * w;
	if (w == 0)
		fatal("a hart's stage-1 stack overflowed (BOOT_STACK_SIZE, config.h)", NULL);
}

unsigned boot_stack_high_water(void)
{
	unsigned most = 0;

	for (unsigned i = 0; i < machine.nharts && i < MAX_HARTS; i++)
		if (reset_state[i].boot_stack_used > most)
			most = reset_state[i].boot_stack_used;
	return most;
}

void boot_hart(uint64_t hartid, void *fdt, void *fw_info, uint64_t reset_mtvec)
{
	struct reset_csrs *r = &reset_state[hartid];

	boot_stack_paint(hartid);

	r->mstatus = csr_read(mstatus);
	r->mtvec = reset_mtvec;
	r->medeleg = csr_read(medeleg);
	r->mideleg = csr_read(mideleg);
	r->mie = csr_read(mie);
	{
		struct platform_clint c;
		if (platform_find_clint(fdt, &c) == 0) {
			r->mtimecmp = *(volatile uint64_t *)(uintptr_t)(c.mtimecmp + 8U * hartid);
			r->msip = c.msip;
		}
	}

	__atomic_fetch_add(&boot.arrived, 1, __ATOMIC_ACQ_REL);
	if (__atomic_exchange_n(&boot.lottery, 1, __ATOMIC_ACQ_REL) == 0) {
		stage1_boot_hart(fdt, hartid);
	} else {
		if (image_in_place()->flags & IMAGE_FLAG_STRAGGLER)
			straggle(fdt, hartid);
		(void)boot_wait(&boot.relocated, 1, fdt, hartid, 0);
	}
	boot_stack_check(hartid);
	__asm__ volatile("fence.i" : : : "memory");
	reloc_jump(boot.delta, hartid, fdt, fw_info);
}

/* ---- stage 2 ----------------------------------------------------------- */

/*
 * Hide cordon's memory: cut it off the end of the /memory bank, from
 * hidden_base() so that the bank stays megapage-aligned. Nothing else: the
 * memory is not RAM for the firmware or the OS any more, and PMP entry 0
 * denies it. (A /reserved-memory node on top cost 1.2 M instructions of boot,
 * half of them in OpenSBI's many walks over the tree, and protected nothing.)
 * In place when the bank's reg has the root's usual 2+2 cells.
 */
static void hide_in_fdt(void *fdt)
{
	uint64_t size = plat.ram_size - (plat.ram_base + plat.ram_size - hidden_base());
	fdt32_t reg[4];
	int mem = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory"));
	int err;

	reg[0] = cpu_to_fdt32((uint32_t)(plat.ram_base >> 32));
	reg[1] = cpu_to_fdt32((uint32_t)plat.ram_base);
	reg[2] = cpu_to_fdt32((uint32_t)(size >> 32));
	reg[3] = cpu_to_fdt32((uint32_t)size);
	if (mem < 0 || fdt_address_cells(fdt, 0) != 2 || fdt_size_cells(fdt, 0) != 2)
		fatal("cannot shrink /memory", "no memory node, or not 2 address and 2 size cells");
	if (fdt_setprop_inplace(fdt, mem, "reg", reg, sizeof(reg)) == 0)
		return;
	err = fdt_open_into(fdt, fdt, (int)fdt_totalsize(fdt) + 64);
	if (err || fdt_setprop(fdt, mem, "reg", reg, sizeof(reg)))
		fatal("cannot shrink /memory", err ? fdt_strerror(err) : NULL);
}

/*
 * The boot ROM's fw_dynamic_info (a2), passed on to the firmware untouched:
 * QEMU fills it in with the -kernel payload's address and mode.
 */
struct fw_dynamic_info {
	uint64_t magic;
	uint64_t version;
	uint64_t next_addr;
	uint64_t next_mode;
	/* options, boot_hart (version 2): not used */
};
#define FW_DYNAMIC_INFO_MAGIC 0x4942534fULL /* "OSBI" */

static void print_payload(const struct fw_dynamic_info *info)
{
	uint64_t addr = (uint64_t)(uintptr_t)info;

	if (addr >= plat.ram_base && addr < plat.ram_base + plat.ram_size)
		return; /* not the boot ROM's: nothing known */
	if (info == NULL || info->magic != FW_DYNAMIC_INFO_MAGIC || info->version == 0 ||
	    info->next_addr == 0)
		log_printf("[cordon] payload       : none announced by the boot ROM\n");
	else
		log_printf(
			"[cordon] payload       : at %lx in %s-mode (boot ROM's fw_dynamic_info)\n",
			info->next_addr,
			info->next_mode == PRV_S   ? "S"
			: info->next_mode == PRV_U ? "U"
						   : "M");
}

static void print_banner(const struct fw_dynamic_info *info)
{
	log_printf("[cordon] cordon virtual firmware monitor\n");
	log_printf("[cordon] platform      : %s, %u hart(s), RAM %lx-%lx\n", plat.name, plat.nharts,
		   plat.ram_base, plat.ram_base + plat.ram_size - 1);
	log_printf("[cordon] console/reset : %s / %s\n", plat.console, plat.reset);
	log_printf("[cordon] cordon memory : %lx-%lx (PMP %u); %lx-%lx cut from /memory\n",
		   cordon_base(), cordon_base() + CORDON_SIZE - 1, pmp_layout.cordon, hidden_base(),
		   plat.ram_base + plat.ram_size - 1);
	log_printf("[cordon] CLINT         : msip %lx, mtimecmp %lx, mtime %lx at %lu Hz\n",
		   machine.clint.msip, machine.clint.mtimecmp, machine.clint.mtime,
		   machine.clint.hz);
	log_printf("[cordon]                 msip, mtimecmp at %lx-%lx: PMP %u, emulated\n",
		   machine.clint_base, machine.clint_base + machine.clint_size - 1,
		   pmp_layout.clint);
	if (machine.reset_size && pmp_layout.reset != PMP_IDX_NONE)
		log_printf("[cordon] reset device  : %lx-%lx (PMP %u, watched%s)\n",
			   machine.reset_base, machine.reset_base + machine.reset_size - 1,
			   pmp_layout.reset,
			   (machine.flags & IMAGE_FLAG_STATS) ? ", statistics at stop" : "");
	else if (machine.reset_size)
		log_printf("[cordon] reset device  : %lx-%lx (not watched: no PMP entry left)\n",
			   machine.reset_base, machine.reset_base + machine.reset_size - 1);
	if (machine.flags & IMAGE_FLAG_OFFLOAD)
		log_printf("[cordon] offload       : on (SBI set_timer, send_ipi, remote fences, "
			   "misaligned AMO answered by cordon)\n");
	log_printf("[cordon] firmware      : %s at %lx, %lu bytes, entry %lx, crc32 %08x\n",
		   image->name, image->load_addr, image->size, image->entry, image->crc32);
	print_payload(info);
	if (machine.flags & IMAGE_FLAG_MEASURE) {
		measure_print();
		measure_print_allowlist();
	}
	log_printf(
		"[cordon] virtual PMP   : %u entries at PMP %u-%u, catch-all PMP %u (%u probed)\n",
		pmp_layout.nvpmp, pmp_layout.vpmp, pmp_layout.vpmp + pmp_layout.nvpmp - 1U,
		pmp_layout.catchall, pmp_layout.probed);
	log_printf("[cordon] hardware      : misa %lx%s%s, %u debug triggers (tinfo %lx)\n",
		   hw.misa, hw.has_h ? ", H" : "", hw.has_sstc ? ", Sstc" : "", hw.trig_count,
		   hw.trig_tinfo);
}

/*
 * The part of the CLINT cordon traps: the smallest naturally aligned power
 * of two (one NAPOT PMP entry) covering every hart's msip and mtimecmp
 * (QEMU virt, sifive_u and spike: 0x2000000-0x2007fff). mtime must stay
 * outside: the OS reads it directly where the firmware lets it (platform.h).
 */
static const char *clint_trap_region(struct machine *m)
{
	uint64_t lo = m->clint.msip < m->clint.mtimecmp ? m->clint.msip : m->clint.mtimecmp;
	uint64_t msip_end = m->clint.msip + 4ULL * m->nharts;
	uint64_t cmp_end = m->clint.mtimecmp + 8ULL * m->nharts;
	uint64_t hi = msip_end > cmp_end ? msip_end : cmp_end, size = 8;

	if ((m->clint.msip | m->clint.mtimecmp) & 7U || hi < lo)
		return "msip or mtimecmp misaligned, or wrapping around";
	while (size && (lo & ~(size - 1)) + size < hi)
		size <<= 1;
	if (!size || size > (1ULL << 30))
		return "msip and mtimecmp too far apart for one PMP entry";
	m->clint_base = lo & ~(size - 1);
	m->clint_size = size;
	if (m->clint.mtime - m->clint_base < size)
		return "mtime lies between the msip and mtimecmp registers";
	return NULL;
}

static void stage2_boot_hart(struct hart *h, void *fdt, const struct fw_dynamic_info *info)
{
	const char *why = NULL;

	const struct image_header *in_image = (const struct image_header *)(uintptr_t)boot.image;
	const void *fw_bytes = image_fw_bytes(in_image);

	memset(_bss_start, 0, (size_t)((uintptr_t)_bss_end - (uintptr_t)_bss_start));
	image_copy = *in_image;
	platform_early_init(fdt);
	plat.want_mmio_above = (image->flags & IMAGE_FLAG_PROTECT) != 0; /* protect-os's report */
	if (platform_init(fdt, &plat, &why))
		fatal("bad device tree", why);
	/* The per-hart state (link.ld: .stage2_bss), for the harts there are. */
	if (plat.nharts == 0 || plat.nharts > MAX_HARTS)
		fatal("bad device tree", "no harts, or more than MAX_HARTS");
	memset(harts, 0, plat.nharts * sizeof(harts[0]));
	/*
	 * Every hart's identity before any firmware runs: another hart's
	 * firmware may write its msip (offload: clint_set_msip(t->hartid)) while
	 * it is still in boot_wait below. Set by each hart itself, it was 0
	 * until then, and such an IPI went to hart 0 instead: the target slept
	 * on in the firmware's wfi (issue 9, the attack_mmio_race flake).
	 */
	for (unsigned j = 0; j < plat.nharts; j++)
		harts[j].hartid = j;
	machine.nharts = plat.nharts;
	machine.clint = plat.clint;
	why = clint_trap_region(&machine);
	if (why)
		fatal("unsupported CLINT layout", why);
	machine.flags = image->flags;
	/* NAPOT needs a naturally aligned power of two: the sifive,test page is. */
	if (plat.reset_size && !(plat.reset_size & (plat.reset_size - 1)) &&
	    !(plat.reset_base & (plat.reset_size - 1))) {
		machine.reset_base = plat.reset_base;
		machine.reset_size = plat.reset_size;
	}
	csr_write(mscratch, h);
	csr_write(mtvec, trap_vector);
	if (!hw_probe_hart(h))
		fatal("more kinds of harts than cordon keeps (HW_KINDS)", NULL);
	boot_caps = h->caps;
	if (pmp_layout_compute(hw.pmp_count, machine.reset_size != 0,
			       (image->flags & IMAGE_FLAG_PROTECT) != 0, &pmp_layout)) {
		log_printf(
			"[cordon] ERROR: %u PMP entries: cordon needs 4%s, the firmware at least "
			"%u\n",
			hw.pmp_count, (image->flags & IMAGE_FLAG_PROTECT) ? " (protect-os: 7)" : "",
			VPMP_ENTRIES_MIN);
		fatal("too few PMP entries", "docs/architecture.md, Memory and PMP");
	}
	hide_in_fdt(fdt);
	measure_boot(image, fw_bytes, fdt, plat.ram_base, plat.ram_size, cordon_base(),
		     CORDON_SIZE);
	why = policy_init(image, &plat, cordon_base());
	if (why)
		fatal("the image's policies cannot run", why);
	/* The firmware's mtimecmp at reset: the other harts sleep on theirs in boot_wait now. */
	for (unsigned j = 0; vclint_on && j < plat.nharts; j++)
		harts[j].clint.fw_mtimecmp = reset_state[j].mtimecmp;
	handover_pending = (image->flags & (IMAGE_FLAG_MEASURE | IMAGE_FLAG_PROTECT)) != 0;
	firmware_entry = image->entry;
	/* Over the image's start, cordon's link-time copy included: no hart runs there (boot.in_copy). */
	memmove((void *)(uintptr_t)image->load_addr, fw_bytes, image->size);
	print_banner(info);
}

/* The hart's virtual M-mode at reset: the hardware's own reset values. */
static void reset_vcpu(struct hart *h, const struct reset_csrs *r)
{
	h->v = (struct vcpu){ 0 };
	h->v.mstatus = r->mstatus & ~(MSTATUS_SHARED | MSTATUS_SD); /* never stored (vcsr.h) */
	h->v.mtvec = r->mtvec;
	h->v.medeleg = r->medeleg;
	h->v.mideleg = r->mideleg;
	h->v.mie = r->mie;
	/* The triggers as the hardware's reset left them (none can fire). */
	h->trig = (struct vtrig){ 0 };
	h->trig_active = 0;
	for (unsigned i = 0; i < hw.trig_count; i++)
		h->trig.tdata1[i] = hw.trig_reset;
}

static void setup_pmp_addresses(void)
{
	const struct pmp_layout *l = &pmp_layout;

	/* The OS's pair (protect-os sets it at the hand-over), the spacer, the virtual entries: 0. */
	for (unsigned i = 0; i < l->nphys; i++)
		hw_write_pmpaddr(i, 0);
	hw_write_pmpaddr(l->cordon, pmp_napot_addr(cordon_base(), CORDON_SIZE));
	hw_write_pmpaddr(l->clint, pmp_napot_addr(machine.clint_base, machine.clint_size));
	if (l->reset != PMP_IDX_NONE && machine.reset_size)
		hw_write_pmpaddr(l->reset, pmp_napot_addr(machine.reset_base, machine.reset_size));
	hw_write_pmpaddr(l->catchall, ~0ULL);
}

/*
 * A hart the device tree does not count (its ID at or past the number of
 * /cpus nodes; below MAX_HARTS, entry.S parks the rest) never runs the
 * firmware: no loop over machine.nharts (protect-os's hand-over and
 * epoch, offload's IPIs and fences, the virtual CLINT) would cover it, so
 * a firmware there would keep the OS's memory open (security.md I11). It
 * sleeps in cordon's copy for good, interrupts off, and does not count
 * toward in_copy (the image it left may then be overwritten).
 */
static __attribute__((noreturn)) void park_unlisted(uint64_t hartid)
{
	log_printf("[cordon] hart %lu is not in the device tree (%u /cpus nodes): parked\n", hartid,
		   boot.nharts);
	csr_write(mie, 0);
	for (;;)
		wfi();
}

void boot_hart_relocated(uint64_t hartid, void *fdt, void *fw_info)
{
	struct hart *h = &harts[hartid];

	if (hartid >= boot.nharts)
		park_unlisted(hartid);
	__atomic_fetch_add(&boot.in_copy, 1, __ATOMIC_ACQ_REL);
	if (boot.lottery == 1 && __atomic_exchange_n(&boot.lottery, 2, __ATOMIC_ACQ_REL) == 1) {
		/*
		 * No hart may still run in the image at the reset vector once the
		 * firmware is copied there and started: the firmware and the OS
		 * own that memory (Linux allocates the pages below its kernel),
		 * and a late hart still waiting there in stage 1 had its flag,
		 * stack or code overwritten and was lost for good (issue 9:
		 * 1 in ~7 8-hart boots on a loaded host; docs/architecture.md).
		 */
		if (!boot_wait(&boot.in_copy, platform_count_harts(fdt), fdt, hartid, ARRIVAL_US))
			fatal("a hart did not reach cordon's relocated copy", NULL);
		stage2_boot_hart(h, fdt, fw_info);
		__atomic_store_n(&boot.cold_boot_done, 1, __ATOMIC_RELEASE);
	} else {
		(void)boot_wait(&boot.cold_boot_done, 1, fdt, hartid, 0);
		/* The straggler dawdles again once the firmware runs elsewhere. */
		if (image->flags & IMAGE_FLAG_STRAGGLER)
			straggle(fdt, hartid);
	}
	h->stack_top = (uint64_t)(uintptr_t)(hart_stacks + (hartid + 1) * HART_STACK_SIZE);
	csr_write(mscratch, h);
	csr_write(mtvec, trap_vector); /* before the probes: their guarded accesses trap there */
	/*
	 * Each hart's own WARL rules (a board may mix kinds: FU540's E51 has
	 * no S-mode, FPU or MMU beside U54s). The physical PMP layout is the
	 * boot hart's: every hart needs as many entries.
	 */
	if (!h->caps && !hw_probe_hart(h))
		fatal("more kinds of harts than cordon keeps (HW_KINDS)", NULL);
	if (hw.pmp_count != boot_caps->pmp_count) {
		log_printf("[cordon] ERROR: hart %lu: %u PMP entries, the boot hart %u\n", hartid,
			   hw.pmp_count, boot_caps->pmp_count);
		fatal("harts with different PMP entry counts are not supported", "docs/porting.md");
	}
	reset_vcpu(h, &reset_state[hartid]);
	setup_pmp_addresses();
	h->regs[10] = hartid;
	h->regs[11] = (uint64_t)(uintptr_t)fdt;
	h->regs[12] = (uint64_t)(uintptr_t)fw_info;
	h->pc = firmware_entry;
	__asm__ volatile("fence.i" : : : "memory");
	monitor_start_firmware(h);
}
